// `node src/mock-throughput.mjs [--quick] [--write]`: the mock's start-up, throughput and latency, before and after
// issue 10, each server in a process of its own, driven by plain fetch from this one:
// - bare Prism: the Prism 5.14 CLI serving the bundle with --errors, as `pnpm mock` did before;
// - Prism behind a pass-through proxy: the floor of the option not taken (our front in front of the CLI);
// - @sms-otp/mock: `pnpm mock` now (our node:http front, Prism as a library inside it), logging to a pipe.
// Requests alternate over the first request example of every operation of the contract.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { loadContract } from "@sms-otp/spec/contract";
import { summarize, timeConcurrent, timeSequential } from "./stats.mjs";
import { BENCH_DIR, BenchError, ROOT_DIR, registerCleanup, runAllCleanups } from "./util.mjs";

const require = createRequire(import.meta.url);
const AUTH = `Basic ${Buffer.from("project-test-00000000-0000-0000-0000-000000000000:secret-test-bench").toString("base64")}`;
const FULL = { warmup: 200, sequential: 1000, concurrent: 3000, concurrency: 10 };
const QUICK = { warmup: 2, sequential: 10, concurrent: 20, concurrency: 10 };
// Generous: under a full test run on two cores, a cold Prism CLI has taken over 30 s to start.
const START_TIMEOUT_MS = 120_000;
const MARKERS = ["<!-- mock-throughput:start -->", "<!-- mock-throughput:end -->"];

/** @typedef {{ url: string, startupMs: number, stop: () => Promise<void> }} Running */
/** @typedef {{ perSecond: number, p50: number, p99: number }} Throughput */

/**
 * Starts `args` with node and resolves once its output matches `pattern` (group 1: the base URL).
 * @param {string[]} args @param {RegExp} pattern @param {NodeJS.ProcessEnv} env @returns {Promise<Running>}
 */
function startServer(args, pattern, env = process.env) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...env, FORCE_COLOR: "0", NO_COLOR: "1" } });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  const release = registerCleanup(stop);
  return new Promise((resolve, reject) => {
    let output = "";
    let ready = false;
    const timer = setTimeout(() => fail("did not start"), START_TIMEOUT_MS);
    /** @param {string} reason */
    const fail = (reason) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      void release();
      reject(new BenchError(`${args.join(" ")} ${reason}: ${output.slice(-300)}`));
    };
    const onData = (/** @type {string} */ chunk) => {
      // Read for the server's whole life: a full pipe would block it on its next log line.
      if (ready) return;
      output += chunk;
      const match = pattern.exec(output);
      if (match?.[1] !== undefined) {
        ready = true;
        clearTimeout(timer);
        resolve({ url: match[1], startupMs: performance.now() - started, stop: release });
      }
    };
    for (const stream of [child.stdout, child.stderr]) stream.setEncoding("utf8").on("data", onData);
    void exited.then((code) => fail(`exited (${code})`));
  });
}

function barePrism() {
  const bin = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");
  return startServer([bin, "mock", "-h", "127.0.0.1", "-p", "0", "--errors", loadContract().path], /Prism is listening on (http:\/\/\S+)/);
}

function ourMock() {
  const cli = join(ROOT_DIR, "packages", "mock", "dist", "cli.js");
  return startServer([cli], /listening on (http:\/\/\S+) and https/, { ...process.env, PORT: "0", MOCK_HTTPS_PORT: "0" });
}

/**
 * Prism's CLI with a pass-through node:http proxy in front of it (in this process): the least any front of ours
 * would add to the CLI.
 * @returns {Promise<Running>}
 */
