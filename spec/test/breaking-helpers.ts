// Scratch git repositories and runs of spec/scripts/*.mjs in them, for the tests of `pnpm breaking` and
// `pnpm changeset:check`: each test gets its own history, independent of this repository's.
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "vitest";

export const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const breakingFixturesDir = join(specDir, "test", "fixtures", "breaking");

export const fixture = (name: string, side: "base" | "revision") =>
  readFileSync(join(breakingFixturesDir, name, `${side}.yaml`), "utf8");

// Neither the machine's git configuration (signing, hooks, default branch) nor its user may change a test.
const gitEnv = {
  GIT_CONFIG_GLOBAL: devNull,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export class ScratchRepo {
  readonly dir = mkdtempSync(join(tmpdir(), "sms-otp-scratch-repo-"));
  /** The scripts' TMPDIR: empty again after every run when they clean up after themselves. */
  readonly tmp = join(this.dir, ".tmp");

  constructor() {
    mkdirSync(this.tmp);
    this.git("init", "--quiet", "--initial-branch=main");
    writeFileSync(join(this.dir, ".git", "info", "exclude"), ".tmp/\n");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, env: { ...process.env, ...gitEnv }, encoding: "utf8" });
  }

  write(path: string, text: string): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
    return this;
  }

  commit(message: string): this {
    this.git("add", "--all");
    this.git("commit", "--quiet", "--allow-empty", "--message", message);
    return this;
  }

  /** Runs spec/scripts/<script>.mjs in this repository with Node, as the root package.json scripts do. */
  run(script: "breaking" | "check-changeset", args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(specDir, "scripts", `${script}.mjs`), ...args],
        // Redocly's CLI turns on Node's compile cache, which Node keeps in TMPDIR: off here, so that TMPDIR shows
        // only what the scripts themselves leave behind.
        {
          cwd: this.dir,
          env: { ...process.env, ...gitEnv, TMPDIR: this.tmp, NODE_DISABLE_COMPILE_CACHE: "1", ...env },
          encoding: "utf8",
        },
        (error, stdout, stderr) =>
          resolve({ code: !error ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }),
      );
    });
  }

  leftovers(): string[] {
    return readdirSync(this.tmp);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Removes the repository when the test ends, and fails the test if a script left temporary files behind. */
export function removeAfterTest<T extends ScratchRepo>({ onTestFinished }: TestContext, repo: T): T {
  onTestFinished(() => {
    const leftovers = repo.leftovers();
    repo.remove();
    if (leftovers.length) throw new Error(`temporary files left behind: ${leftovers.join(", ")}`);
  });
  return repo;
}

/**
 * A scratch repository whose main branch holds the fixture's base spec, checked out on a branch `change` that
 * commits its revision: the shape of a pull request.
 */
export function pullRequest(name: string): ScratchRepo {
  const repo = new ScratchRepo().write("spec/openapi.yaml", fixture(name, "base")).commit("base");
  repo.git("switch", "--quiet", "--create", "change");
  return repo.write("spec/openapi.yaml", fixture(name, "revision")).commit(name);
}

/** The "N major, N minor, N patch." line of a stylish report, as the largest impact with a change. */
export function ratingOf(stylishReport: string): string {
  const counts = /(\d+) major, (\d+) minor, (\d+) patch\./.exec(stylishReport);
  if (!counts) throw new Error(`no summary line in: ${stylishReport}`);
  const [major, minor, patch] = counts.slice(1).map(Number);
  return major ? "major" : minor ? "minor" : patch ? "patch" : "none";
}
