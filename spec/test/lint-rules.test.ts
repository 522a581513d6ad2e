import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixturesDir = join(specDir, "test", "fixtures");
const redocly = join(specDir, "node_modules", ".bin", "redocly");

// A fixture is named after the one rule it breaks: `rule-foo.yaml` breaks `rule/foo`, `sms-otp-foo.yaml` breaks the
// plugin rule `sms-otp/foo`, `no-unused-components.yaml` breaks the built-in rule of that name. `valid.yaml` breaks none.
const OWN_RULE_PREFIXES = ["rule", "sms-otp"];
const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith(".yaml") && f !== "valid.yaml");
const ruleIdOf = (fixture: string) => fixture.replace(/\.yaml$/, "").replace(new RegExp(`^(${OWN_RULE_PREFIXES.join("|")})-`), "$1/");

interface LintProblem {
  ruleId: string;
  location: { source: { ref: string } }[];
}

let problemsByFile: Map<string, string[]>;

beforeAll(async () => {
  const files = ["valid.yaml", ...fixtures].map((f) => join(fixturesDir, f));
  // redocly exits 1 when it finds problems, which is the point here: read its report either way.
  const { stdout } = await promisify(execFile)(
    redocly,
    ["lint", "--config", join(specDir, "redocly.yaml"), "--format", "json", ...files],
    { cwd: specDir, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  // With several files, the json format prints one report per file, back to back.
  const reports = JSON.parse(`[${stdout.replace(/^\}\{/gm, "},{")}]`) as { problems: LintProblem[] }[];
  problemsByFile = new Map();
  for (const problem of reports.flatMap((report) => report.problems)) {
    const file = relative(fixturesDir, join(specDir, problem.location[0]!.source.ref));
    problemsByFile.set(file, [...(problemsByFile.get(file) ?? []), problem.ruleId]);
  }
}, 60_000);

describe("redocly.yaml lint rules", () => {
  it("passes the valid fixture that every other fixture starts from", () => {
    expect(problemsByFile.get("valid.yaml") ?? []).toEqual([]);
  });

  it.each(fixtures)("%s fails with its rule and no other", (fixture) => {
    const ruleIds = problemsByFile.get(fixture) ?? [];
    expect(ruleIds.length).toBeGreaterThan(0);
    expect(new Set(ruleIds)).toEqual(new Set([ruleIdOf(fixture)]));
  });

  it("has a fixture for every rule of this repository", () => {
    const config = parse(readFileSync(join(specDir, "redocly.yaml"), "utf8")) as { rules: Record<string, unknown> };
    const ownRules = Object.keys(config.rules).filter((id) => OWN_RULE_PREFIXES.some((prefix) => id.startsWith(`${prefix}/`)));
    expect(ownRules.length).toBeGreaterThan(0);
    expect(ownRules.filter((id) => !fixtures.map(ruleIdOf).includes(id))).toEqual([]);
  });
});
