import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../src/mock-throughput.mjs", import.meta.url));

describe("node src/mock-throughput.mjs", () => {
  // Guards against the benchmark rotting, not against slowness: it asserts no timing.
  it("--quick prints one row per server and per stateful workload, each with a finite figure in every column", { timeout: 400_000 }, async () => {
    // The mock's lasting CA goes to a directory of the test's, never the user's cache.
    const caDir = mkdtempSync(join(tmpdir(), "sms-otp-bench-ca-"));
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, "--quick"], {
      env: { ...process.env, SMS_OTP_MOCK_CA_DIR: caDir },
    }).finally(() => rmSync(caDir, { recursive: true, force: true }));
    const [servers_, stateful, manySends] = stdout.trim().split("\n\n").map((table) =>
      table.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| ---")).map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim())),
    );
    const [header, ...servers] = servers_ ?? [];
    expect(header?.[0]).toBe("server");
    expect(servers.map((row) => row[0])).toEqual([
      "bare Prism 5.14 CLI (before)",
      "Prism CLI behind a pass-through proxy",
      "@sms-otp/mock, Prism as a library (after)",
    ]);
    for (const row of servers) {
      const figures = row.slice(1, 8).map((cell) => Number(cell.replaceAll(",", "")));
      expect(figures.every(Number.isFinite), row.join(" | ")).toBe(true);
    }
    // Issue 17's stateful workloads: the stateful send, the flow, and many sends in one project.
    expect(stateful?.slice(1).map((row) => row[0])).toEqual([
      "send to a known User (the stateful rules answer)",
      "flow: send → read the code → authenticate with a session",
    ]);
    expect(manySends?.[1]?.[0]).toBe("@sms-otp/mock");
    for (const row of [...(stateful ?? []).slice(1), ...(manySends ?? []).slice(1)]) {
      const figures = row.slice(1).map((cell) => Number(cell.replaceAll(",", "")));
      expect(figures.every(Number.isFinite), row.join(" | ")).toBe(true);
    }
  });
});
