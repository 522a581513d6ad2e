// The GitHub workflows cannot run here, so this checks what can go wrong without running them: that each file is
// valid YAML with the structure GitHub requires, and that every command a step runs names something that exists
// (a root script, a package and its script, a turbo task, a file in the repository). It lives in the spec
// package because that is the one package with a YAML parser and no build step, so it runs first and fast.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { parse } from "yaml";
import { commandsOf, loadWorkspace, problemsOfCommand } from "./commands.js";

const workspace = loadWorkspace();
const { root, rootPackage } = workspace;
const workflowsDir = join(root, ".github", "workflows");
const workflowFiles = existsSync(workflowsDir)
  ? readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file))
  : [];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

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
  });

  it("release.yml opens the version pull request and publishes the client with provenance", ({ expect }) => {
    expect(workflowFiles).toContain("release.yml");
    const workflow = parse(readFileSync(join(workflowsDir, "release.yml"), "utf8"));
    expect(workflow.on).toEqual({ push: { branches: ["main"] } });
    const jobs = Object.values(workflow.jobs as Record<string, { permissions?: unknown; steps: Record<string, any>[] }>);
    const releaseJob = jobs.find((job) => job.steps.some((step) => String(step.uses).startsWith("changesets/action@")));
    expect(releaseJob, "a job that uses changesets/action").toBeDefined();
    expect(releaseJob!.permissions).toEqual({ contents: "write", "pull-requests": "write", "id-token": "write" });
    const steps = releaseJob!.steps;
    const changesets = steps.find((step) => String(step.uses).startsWith("changesets/action@"))!;
    expect(changesets.with.version).toBe("pnpm version-packages");
    expect(changesets.with.publish).toMatch(/changeset publish/);
    expect(changesets.env.NPM_TOKEN).toBe("${{ secrets.NPM_TOKEN }}");
    expect(changesets.env.NPM_CONFIG_PROVENANCE).toBe("true");
    // The client is tested and built before the action can publish it.
    const runs = steps.slice(0, steps.indexOf(changesets)).map((step) => String(step.run ?? ""));
    expect(runs).toContain("./scripts/test");
    expect(runs).toContainEqual(expect.stringMatching(/turbo run build .*--filter=@sms-otp\/client/));
    expect(rootPackage.scripts?.["version-packages"]).toBeDefined();
    // Only the client may be published: every other workspace package is private.
    const publishable = [...workspace.packages.values()].filter((pkg) => !pkg.private);
    expect(publishable.map((pkg) => pkg.name)).toEqual(["@sms-otp/client"]);
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
