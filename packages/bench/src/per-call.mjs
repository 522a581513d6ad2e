import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { successBodies } from "./responses.mjs";
import { startStytchStandIn } from "./server.mjs";
import { summarize } from "./stats.mjs";
import { makeLoopbackCertificate } from "./tls.mjs";
import { BenchError, VARIANTS, benchEnv, lastLine, progress, registerCleanup } from "./util.mjs";

const CHILD = fileURLToPath(new URL("./per-call-child.mjs", import.meta.url));

/** @typedef {{ median: number, p99: number, cpu: number }} CallCost microseconds per call */
/** @typedef {{ rounds: number, warmup: number, calls: number }} CallCounts */

/**
 * Each variant, in its own process, calls one loopback HTTPS server (and then a stubbed fetch) the same number of
 * times. Rounds rotate the order of the variants so that a machine that gets busier or quieter over the run
 * does not favour whichever variant happens to go first.
 * @param {string} workDir scratch directory, removed by the caller
 * @param {{ https: CallCounts, stub: CallCounts }} counts
 * @returns {Promise<Record<"https" | "stub", Record<import("./util.mjs").Variant, CallCost>>>}
 */
export async function measurePerCall(workDir, counts) {
  const tls = makeLoopbackCertificate(workDir);
  const server = await startStytchStandIn(tls, successBodies());
  const release = registerCleanup(() => server.close());
  try {
    return {
      https: await runRounds("https", server.url, tls.certPath, counts.https),
      stub: await runRounds("stub", server.url, tls.certPath, counts.stub),
    };
  } finally {
    await release();
  }
}

/**
 * @param {"https" | "stub"} mode
 * @param {string} baseUrl
 * @param {string} certPath
 * @param {CallCounts} counts
 */
async function runRounds(mode, baseUrl, certPath, { rounds, warmup, calls }) {
  /** @type {Map<import("./util.mjs").Variant, { samplesNs: number[], cpuUs: number }>} */
  const merged = new Map(VARIANTS.map((variant) => [variant, { samplesNs: [], cpuUs: 0 }]));
  for (let round = 0; round < rounds; round++) {
    const order = [...VARIANTS.slice(round % VARIANTS.length), ...VARIANTS.slice(0, round % VARIANTS.length)];
    for (const variant of order) {
      const result = await runChild({ variant, mode, baseUrl, warmup, calls }, certPath);
      const total = /** @type {{ samplesNs: number[], cpuUs: number }} */ (merged.get(variant));
      total.samplesNs.push(...result.samplesNs);
      total.cpuUs += result.cpuUs;
    }
  }
  return /** @type {Record<import("./util.mjs").Variant, CallCost>} */ (
    Object.fromEntries(
      [...merged].map(([variant, { samplesNs, cpuUs }]) => {
        const { median, p99 } = summarize(samplesNs);
        return [variant, { median: median / 1000, p99: p99 / 1000, cpu: cpuUs / samplesNs.length }];
      }),
    )
  );
}

/**
 * @param {import("./per-call-child.mjs").ChildParams} params
 * @param {string} certPath
 * @returns {Promise<{ samplesNs: number[], cpuUs: number }>}
 */
function runChild(params, certPath) {
  const label = `${params.variant} (${params.mode}) per-call run`;
  return new Promise((resolve, reject) => {
    // The certificate is trusted only inside this child, through Node's own CA option: no variant gets a
    // dispatcher or a switch the others lack, and verification stays on.
    const child = fork(CHILD, [JSON.stringify(params)], {
      env: benchEnv({ NODE_EXTRA_CA_CERTS: certPath }),
      execArgv: [],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    const release = registerCleanup(() => {
      child.kill();
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    /** @type {import("./per-call-child.mjs").ChildResult | undefined} */
    let result;
    child.on("message", (message) => (result = /** @type {import("./per-call-child.mjs").ChildResult} */ (message)));
    child.on("error", (error) => reject(new BenchError(`${label}: ${error.message}`)));
    child.on("exit", (code, signal) => {
      void release();
      if (result === undefined) reject(new BenchError(`${label} ended (${signal ?? `exit ${code}`}) without a result: ${lastLine(stderr)}`));
      else if ("error" in result) reject(new BenchError(`${label}: ${result.error}`));
      else {
        // A warning from a variant (a misused option, say) would otherwise vanish with the child.
        if (stderr.trim() !== "") progress(`${label} wrote to stderr: ${lastLine(stderr)}`);
        resolve(result);
      }
    });
  });
}
