// Checks that a shell command written in this repository (a workflow step, a README's shell block) names things
// that exist: a root script, a package and its script, a turbo task, a file. Shared by workflows.test.ts and
// readme-commands.test.ts, so a workflow and a README are held to the same rules.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const repositoryRoot = join(import.meta.dirname, "..", "..");

export interface PackageJson {
  name: string;
  packageManager?: string;
  private?: boolean;
  scripts?: Record<string, string>;
}

export interface Workspace {
  root: string;
  rootPackage: PackageJson;
  /** Workspace packages by name, with their folder relative to the root. */
  packages: Map<string, PackageJson & { dir: string }>;
  turboTasks: string[];
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, "utf8")) as T;

/** The workspace as it is on disk now: root package.json, the packages pnpm-workspace.yaml lists, turbo's tasks. */
export function loadWorkspace(root = repositoryRoot): Workspace {
  const globs = (parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as { packages: string[] }).packages;
  const dirs = globs
    .flatMap((glob) =>
      glob.endsWith("/*") ? readdirSync(join(root, glob.slice(0, -2))).map((dir) => glob.slice(0, -1) + dir) : [glob],
    )
    .filter((dir) => existsSync(join(root, dir, "package.json")));
  return {
    root,
    rootPackage: readJson<PackageJson>(join(root, "package.json")),
    packages: new Map(
      dirs.map((dir) => {
        const pkg = readJson<PackageJson>(join(root, dir, "package.json"));
        return [pkg.name, { ...pkg, dir }] as const;
      }),
    ),
    turboTasks: Object.keys(readJson<{ tasks: Record<string, unknown> }>(join(root, "turbo.json")).tasks),
  };
}

// pnpm 10 hands these to npm before it looks at any script (pnpm's bin, `passThruToNpm`): `pnpm docs` opens npm's
// docs page even when package.json has a `docs` script. Never right in this repository's commands.
export const PNPM_NPM_PASSTHROUGH = new Set(
  ("access adduser bugs deprecate dist-tag docs edit find home info issues login logout owner ping prefix profile " +
    "pkg repo s se search set-script show star stars team token unpublish unstar v version view whoami xmas").split(" "),
);

// pnpm 10's own commands and their aliases (the `commandNames` of its command modules). They run before a script of
// the same name; `test` and `start` are not among them, so `pnpm test` runs the script.
export const PNPM_BUILTINS = new Set(
  ("add approve-builds audit bin c cache cat-file cat-index ci clean-install completion config create dedupe deploy " +
    "dislink dlx doctor env exec fetch find-hash get help i ic ignored-builds import init install install-clean " +
    "install-test it la licenses link list ll ln ls m multi outdated pack patch patch-commit patch-remove prune " +
    "publish rb rebuild recursive remove restart rm root run run-script self-update server set setup store un uni " +
    "uninstall unlink up update upgrade why").split(" "),
);

// Options of pnpm and turbo that take the next word as their value.
const OPTIONS_WITH_VALUE = new Set(["--filter", "-F", "-C", "--dir"]);

