// `prepack` of every published package (pnpm pack, pnpm publish; npm pack is refused, see below): builds the package
// and what it depends on with turbo (cached, so instant when nothing changed), then checks that every file its
// manifest points at is there, so a pack from a fresh clone is complete or fails saying why. Inside a turbo task (a test that packs) the
// build has already run and is only checked.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

function fail(message) {
  console.error(`prepack ${manifest.name}: ${message}`);
  process.exit(1);
}

// npm packs package.json as it is, and only pnpm replaces the workspace's catalog: and workspace: versions: a
// tarball from npm pack would name versions no registry has.
const userAgent = process.env.npm_config_user_agent ?? "";
const sections = [manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies, manifest.devDependencies];
const local = sections.flatMap((deps) => Object.values(deps ?? {})).some((range) => /^(catalog|workspace):/.test(range));
if (local && !userAgent.startsWith("pnpm/")) {
  fail(`pack it with pnpm (pnpm pack, pnpm publish): its package.json uses catalog: and workspace: versions, which only pnpm replaces`);
}

if (process.env.TURBO_HASH === undefined) {
  const turbo = join(root, "node_modules", ".bin", "turbo");
  if (!existsSync(turbo)) fail(`turbo is not installed: run "pnpm install" in ${root} first, then pack again`);
  const built = spawnSync(turbo, ["run", "build", `--filter=${manifest.name}`, "--output-logs=errors-only"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
  });
  if (built.status !== 0) fail(`the build failed (turbo run build --filter=${manifest.name}); the tarball would be incomplete`);
}

/** Every file path the manifest names: main, types, bin and each export target. */
function targets(node) {
  if (typeof node === "string") return node.includes("*") ? [] : [node];
  if (node === null || typeof node !== "object") return [];
  return Object.values(node).flatMap(targets);
}
const named = [manifest.main, manifest.types, ...targets(manifest.bin ?? {}), ...targets(manifest.exports ?? {})];
const missing = [...new Set(named.filter((path) => typeof path === "string"))].filter((path) => !existsSync(join(packageDir, path)));
if (missing.length > 0) fail(`${missing.join(", ")} missing after the build; the tarball would be incomplete`);