async function prismBehindProxy() {
  const prism = await barePrism();
  const target = new URL(prism.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const proxy = createServer((incoming, outgoing) => {
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (proxy.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    startupMs: prism.startupMs,
    stop: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      agent.destroy();
      await prism.stop();
    },
  };
}

/** One call per operation, each sending its first request example and failing on anything but 200. */
function calls(/** @type {string} */ baseUrl) {
  return loadContract().operations.map((operation) => {
    const url = `${baseUrl}${operation.path}`;
    const body = JSON.stringify(operation.requestExamples[0]?.value ?? {});
    return async () => {
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Authorization: AUTH }, body });
      await response.arrayBuffer();
      if (response.status !== 200) throw new BenchError(`${operation.operationId} got ${response.status} from ${baseUrl}`);
    };
  });
}

/** @param {{ samplesNs: number[], wallNs: number }} timing @returns {Throughput} */
function throughput({ samplesNs, wallNs }) {
  const { median, p99 } = summarize(samplesNs);
  return { perSecond: samplesNs.length / (wallNs / 1e9), p50: median / 1e6, p99: p99 / 1e6 };
}

/** @param {() => Promise<Running>} start @param {typeof FULL} counts */
async function measure(start, counts) {
  const server = await start();
  try {
    const load = calls(server.url);
    await timeSequential(load, counts.warmup);
    const sequential = throughput(await timeSequential(load, counts.sequential));
    const concurrent = throughput(await timeConcurrent(load, counts.concurrent, counts.concurrency));
    return { startupMs: server.startupMs, sequential, concurrent };
  } finally {
    await server.stop();
  }
}

/** @param {Record<string, Awaited<ReturnType<typeof measure>>>} results @param {typeof FULL} counts */
function table(results, counts) {
  const [before] = Object.values(results);
  const fixed = (/** @type {number} */ value, /** @type {number} */ digits) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    `| server | start-up, ms | 1 in flight, req/s | p50, ms | p99, ms | ${counts.concurrency} in flight, req/s | p50, ms | p99, ms | throughput vs bare Prism (1 / ${counts.concurrency}) |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const [name, { startupMs, sequential: s, concurrent: c }] of Object.entries(results)) {
    const ratio = `${fixed(s.perSecond / (before?.sequential.perSecond ?? NaN), 2)} / ${fixed(c.perSecond / (before?.concurrent.perSecond ?? NaN), 2)}`;
    lines.push(
      `| ${name} | ${fixed(startupMs, 0)} | ${fixed(s.perSecond, 0)} | ${fixed(s.p50, 2)} | ${fixed(s.p99, 2)} | ${fixed(c.perSecond, 0)} | ${fixed(c.p50, 2)} | ${fixed(c.p99, 2)} | ${ratio} |`,
    );
  }
  return lines.join("\n");
}

async function main() {
  const { values } = parseArgs({ options: { quick: { type: "boolean" }, write: { type: "boolean" } } });
  if (values.quick && values.write) throw new BenchError("--write records a full run; leave out --quick");
  const counts = values.quick ? QUICK : FULL;
  const results = {
    "bare Prism 5.14 CLI (before)": await measure(barePrism, counts),
    "Prism CLI behind a pass-through proxy": await measure(prismBehindProxy, counts),
    "@sms-otp/mock, Prism as a library (after)": await measure(ourMock, counts),
  };
  const text = table(results, counts);
  process.stdout.write(`${text}\n`);
  if (values.write) {
    const path = join(BENCH_DIR, "RESULTS.md");
    const [start, end] = MARKERS;
    const current = readFileSync(path, "utf8");
    const section =
      `${start}\n## Mock throughput\n\nWritten by \`node src/mock-throughput.mjs --write\` on ${new Date().toISOString()}; ` +
      `${counts.warmup} warm-up, ${counts.sequential} one at a time, ${counts.concurrent} with ${counts.concurrency} in flight, ` +
      `alternating over the first request example of every operation; target: no worse than 10% below bare Prism.\n\n${text}\n${end}`;
    const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
    writeFileSync(path, pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`);
  }
}

main()
  .catch((error) => {
    process.stderr.write(`mock-throughput: ${String(error?.message ?? error).split("\n")[0]}\n`);
    process.exitCode = 1;
  })
  .finally(runAllCleanups);