/** Splits a shell command into words, dropping quotes; good enough for one-liners. */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The simple commands of a script: continuation lines joined, split at newlines, pipes, && || and ;. */
export function commandsOf(script: string): string[][] {
  return script
    .replace(/\$\{\{[^}]*\}\}/g, "EXPRESSION")
    .replace(/\\\n/g, " ")
    .split(/\n|&&|\|\||[|;]/)
    .map((line) => words(line.replace(/^\s*\$\s+/, "").replace(/(^|\s)#.*$/, "")))
    // Leading VAR=value assignments belong to the command that follows them.
    .map((ws) => ws.filter((w, i) => ws.slice(0, i + 1).some((v) => !/^[A-Z_][A-Z0-9_]*=/.test(v))))
    .filter((ws) => ws.length > 0 && !["set", "echo", "exit", "if", "then", "fi", "cat", "tee"].includes(ws[0]!));
}

/** `--filter` values of a pnpm or turbo command line, as package names (`pkg...` selects pkg and its dependencies). */
function filtersOf(ws: string[]): string[] {
  return ws
    .flatMap((w, i) =>
      w === "--filter" || w === "-F" ? [ws[i + 1]!] : w.startsWith("--filter=") ? [w.slice("--filter=".length)] : [],
    )
    .map((filter) => filter.replace(/^\.\.\.|\.\.\.$/g, ""));
}

function checkTurboRun(ws: string[], where: string, workspace: Workspace): string[] {
  const filters = filtersOf(ws);
  // The task names follow `run`, up to the first option.
  const afterRun = ws.slice(ws.indexOf("run") + 1);
  const firstOption = afterRun.findIndex((w) => w.startsWith("-"));
  const tasks = firstOption === -1 ? afterRun : afterRun.slice(0, firstOption);
  const scope = filters.length ? filters.map((name) => workspace.packages.get(name)) : [...workspace.packages.values()];
  return [
    ...filters
      .filter((name) => !workspace.packages.has(name))
      .map((name) => `${where}: turbo --filter ${name}: no such package`),
    ...tasks
      .filter((task) => !workspace.turboTasks.includes(task))
      .map((task) => `${where}: turbo task ${task} is not in turbo.json`),
    ...tasks
      .filter((task) => !scope.some((pkg) => pkg?.scripts?.[task]))
      .map((task) => `${where}: turbo run ${task}: no package in scope has that script`),
  ];
}

function checkPnpm(ws: string[], where: string, workspace: Workspace): string[] {
  const filters = filtersOf(ws);
  // The first word that is neither an option nor an option's value.
  const command = ws.slice(1).find((w, i, rest) => !w.startsWith("-") && !OPTIONS_WITH_VALUE.has(rest[i - 1]!));
  if (!command) return [`${where}: pnpm without a command`];
  if (PNPM_NPM_PASSTHROUGH.has(command)) {
    return [`${where}: pnpm ${command} is npm's "${command}" command (pnpm hands it to npm); use pnpm run ${command}`];
  }
  if (command === "exec") {
    const bin = ws[ws.indexOf("exec") + 1];
    return bin === "turbo" && ws.includes("run") ? checkTurboRun(ws, where, workspace) : [];
  }
  const explicitRun = command === "run" || command === "run-script";
  const script = explicitRun ? ws[ws.indexOf(command) + 1] : command;
  if (!script) return [`${where}: pnpm ${command} without a script name`];

  const scopes = filters.length
    ? filters.map((name) => ({ name, pkg: workspace.packages.get(name) }))
    : [{ name: "the root package.json", pkg: { ...workspace.rootPackage, dir: "." } }];
  return scopes.flatMap(({ name, pkg }) => {
    if (!pkg) return [`${where}: pnpm --filter ${name}: no such package`];
    const hasScript = Boolean(pkg.scripts?.[script]);
    if (!explicitRun && PNPM_BUILTINS.has(script)) {
      return hasScript ? [`${where}: pnpm ${script} runs pnpm's built-in, not the script; use pnpm run ${script}`] : [];
    }
    if (hasScript) return [];
    // Without a script of that name pnpm runs the package's bin of that name (`pnpm changeset`).
    if (!explicitRun && existsSync(join(workspace.root, pkg.dir, "node_modules", ".bin", script))) return [];
    return [`${where}: pnpm ${script}: ${name} has no such script`];
  });
}

/** Everything wrong with one command (its words), as readable lines; none when it names only what exists. */
export function problemsOfCommand(ws: string[], where: string, workspace: Workspace): string[] {
  const [program] = ws;
  if (program === "pnpm") return checkPnpm(ws, where, workspace);
  // A path into the repository (`node scripts/x.mjs`) must exist; a bare name (`node app.js`) is the reader's own file.
  if (program === "node" && ws[1] && !ws[1].startsWith("-") && ws[1].includes("/")) {
    return existsSync(join(workspace.root, ws[1])) ? [] : [`${where}: node ${ws[1]}: no such file`];
  }
  if (program!.includes("/") && !program!.startsWith("/")) {
    const path = join(workspace.root, program!);
    if (!existsSync(path)) return [`${where}: ${program}: no such file`];
    if (!(statSync(path).mode & 0o111)) return [`${where}: ${program}: not executable`];
  }
  return [];
}
