import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import {
  ScratchRepo,
  breakingFixturesDir,
  fixture,
  pullRequest,
  ratingOf,
  removeAfterTest,
} from "./breaking-helpers.js";

// Each fixture folder holds a base.yaml and a revision.yaml that differ by one change. `rules` are the diff rules
// (spec/scripts/redocly-diff.yaml) that a major change must be reported under.
const cases = [
  { name: "remove-response-property", rating: "major", rules: ["property-removed", "required-properties-removed"] },
  { name: "narrow-expiration-minutes", rating: "major", rules: ["schema-constraint-changed"] },
  { name: "require-optional-request-field", rating: "major", rules: ["required-properties-added"] },
  { name: "remove-operation", rating: "major", rules: ["path-removed"] },
  { name: "add-optional-response-property", rating: "minor", rules: [] },
  { name: "add-error-example", rating: "minor", rules: [] },
  // A bound of a request field may widen: every request that was valid stays valid.
  { name: "widen-expiration-minutes", rating: "patch", rules: [] },
];

// Each test runs redocly, close to a second of CPU per run, one to three times; on a busy 2-core machine that
// exceeds the default 5 s.
const slow = { timeout: 60_000 };
const lines = (text: string) => text.trim().split("\n");

describe("pnpm breaking on a pull-request branch", slow, () => {
  it("has a case for every fixture", ({ expect }) => {
    expect(readdirSync(breakingFixturesDir).sort()).toEqual(cases.map(({ name }) => name).sort());
  });

  it.concurrent.for(cases)("$name is rated $rating", async ({ name, rating, rules }, context) => {
    const { expect } = context;
    const { code, stdout, stderr } = await removeAfterTest(context, pullRequest(name)).run("breaking");

    expect(ratingOf(stdout)).toBe(rating);
    expect(code).toBe(rating === "major" ? 1 : 0);
    for (const rule of rules) expect(stdout).toContain(`(${rule})`);
    expect(stderr).toContain("comparing spec/openapi.yaml at main with the working tree");
    expect(stderr).toContain(rating === "major" ? "Diff failed with" : "Diff passed");
  });
});

describe("pnpm breaking options", slow, () => {
  it.concurrent("--format markdown writes a job-summary table; origin/main is the default base", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, pullRequest("narrow-expiration-minutes"));
    repo.git("update-ref", "refs/remotes/origin/main", "main");

    const { code, stdout, stderr } = await repo.run("breaking", ["--format", "markdown"]);

    expect(code).toBe(1);
    expect(stdout).toMatch(/^## API diff: origin-main\.yaml → working-tree\.yaml/);
    expect(stdout).toMatch(/\| 🔴 major \| modified \| .*expiration_minutes · maximum/);
    expect(stderr).toContain("at origin/main with the working tree");
  });

  it.concurrent("--check-version fails until info.version is bumped as far as the changes require", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, pullRequest("add-optional-response-property"));

    const unbumped = await repo.run("breaking", ["--check-version"]);
    repo.write("spec/openapi.yaml", fixture("add-optional-response-property", "revision").replace("1.0.0", "1.1.0"));
    const bumped = await repo.run("breaking", ["--check-version"]);

    expect(unbumped.code).toBe(1);
    expect(unbumped.stderr).toContain("info.version stayed 1.0.0, but these changes require a minor bump (1.1.0)");
    expect(bumped.code).toBe(0);
  });

  it.concurrent("compares with where the branch left the base, not with the base's newer commits", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, pullRequest("add-optional-response-property"));
    repo.git("switch", "--quiet", "main");
    // Were main's new tip the base, the branch would look as if it removed this path again: a major change.
    const withNewPath = fixture("add-optional-response-property", "base").replace("paths:", "paths:\n  /v1/new: {}");
    repo.write("spec/openapi.yaml", withNewPath);
    repo.commit("main moves on").git("switch", "--quiet", "change");

    const { code, stdout, stderr } = await repo.run("breaking", ["--base", "main"]);

    expect(stderr).toMatch(/at main \(merge base [0-9a-f]{7}\) with the working tree/);
    expect(ratingOf(stdout)).toBe("minor");
    expect(code).toBe(0);
  });

  it.concurrent("--allow-planned-major passes a major change that comes with a major changeset", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, pullRequest("remove-operation"));
    repo.write(".changeset/drop-b2b.md", '---\n"@sms-otp/client": major\n---\n\nDrop the B2B endpoint.\n');

    const { code, stdout, stderr } = await repo.run("breaking", ["--allow-planned-major"]);

    expect(ratingOf(stdout)).toBe("major");
    expect(stderr).toContain(".changeset/drop-b2b.md bumps @sms-otp/client major");
    expect(code).toBe(0);
  });
});

