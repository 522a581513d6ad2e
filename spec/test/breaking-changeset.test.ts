// Releases: `pnpm changeset:check` (a spec change needs a changeset for @sms-otp/client of at least the bump that
// redocly diff rates it), and info.version of the spec moving with the client's version.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, it } from "vitest";
import { parse } from "yaml";
import { ScratchRepo, fixture, pullRequest, removeAfterTest, specDir } from "./breaking-helpers.js";

// Each test runs redocly, close to a second of CPU per run, one to three times; on a busy 2-core machine that
// exceeds the default 5 s.
const slow = { timeout: 60_000 };
const changeset = (bumps: string) => `---\n${bumps}\n---\n\nWhat changed, for the changelog.\n`;

describe("pnpm changeset:check", slow, () => {
  it.concurrent.for([
    {
      when: "a minor spec change has no changeset",
      fixture: "add-optional-response-property",
      changesets: {},
      outcome: "fails",
    },
    {
      when: "a minor spec change has only a patch changeset",
      fixture: "add-optional-response-property",
      changesets: { "a.md": '"@sms-otp/client": patch', "b.md": '"@sms-otp/other": major' },
      outcome: "fails",
    },
    {
      when: "a minor spec change has a minor changeset",
      fixture: "add-optional-response-property",
      changesets: { "a.md": '"@sms-otp/client": patch', "b.md": '"@sms-otp/client": minor' },
      outcome: "passes",
    },
    {
      when: "a major spec change has a major changeset",
      fixture: "remove-response-property",
      changesets: { "a.md": '"@sms-otp/client": major' },
      outcome: "passes",
    },
  ])("$outcome when $when", async ({ fixture: name, changesets, outcome }, context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, pullRequest(name));
    // The README is not a changeset, however large a bump its example shows.
    repo.write(".changeset/README.md", changeset('"@sms-otp/client": major')).commit("readme");
    for (const [file, bumps] of Object.entries(changesets)) repo.write(`.changeset/${file}`, changeset(bumps));
    // With two changesets, one is committed and one not yet: both count.
    if (Object.keys(changesets).length > 1) {
      repo.git("add", ".changeset/a.md");
      repo.git("commit", "--quiet", "--message", "changeset a");
    }

    const { code, stdout, stderr } = await repo.run("check-changeset");

    expect(code).toBe(outcome === "passes" ? 0 : 1);
    const output = outcome === "passes" ? stdout : stderr;
    expect(output.trim().split("\n")).toHaveLength(1);
    expect(output.trim()).toMatch(
      outcome === "passes"
        ? /^changeset:check: the spec change since main is \w+ \(redocly diff\); found \w+ in \.changeset\/\w+\.md/
        : /^changeset:check: .*; add a changeset that bumps @sms-otp\/client minor or more \(pnpm changeset\)\.$/,
    );
  });

  it.concurrent("passes a branch without a contract change, like a release bumping info.version", async (context) => {
    const { expect } = context;
    const base = fixture("add-error-example", "base");
    const repo = removeAfterTest(context, new ScratchRepo().write("spec/openapi.yaml", base).commit("base"));
    repo.write("spec/openapi.yaml", base.replace("version: 1.0.0", "version: 1.1.0"));

    const { code, stdout } = await repo.run("check-changeset");

    expect(stdout).toContain("has no contract change since main");
    expect(code).toBe(0);
  });

  it("fails with one line on a changeset without front matter", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, pullRequest("add-error-example"));
    repo.write(".changeset/oops.md", "Forgot the front matter.\n");

    const { code, stderr } = await repo.run("check-changeset");

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      "changeset:check: .changeset/oops.md is not a changeset: it must start with a --- front matter block.",
    );
  });
});

describe("info.version and the client's version", slow, () => {
  const readClientVersion = (root: string) =>
    (JSON.parse(readFileSync(join(root, "packages", "client", "package.json"), "utf8")) as { version: string }).version;
  const readInfoVersion = (root: string) =>
    (parse(readFileSync(join(root, "spec", "openapi.yaml"), "utf8")) as { info: { version: string } }).info.version;

  it("are equal, so the release of the client names the contract it was generated from", ({ expect }) => {
    const root = join(specDir, "..");
    expect(readInfoVersion(root)).toBe(readClientVersion(root));
  });

  it("scripts/sync-spec-version.mjs writes the client's version into the spec and VERSION, and nothing else", async ({
    expect,
    onTestFinished,
  }) => {
    const root = join(specDir, "..");
    const scratch = mkdtempSync(join(tmpdir(), "sms-otp-sync-version-"));
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    const copied = ["spec/openapi.yaml", "packages/client/src/version.ts"];
    for (const file of copied) cpSync(join(root, file), join(scratch, file));
    writeFileSync(join(scratch, "packages", "client", "package.json"), JSON.stringify({ version: "2.0.0" }));
    const sync = () => promisify(execFile)(process.execPath, [join(root, "scripts", "sync-spec-version.mjs"), scratch]);

    const first = await sync();
    const second = await sync();

    expect(readInfoVersion(scratch)).toBe("2.0.0");
    const changedLines = copied.flatMap((file) => {
      const before = readFileSync(join(root, file), "utf8").split("\n");
      return readFileSync(join(scratch, file), "utf8")
        .split("\n")
        .filter((line, i) => line !== before[i]);
    });
    expect(changedLines).toEqual(["  version: 2.0.0", 'export const VERSION = "2.0.0";']);
    expect(first.stdout).toMatch(/info\.version \S+ -> 2\.0\.0\n.*VERSION \S+ -> 2\.0\.0/);
    expect(second.stdout).toContain("already 2.0.0");
  });
});
