// What `pnpm breaking` and `pnpm changeset:check` share: the spec as it was at a git ref and as it is in the
// working tree, both bundled, and redocly's rating of every change between them.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const scriptsDir = dirname(fileURLToPath(import.meta.url));
const redocly = join(scriptsDir, "..", "node_modules", ".bin", "redocly");
const diffConfig = join(scriptsDir, "redocly-diff.yaml");

/** The root of the contract, relative to the repository root. */
export const SPEC_ROOT = "spec/openapi.yaml";
export const IMPACTS = ["none", "patch", "minor", "major"];

/** A failure the user can act on: reported as one line, exit code 2 (1 is left for "the check failed"). */
export class UsageError extends Error {}

/**
 * Runs the command to completion; never rejects because of its exit code, only when it cannot start.
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function run(file, args, { cwd, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(
            error.code === "ENOENT"
              ? new UsageError(
                  file === "git"
                    ? "git is not installed or not on PATH."
                    : `${file} is missing; run pnpm install first.`,
                )
              : error,
          );
          return;
        }
        resolve({ code: error ? error.code : 0, stdout, stderr });
      },
    );
  });
}

const redoclyEnv = { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

/** redocly's stderr without its "Node 20 support is ending" box, which says nothing about the spec. */
function redoclyMessages(stderr) {
  return stderr
    .split("\n")
    .filter((line) => !/[║╔╚]/.test(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function git(args, cwd, env) {
  return run("git", args, { cwd, env });
}

async function repoRoot(cwd) {
  const { code, stdout } = await git(["rev-parse", "--show-toplevel"], cwd);
  if (code !== 0) throw new UsageError(`${cwd} is not inside a git repository.`);
  return stdout.trim();
}

async function commitOf(root, ref) {
  const { code, stdout } = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], root);
  return code === 0 ? stdout.trim() : undefined;
}

/** `origin/main` when it exists (CI, fresh clones), else `main`. */
async function defaultBaseRef(root) {
  for (const ref of ["origin/main", "main"]) {
    if (await commitOf(root, ref)) return ref;
  }
  throw new UsageError("neither origin/main nor main exists here; pass --base <git-ref>.");
}

/**
 * The commit to compare the working tree with: where HEAD branched off `ref`, so that changes which landed on
 * the base branch after that do not show up as changes of this branch (reverted ones, at that).
 */
async function resolveBase(root, ref) {
  if (ref.startsWith("-")) throw new UsageError(`"${ref}" is not a git ref.`);
  const tip = await commitOf(root, ref);
  if (!tip) throw new UsageError(`base ref "${ref}" does not exist (fetch it first, e.g. git fetch origin main).`);
  const mergeBase = await git(["merge-base", tip, "HEAD"], root);
  const commit = mergeBase.code === 0 ? mergeBase.stdout.trim() : tip;
  if ((await git(["cat-file", "-e", `${commit}:${SPEC_ROOT}`], root)).code !== 0) {
    throw new UsageError(`base ref "${ref}" has no ${SPEC_ROOT} (at ${commit.slice(0, 7)}).`);
  }
  return { ref, commit, label: commit === tip ? ref : `${ref} (merge base ${commit.slice(0, 7)})` };
}

/** Checks the spec folder of `commit` out below `dir` through a scratch index, so the repository is untouched. */
async function checkOutSpec(root, commit, dir) {
  mkdirSync(dir);
  const env = { GIT_INDEX_FILE: join(dir, "index") };
  const specDir = dirname(SPEC_ROOT);
  for (const args of [
    ["read-tree", `--prefix=${specDir}/`, `${commit}:${specDir}`],
    ["checkout-index", "--all", `--prefix=${dir}/`],
  ]) {
    const { code, stderr } = await git(args, root, env);
    if (code !== 0) throw new UsageError(`git ${args[0]} failed: ${stderr.trim().split("\n")[0]}`);
  }
  return join(dir, SPEC_ROOT);
}

/** The first problem in redocly's report, as "message (file:line:col)", or else its last line. */
function firstProblem(stderr) {
  const lines = redoclyMessages(stderr).split("\n").filter((line) => line.trim());
  const at = lines.findIndex((line) => /^\[1\] /.test(line));
  if (at >= 0 && lines[at + 1]) return `${lines[at + 1].trim()} (${lines[at].slice(4).split(" at ")[0]})`;
  return lines.at(-1) ?? "no message";
}

/**
 * Bundles every `{ root, output }` in one redocly process, which saves a start-up of about half a second. File
 * names in its messages are relative to `cwd`.
 */
async function bundle(dir, specs, cwd) {
  const apis = Object.fromEntries(specs.map(({ root, output }, i) => [`spec${i}`, { root, output }]));
  // JSON is YAML, and JSON.stringify quotes any path safely.
  writeFileSync(join(dir, "redocly.yaml"), JSON.stringify({ apis }));
  const args = ["bundle", "--config", join(dir, "redocly.yaml")];
  const { code, stderr } = await run(redocly, args, { cwd, env: redoclyEnv });
  if (code !== 0) throw new UsageError(`redocly could not bundle the spec: ${firstProblem(stderr)}`);
}

/**
 * Rates every change from the spec at `base.commit` to the working tree's with `redocly diff` and this
 * repository's diff rules. Both are bundled into a temporary folder first, named so that the report reads
 * `origin-main.yaml → working-tree.yaml`; the folder is removed afterwards, also on failure or Ctrl-C.
 * @param {{ format?: string, failOn?: string, checkVersion?: boolean }} [options]
 * @returns {Promise<{ code: number, report: string, messages: string }>}
 */
export async function diffWithBase(root, base, { format = "stylish", failOn = "major", checkVersion = false } = {}) {
  if (!existsSync(join(root, SPEC_ROOT))) throw new UsageError(`the working tree has no ${SPEC_ROOT}.`);
  const dir = mkdtempSync(join(tmpdir(), "sms-otp-spec-diff-"));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal) => {
    cleanUp();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    const baseRoot = await checkOutSpec(root, base.commit, join(dir, "base"));
    const baseFile = `${base.ref.replace(/[^\w.-]+/g, "-")}.yaml`;
    const revisionFile = baseFile === "working-tree.yaml" ? "revision.yaml" : "working-tree.yaml";
    const specs = [
      { root: baseRoot, output: join(dir, baseFile) },
      { root: join(root, SPEC_ROOT), output: join(dir, revisionFile) },
    ];
    await bundle(dir, specs, root);
    const args = ["diff", baseFile, revisionFile, "--config", diffConfig, "--fail-on", failOn, "--format", format];
    if (checkVersion) args.push("--check-version");
    const { code, stdout, stderr } = await run(redocly, args, { cwd: dir, env: redoclyEnv });
    return { code, report: stdout, messages: redoclyMessages(stderr) };
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    cleanUp();
  }
}