describe("pnpm breaking errors: one line on stderr, exit code 2", slow, () => {
  const spec = fixture("narrow-expiration-minutes", "base");

  it.concurrent.for([
    { when: "the base ref does not exist", args: ["--base", "nope"], error: 'base ref "nope" does not exist' },
    { when: "the base ref has no spec", args: ["--base", "v0"], error: 'base ref "v0" has no spec/openapi.yaml' },
    { when: "the base ref looks like an option", args: ["--base=--output=x"], error: '"--output=x" is not a git ref' },
    { when: "the format is unknown", args: ["--format", "pdf"], error: 'unknown --format "pdf"' },
    { when: "an option is unknown", args: ["--bsae", "main"], error: "Unknown option '--bsae'" },
  ])("when $when", async ({ args, error }, context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, new ScratchRepo().write("README.md", "No spec yet.\n").commit("readme"));
    repo.git("tag", "v0");
    repo.write("spec/openapi.yaml", spec).commit("spec");

    const { code, stdout, stderr } = await repo.run("breaking", args);

    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(lines(stderr)).toEqual([expect.stringContaining(`breaking: ${error}`)]);
  });

  it("when neither origin/main nor main exists", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, new ScratchRepo().write("spec/openapi.yaml", spec).commit("spec"));
    repo.git("branch", "--move", "trunk");

    const { code, stderr } = await repo.run("breaking");

    expect(code).toBe(2);
    expect(lines(stderr)).toEqual(["breaking: neither origin/main nor main exists here; pass --base <git-ref>."]);
  });

  it("when git is missing", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, new ScratchRepo());

    const { code, stderr } = await repo.run("breaking", [], { PATH: "" });

    expect(code).toBe(2);
    expect(lines(stderr)).toEqual(["breaking: git is not installed or not on PATH."]);
  });

  it("when the working tree has no spec, or is no git repository", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, new ScratchRepo().write("spec/openapi.yaml", spec).commit("spec"));
    repo.git("rm", "--quiet", "spec/openapi.yaml");
    const noSpec = await repo.run("breaking");
    rmSync(join(repo.dir, ".git"), { recursive: true });
    const noRepository = await repo.run("breaking");

    expect([noSpec.code, noRepository.code]).toEqual([2, 2]);
    expect(lines(noSpec.stderr).at(-1)).toBe("breaking: the working tree has no spec/openapi.yaml.");
    expect(lines(noRepository.stderr)).toEqual([`breaking: ${repo.dir} is not inside a git repository.`]);
  });

  it("when the working tree's spec does not bundle", async (context) => {
    const { expect } = context;
    const repo = removeAfterTest(context, new ScratchRepo().write("spec/openapi.yaml", spec).commit("spec"));
    repo.write("spec/openapi.yaml", spec.replace("schemas/OtpsSmsSendRequest'", "schemas/Nope'"));

    const { code, stderr } = await repo.run("breaking");

    expect(code).toBe(2);
    expect(lines(stderr).at(-1)).toMatch(
      /^breaking: redocly could not bundle the spec: Can't resolve \$ref \(spec\/openapi\.yaml:\d+:\d+\)$/,
    );
  });
});
