import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { FILE_HEADER, HEADER, ROWS } from "../src/table.mjs";

const CLI = fileURLToPath(new URL("../src/cli.mjs", import.meta.url));
const run = promisify(execFile);
// Rows that compare the three variants; the mock and pipeline rows measure only this repository.
const COMPARED = /^(bundle|install|per call)/;

function cells(line: string): string[] {
  return line
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function asNumber(cell: string | undefined): number {
  return cell === undefined || cell === "–" ? Number.NaN : Number(cell.replaceAll(",", ""));
}

describe("pnpm bench", () => {
  // Guards against the benchmark rotting, not against slowness: it asserts no timing.
  it("--quick prints one table with a finite figure for every variant in every row", { timeout: 180_000 }, async () => {
    const { stdout } = await run(process.execPath, [CLI, "--quick"], { maxBuffer: 1 << 20 });
    const [mainTable = "", fileTable = ""] = stdout.split("\n\n").filter((block) => block.startsWith("| "));
    const [header, separator, ...rows] = mainTable.split("\n").map(cells);
    expect(header).toEqual(HEADER);
    expect(separator?.every((cell) => cell === "---")).toBe(true);
    expect(rows.map((row) => row[0])).toEqual(ROWS.map((row) => row.label));
    for (const row of rows) {
      const label = String(row[0]);
      const [ours, stytch, floor] = row.slice(2, 5).map(asNumber);
      expect(Number.isFinite(ours), `${label}: @sms-otp/client`).toBe(true);
      if (COMPARED.test(label)) {
        expect(Number.isFinite(stytch), `${label}: stytch`).toBe(true);
        expect(Number.isFinite(floor), `${label}: fetch`).toBe(true);
      }
    }
    const targets = rows.map((row) => row[7]).filter(Boolean);
    expect(targets).toHaveLength(ROWS.filter((row) => row.target).length);
    for (const target of targets) expect(target).toMatch(/: (met|not met)$/);

    // The client's bundle broken down by file: openapi-fetch and each module of the wrapper, with their bytes.
    const [fileHeader, , ...files] = fileTable.split("\n").map(cells);
    expect(fileHeader).toEqual(FILE_HEADER);
    const names = files.map((file) => file[0]);
    expect(names).toContain("openapi-fetch (dependency)");
    expect(names).toContain("@sms-otp/client dist/client.js");
    for (const file of files) expect(asNumber(file[1]), String(file[0])).toBeGreaterThan(0);
  });

  // Starting node can take several seconds on a loaded machine; the default 5 s is not about the CLI.
  it("rejects an unknown flag with one line on stderr", { timeout: 30_000 }, async () => {
    const failure = await run(process.execPath, [CLI, "--fast"]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split("\n")).toHaveLength(1);
    expect(failure?.stderr).toMatch(/^bench: .*--fast/);
  });
});
