// The GitHub workflows cannot run here, so this checks what can go wrong without running them: that each file is
// valid YAML with the structure GitHub requires, and that every command a step runs names something that exists
// (a root script, a package and its script, a turbo task, a file in the repository). It lives in the spec
// package because that is the one package with a YAML parser and no build step, so it runs first and fast.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");
const workflowsDir = join(root, ".github", "workflows");
const workflowFiles = existsSync(workflowsDir)
  ? readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file))
  : [];

interface PackageJson {
  name: string;
  packageManager?: string;
  scripts?: Record<string, string>;
}
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, "utf8")) as T;

const rootPackage = readJson<PackageJson>(join(root, "package.json"));
const workspaceGlobs = (parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as { packages: string[] })
  .packages;
const packages = new Map(
  workspaceGlobs
    .flatMap((glob) =>
      glob.endsWith("/*") ? readdirSync(join(root, glob.slice(0, -2))).map((dir) => glob.slice(0, -1) + dir) : [glob],
    )
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .map((dir) => {
      const pkg = readJson<PackageJson>(join(root, dir, "package.json"));
      return [pkg.name, pkg] as const;
    }),
);
const turboTasks = Object.keys(readJson<{ tasks: Record<string, unknown> }>(join(root, "turbo.json")).tasks);

// pnpm's own commands; any other word after `pnpm` (and its options) is a script name.
const pnpmCommands = new Set(["install", "i", "add", "remove", "update", "exec", "dlx", "store", "why", "list"]);

/** Splits a shell command into words, dropping quotes; good enough for the one-liners of a workflow. */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The simple commands of a `run:` script: continuation lines joined, split at newlines, pipes, && || and ;. */
function commandsOf(script: string): string[][] {
  return script
    .replace(/\$\{\{[^}]*\}\}/g, "EXPRESSION")
    .replace(/\\\n/g, " ")
    .split(/\n|&&|\|\||[|;]/)
    .map((line) => words(line.replace(/(^|\s)#.*$/, "")))
    // Leading VAR=value assignments belong to the command that follows them.
    .map((ws) => ws.filter((w, i) => ws.slice(0, i + 1).some((v) => !/^[A-Z_][A-Z0-9_]*=/.test(v))))
    .filter((ws) => ws.length > 0 && !["set", "echo", "exit", "if", "then", "fi", "cat", "tee"].includes(ws[0]!));
}

/** `--filter` values of a pnpm or turbo command line, as package names (`pkg...` selects pkg and its dependencies). */
function filtersOf(ws: string[]): string[] {
  return ws.flatMap((w, i) =>
    w === "--filter" || w === "-F" ? [ws[i + 1]!] : w.startsWith("--filter=") ? [w.slice("--filter=".length)] : [],
  ).map((filter) => filter.replace(/^\.\.\.|\.\.\.$/g, ""));
}

function checkTurboRun(ws: string[], where: string): string[] {
  const filters = filtersOf(ws);
  // The task names follow `run`, up to the first option.
  const afterRun = ws.slice(ws.indexOf("run") + 1);
  const firstOption = afterRun.findIndex((w) => w.startsWith("-"));
  const tasks = firstOption === -1 ? afterRun : afterRun.slice(0, firstOption);
  const scope = filters.length ? filters.map((name) => packages.get(name)) : [...packages.values()];
  return [
    ...filters.filter((name) => !packages.has(name)).map((name) => `${where}: turbo --filter ${name}: no such package`),
    ...tasks
      .filter((task) => !turboTasks.includes(task))
      .map((task) => `${where}: turbo task ${task} is not in turbo.json`),
    ...tasks
      .filter((task) => !scope.some((pkg) => pkg?.scripts?.[task]))
      .map((task) => `${where}: turbo run ${task}: no package in scope has that script`),
  ];
}

function checkPnpm(ws: string[], where: string): string[] {
  const filters = filtersOf(ws);
  // The first word that is neither an option nor an option's value.
  const command = ws.slice(1).find((w, i, rest) => !w.startsWith("-") && !["--filter", "-F"].includes(rest[i - 1]!));
  if (!command) return [`${where}: pnpm without a command`];
  if (command === "exec") {
    const bin = ws[ws.indexOf("exec") + 1];
    return bin === "turbo" && ws.includes("run") ? checkTurboRun(ws, where) : [];
  }
  if (pnpmCommands.has(command)) return [];
  const script = command === "run" ? ws[ws.indexOf("run") + 1]! : command;
  if (!filters.length) {
    return rootPackage.scripts?.[script] ? [] : [`${where}: pnpm ${script}: the root package.json has no such script`];
  }
  return filters.flatMap((name) => {
    const pkg = packages.get(name);
    if (!pkg) return [`${where}: pnpm --filter ${name}: no such package`];
    return pkg.scripts?.[script] ? [] : [`${where}: pnpm --filter ${name} ${script}: ${name} has no such script`];
  });
}

function checkCommand(ws: string[], where: string): string[] {
  const [program] = ws;
  if (program === "pnpm") return checkPnpm(ws, where);
  if (program === "node" && ws[1] && !ws[1].startsWith("-")) {
    return existsSync(join(root, ws[1])) ? [] : [`${where}: node ${ws[1]}: no such file`];
  }
  if (program!.includes("/")) {
    const path = join(root, program!);
    if (!existsSync(path)) return [`${where}: ${program}: no such file`];
    if (!(statSync(path).mode & 0o111)) return [`${where}: ${program}: not executable`];
  }
  return [];
}

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
        if (!/^(\.\/|[\w.-]+\/[\w.-]+(\/[\w./-]+)?@\S+$)/.test(step.uses)) {
          problems.push(`${where}: uses ${step.uses} has no @version`);
        }
        return;
      }
      if (typeof step.run !== "string") return void problems.push(`${where}: run is not a string`);
      if (typeof step["working-directory"] === "string" && step["working-directory"] !== ".") {
        problems.push(`${where}: working-directory is not checked here; run from the root`);
      }
      for (const command of commandsOf(step.run)) problems.push(...checkCommand(command, where));
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
