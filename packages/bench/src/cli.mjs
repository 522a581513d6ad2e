// `pnpm bench [--quick] [--write]`: measures everything in one run and prints one table.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { version as esbuildVersion } from "esbuild";
import { measureInstalls } from "./install.mjs";
import { measureMock } from "./mock.mjs";
import { measurePerCall } from "./per-call.mjs";
import { measurePipeline } from "./pipeline.mjs";
import { measureSizes } from "./size.mjs";
import { formatFileTable, formatTable } from "./table.mjs";
import { BENCH_DIR, STYTCH_VERSION, progress, registerCleanup, runAllCleanups } from "./util.mjs";

const USAGE = "usage: pnpm bench [--quick] [--write]";

const FULL = {
  perCall: { https: { rounds: 3, warmup: 100, calls: 500 }, stub: { rounds: 3, warmup: 1000, calls: 3000 } },
  mock: { warmup: 20, sequential: 300, concurrent: 1000, concurrency: 10 },
};
// Enough to run every code path once; the numbers mean nothing.
const QUICK = {
  perCall: { https: { rounds: 1, warmup: 2, calls: 10 }, stub: { rounds: 1, warmup: 2, calls: 10 } },
  mock: { warmup: 1, sequential: 4, concurrent: 20, concurrency: 10 },
};