/**
 * The bump that the changes of a `--format json` report require. info.version is left out: bumping it is what
 * a release does, not a change of the contract.
 */
export function requiredBump(jsonReport) {
  const { changes } = JSON.parse(jsonReport);
  return largest(changes.filter((c) => !(c.path === "#/info" && c.property === "version")).map((c) => c.impact));
}

/** The largest of the bumps, "none" for none. */
export function largest(bumps) {
  return bumps.reduce((max, bump) => (IMPACTS.indexOf(bump) > IMPACTS.indexOf(max) ? bump : max), "none");
}

/**
 * The options of a command line that compares with a base ref (`--base`, `--help` and `extra`), or undefined
 * after printing `usage` for --help.
 */
export function parseOptions(usage, extra = {}) {
  try {
    const { values } = parseArgs({
      options: { base: { type: "string" }, help: { type: "boolean", short: "h", default: false }, ...extra },
    });
    if (!values.help) return values;
    console.log(usage);
  } catch (error) {
    throw new UsageError(`${error.message} (see --help)`);
  }
}

/** The repository around the working directory, and the base to compare with: `--base`, or the default. */
export async function repositoryAndBase(baseRef) {
  const root = await repoRoot(process.cwd());
  return { root, base: await resolveBase(root, baseRef ?? (await defaultBaseRef(root))) };
}

/** Runs a command-line `main`, turning every failure into one line on stderr and an exit code. */
export function runMain(name, main) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      const message = error instanceof UsageError ? error.message : `unexpected error: ${error?.message ?? error}`;
      console.error(`${name}: ${message.split("\n")[0]}`);
      process.exitCode = 2;
    },
  );
}
