import { lstatSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { BenchError, CLIENT_DIR, STYTCH_VERSION, run } from "./util.mjs";

/** @typedef {{ bytes: number, packages: number }} Footprint */

/**
 * What each variant adds to an application's node_modules: a fresh npm install of just that dependency into an
 * empty project. Ours is the packed tarball (what npm users get), with its dependencies from the registry.
 * @param {string} workDir an empty scratch directory, removed by the caller
 * @returns {Promise<Record<import("./util.mjs").Variant, Footprint>>}
 */
export async function measureInstalls(workDir) {
  const packDir = join(workDir, "pack");
  mkdirSync(packDir, { recursive: true });
  // pnpm pack, not npm pack: it turns the workspace: and catalog: ranges into the versions users get.
  await run("pnpm", ["pack", "--pack-destination", packDir], { cwd: CLIENT_DIR, label: "pnpm pack of @sms-otp/client" });
  const tarball = readdirSync(packDir).find((name) => name.endsWith(".tgz"));
  if (tarball === undefined) throw new BenchError(`pnpm pack of @sms-otp/client wrote no tarball to ${packDir}`);
  const [client, stytch] = await Promise.all([
    installInto(join(workDir, "app-client"), join(packDir, tarball)),
    installInto(join(workDir, "app-stytch"), `stytch@${STYTCH_VERSION}`),
  ]);
  return { client, stytch, fetch: { bytes: 0, packages: 0 } };
}

/**
 * @param {string} appDir
 * @param {string} spec what to `npm install`
 * @returns {Promise<Footprint>}
 */
async function installInto(appDir, spec) {
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(appDir, "package.json"), `${JSON.stringify({ name: "app", version: "1.0.0", private: true })}\n`);
  await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error", spec],
    { cwd: appDir, label: `npm install ${basename(spec)}` },
  );
  return footprint(join(appDir, "node_modules"));
}

/**
 * Bytes of every file in the installed packages (npm's own .package-lock.json bookkeeping left out), and the
 * number of package directories, nested ones included.
 * @param {string} nodeModules
 * @returns {Footprint}
 */
export function footprint(nodeModules) {
  let bytes = 0;
  let packages = 0;
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (isPackageDir(path)) packages++;
        walk(path);
      } else if (entry.isFile() && entry.name !== ".package-lock.json") {
        bytes += lstatSync(path).size;
      }
    }
  };
  walk(nodeModules);
  return { bytes, packages };
}

/** @param {string} path node_modules/<name> or node_modules/@scope/<name> */
function isPackageDir(path) {
  const name = basename(path);
  if (name.startsWith(".") || name.startsWith("@")) return false;
  const parent = basename(dirname(path));
  return parent === "node_modules" || (parent.startsWith("@") && basename(dirname(dirname(path))) === "node_modules");
}