const METHOD = `- **Bundle**: \`programs/<variant>.mjs\` plus a five-line main that sends one consumer and one B2B passcode,
  bundled by esbuild (minified ESM, platform node, target node18, legal comments dropped); gzip level 9 and brotli
  quality 11 from node:zlib.
- **Install**: a fresh \`npm install --prefer-offline --no-audit --no-fund\` of just that dependency into an empty
  project (ours: the \`pnpm pack\` tarball of @sms-otp/client; stytch: \`stytch@${STYTCH_VERSION}\`); bytes of every file
  under node_modules (npm's \`.package-lock.json\` left out) and the number of package directories.
- **Per call (HTTPS loopback)**: each variant, in its own Node process, calls one HTTPS server on 127.0.0.1 (a
  self-signed certificate made by openssl at run time, trusted through \`NODE_EXTRA_CA_CERTS\` in that process only)
  that answers with the contract's 200 examples; consumer and B2B calls alternate, one at a time, after a warm-up.
  Latency is per call (median, p99); CPU is \`process.cpuUsage()\` (user + system, every thread of the process) over
  the timed calls divided by their number. Rounds rotate the order of the variants and their samples are pooled.
- **Per call (stubbed fetch)**: the same, with \`globalThis.fetch\` replaced by a function that returns a canned
  \`Response\` at once: what the client itself costs, as openapi-fetch's own benchmark measures it.
- **The floor** (\`fetch(url, init)\`): \`programs/fetch.mjs\` calls the global \`fetch\` with a URL string and a plain
  init, as the client now does, and parses the JSON: no timeout, no checks. "ours/fetch" divides by it.
- **Bundle by file**: esbuild's metafile, the minified bytes each input file puts in the client's bundle (before
  compression, which is not additive per file). Its last line bundles the same program written on openapi-fetch
  alone (credentials in a header; no timeout, checks, retries or redaction): the floor for a client built on it.
- **Mock**: \`startMock()\` until Prism listens; then the @sms-otp/client program against it, one call at a time,
  and with 10 calls in flight.
- **Pipeline**: \`turbo run build --force\` (a cold \`pnpm build\`), \`turbo run build lint typecheck\` once every task
  is a cache hit, and \`pnpm --filter @sms-otp/client run generate\` (which must rewrite schema.ts byte for byte).`;

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: { quick: { type: "boolean" }, write: { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const quick = values.quick === true;
  if (quick && values.write) throw new Error("--write records a full run; leave out --quick");
  const counts = quick ? QUICK : FULL;
  const startedAt = new Date();
  const load = loadavg()[0] ?? Number.NaN;
  const workDir = mkdtempSync(join(tmpdir(), "sms-otp-bench-"));
  const removeWorkDir = registerCleanup(() => rmSync(workDir, { recursive: true, force: true }));
  try {
    const { sizes, clientFiles, engineOnly } = await section("bundle sizes", () => measureSizes());
    const results = {
      size: sizes,
      install: await section("install footprints", () => measureInstalls(workDir)),
      perCall: await section("per-call cost", () => measurePerCall(workDir, counts.perCall)),
      mock: await section("mock", () => measureMock(counts.mock)),
      pipeline: await section(quick ? "pipeline (dry runs)" : "pipeline", () => measurePipeline(quick)),
    };
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const table = `${formatTable(results)}\n\n${formatFileTable(clientFiles, sizes.client, engineOnly)}`;
    const { https, stub } = counts.perCall;
    const { mock } = counts;
    const notes = [
      `Calls per variant, rounds × (warm-up + timed): HTTPS ${https.rounds} × (${https.warmup} + ${https.calls}), ` +
        `stubbed fetch ${stub.rounds} × (${stub.warmup} + ${stub.calls}); mock: ${mock.warmup} warm-up, ` +
        `${mock.sequential} sequential, ${mock.concurrent} with ${mock.concurrency} in flight. Whole run: ${seconds.toFixed(0)} s.`,
    ];
    if (quick) {
      notes.push(
        "Quick mode: tiny counts, and the pipeline rows time `turbo --dry-run` and the read-only codegen check; these numbers mean nothing.",
      );
    }
    console.log(`${table}\n\n${notes.join("\n")}`);
    if (values.write) {
      const path = join(BENCH_DIR, "RESULTS.md");
      // Sections that other bench scripts keep between their own markers (mock-throughput.mjs) survive a rewrite.
      const kept = existsSync(path)
        ? (readFileSync(path, "utf8").match(/<!-- ([\w-]+):start -->[\s\S]*?<!-- \1:end -->/g) ?? [])
        : [];
      const text = report(table, notes, startedAt, [load, loadavg()[0] ?? Number.NaN]);
      writeFileSync(path, `${[text.trimEnd(), ...kept].join("\n\n")}\n`);
      progress(`wrote ${path}`);
    }
  } finally {
    await removeWorkDir();
  }
}

/**
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} measure
 */
async function section(name, measure) {
  const started = performance.now();
  progress(`${name}…`);
  const result = await measure();
  progress(`${name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * @param {string} table
 * @param {string[]} notes
 * @param {Date} date
 * @param {[number, number]} load one-minute load average when the run started and when it ended
 */
function report(table, notes, date, load) {
  const model = cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return `# Benchmark results

Written by \`pnpm bench --write\` on ${date.toISOString()}. Every figure below comes from that one run.

- Machine: ${availableParallelism()} cores (${model}), ${memory} RAM, ${platform()} ${release()}
- Node ${process.version}, esbuild ${esbuildVersion}, stytch ${STYTCH_VERSION}; one-minute load average ${load[0].toFixed(2)} at the start, ${load[1].toFixed(2)} at the end (other work shares the machine)

${table}

${notes.join("\n")}

Targets (from the issues) are reported, not enforced. Re-run on a quiet machine before quoting: with other work
running, the latency and pipeline rows move a lot; the size and install rows do not.

**stytch's per-call figures are not like-for-like.** \`stytch\` ${STYTCH_VERSION} has no working timeout: its \`timeout\`
option is spread into the \`fetch\` init as an unknown key, which fetch ignores, and it creates no AbortController.
@sms-otp/client arms a timer and an AbortController for every attempt (a real per-attempt timeout: about 4% of an
HTTPS call in issue 13's layer-by-layer measurement), and checks the shape of every answer.

## How each figure is measured

${METHOD}
`;
}

// An interrupted run still stops Prism, the servers and child processes, and removes its scratch directory.
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, () => {
    void runAllCleanups().finally(() => process.exit(130));
  });
}

main().catch(async (error) => {
  await runAllCleanups();
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`bench: ${message.split("\n")[0]}\n`);
  process.exitCode = 1;
});
