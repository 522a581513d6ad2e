// What a user gets: a copy of the tree as a fresh clone has it (tracked files plus new ones not ignored: no dist,
// no node_modules), installed from the lockfile, then `pnpm pack` of each published package, whose prepack must
// build it. The example app is then installed from those tarballs alone, as its own project outside the workspace.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Tarball paths by package name. */
    tarballs: Record<string, string>;
    /** The example, installed from the tarballs. */
    appDir: string;
    /** A scratch directory removed after the run. */
    workDir: string;
  }
}

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const PUBLISHED = { "@sms-otp/client": "packages/client", "@sms-otp/mock": "packages/mock" } as const;

/** The environment of a user's shell: nothing of the pnpm, turbo or vitest running this test. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|TURBO_|PNPM_|VITEST|NODE_OPTIONS$)/i.test(name)));
  return { ...env, ...extra };
}

async function pnpm(args: string[], cwd: string): Promise<void> {
  await run("pnpm", args, { cwd, env: userEnv(), maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`pnpm ${args.join(" ")} failed in ${cwd}:\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
  });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const work = mkdtempSync(join(tmpdir(), "sms-otp-published-"));
  const clone = join(work, "clone");
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  for (const file of stdout.split("\0").filter((name) => name !== "" && existsSync(join(ROOT, name)))) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  // The store already holds every package of the lockfile: nothing is downloaded. Only what building the published
  // packages needs (the root's turbo, and their workspace dependencies) is linked.
  const filters = ["sms-otp", ...Object.keys(PUBLISHED).map((name) => `${name}...`)].flatMap((filter) => ["--filter", filter]);
  await pnpm(["install", "--frozen-lockfile", "--offline", "--reporter=silent", ...filters], clone);

  const packs = join(work, "packs");
  const tarballs: Record<string, string> = {};
  for (const [name, dir] of Object.entries(PUBLISHED)) {
    const before = new Set(existsSync(packs) ? readdirSync(packs) : []);
    await pnpm(["pack", "--pack-destination", packs], join(clone, dir));
    const made = readdirSync(packs).find((file) => !before.has(file));
    if (made === undefined) throw new Error(`pnpm pack of ${name} wrote no tarball`);
    tarballs[name] = join(packs, made);
  }

  // The example as a user has it, its @sms-otp dependencies pointed at the tarballs instead of the registry.
  const appDir = join(work, "sms-login");
  cpSync(join(clone, "examples", "sms-login"), appDir, { recursive: true });
  const manifestPath = join(appDir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, Record<string, string>>;
  for (const field of ["dependencies", "devDependencies"]) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      const tarball = tarballs[name];
      if (tarball !== undefined) (manifest[field] as Record<string, string>)[name] = `file:${tarball}`;
    }
  }
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  await pnpm(["install", "--prefer-offline", "--reporter=silent"], appDir);

  project.provide("tarballs", tarballs);
  project.provide("appDir", appDir);
  project.provide("workDir", work);
  return () => rmSync(work, { recursive: true, force: true });
}
