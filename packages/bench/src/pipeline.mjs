import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BenchError, CLIENT_DIR, ROOT_DIR, run } from "./util.mjs";

const TURBO = join(ROOT_DIR, "node_modules", ".bin", "turbo");
const SCHEMA = join(CLIENT_DIR, "src", "generated", "schema.ts");
const CACHED_TASKS = ["run", "build", "lint", "typecheck"];
const CACHED_ATTEMPTS = 3;

/** @typedef {{ coldBuildS: number, cachedS: number, codegenS: number }} PipelineTimes */

/**
 * Wall times of the build pipeline. The quick mode must not write into other packages (it runs inside
 * `pnpm test`, next to their tests), so it times turbo's dry runs and the read-only codegen check instead.
 * @param {boolean} quick
 * @returns {Promise<PipelineTimes>}
 */
export async function measurePipeline(quick) {
  const output = quick ? "--dry-run=json" : "--output-logs=errors-only";
  const cold = await turbo(["run", "build", "--force", output], "cold build");
  if (!quick && cacheHits(cold.stdout).cached !== 0) throw new BenchError("turbo run build --force took tasks from the cache");
  const cached = quick ? await turbo([...CACHED_TASKS, output], "cached run") : await fullyCachedRun();
  return { coldBuildS: cold.ms / 1000, cachedS: cached.ms / 1000, codegenS: await codegen(quick) };
}

/** @param {string[]} args @param {string} label */
function turbo(args, label) {
  return run(TURBO, args, { cwd: ROOT_DIR, label: `${label} (turbo ${args.join(" ")})` });
}

/** A run in which every task is a cache hit; a file that changes in between (another editor, say) earns another try. */
async function fullyCachedRun() {
  const args = [...CACHED_TASKS, "--output-logs=errors-only"];
  await turbo(args, "cached run, filling the cache");
  for (let attempt = 1; ; attempt++) {
    const result = await turbo(args, "cached run");
    const { cached, total } = cacheHits(result.stdout);
    if (cached === total) return result;
    if (attempt >= CACHED_ATTEMPTS) {
      throw new BenchError(`turbo ${args.join(" ")} was not fully cached after ${attempt} tries (${cached} of ${total} tasks the last time); are files changing?`);
    }
  }
}

/** @param {string} stdout of a turbo run */
function cacheHits(stdout) {
  const summary = /Cached:\s+(\d+) cached, (\d+) total/.exec(stdout);
  if (summary === null) throw new BenchError("turbo printed no cache summary");
  return { cached: Number(summary[1]), total: Number(summary[2]) };
}

/**
 * Times `generate`, which rewrites the committed schema.ts: it must write the very same bytes, or the committed
 * file is stale. The quick mode times the read-only `--check` (the client's lint) instead.
 * @param {boolean} quick
 */
async function codegen(quick) {
  const before = readFileSync(SCHEMA);
  const script = quick ? "lint" : "generate";
  const { ms } = await run("pnpm", ["--filter", "@sms-otp/client", "run", script], {
    cwd: ROOT_DIR,
    label: `codegen (pnpm --filter @sms-otp/client run ${script})`,
  });
  if (sha256(readFileSync(SCHEMA)) !== sha256(before)) {
    writeFileSync(SCHEMA, before);
    throw new BenchError(
      "codegen wrote a different packages/client/src/generated/schema.ts (restored the committed one): it is stale; run pnpm generate and commit the result",
    );
  }
  return ms / 1000;
}

/** @param {Buffer} bytes */
function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}
