// `node src/mock-throughput.mjs [--quick] [--write]`: the mock's start-up, throughput and latency, before and after
// issue 10, each server in a process of its own, driven by plain fetch from this one:
// - bare Prism: the Prism 5.14 CLI serving the bundle with --errors, as `pnpm mock` did before;
// - Prism behind a pass-through proxy: the floor of the option not taken (our front in front of the CLI);
// - @sms-otp/mock: `pnpm mock` now (our node:http front, Prism as a library inside it), logging to a pipe.
// Requests alternate over the first request example of every operation of the contract. Then, against @sms-otp/mock
// alone, issue 17's stateful workloads: sends to Users the mock knows (the stateful rules answer them), the flow
// send → read the code from the outbox → authenticate, and 50,000 sends in one project (the mock's memory before
// and after, and its latency at the start and at the end).
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
const FULL = { warmup: 200, sequential: 1000, concurrent: 3000, concurrency: 10, flows: 500, manySends: 50_000 };
const QUICK = { warmup: 2, sequential: 10, concurrent: 20, concurrency: 10, flows: 10, manySends: 200 };
/** Phone numbers the stateful workloads take turns with: more than the requests in flight, so no two share a code. */
const NUMBERS = 40;
/** How many times --baseline measures each of the two mocks, alternating. */
const BASELINE_ROUNDS = 3;
/** The sends timed at the start and at the end of the many-sends run. */
const EDGE = 1000;
// Generous: under a full test run on two cores, a cold Prism CLI has taken over 30 s to start.
const START_TIMEOUT_MS = 120_000;
const MARKERS = ["<!-- mock-throughput:start -->", "<!-- mock-throughput:end -->"];

/** @typedef {{ url: string, startupMs: number, stop: () => Promise<void>, pid?: number | undefined }} Running */
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
        resolve({ url: match[1], startupMs: performance.now() - started, stop: release, pid: child.pid });
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

function ourMock(root = ROOT_DIR) {
  const cli = join(root, "packages", "mock", "dist", "cli.js");
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

/**
 * A project of the stateful mock seen through plain fetch: Stytch's endpoints and the control plane.
 * @param {string} baseUrl @param {string} projectId
 */
function statefulProject(baseUrl, projectId) {
  const headers = { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from(`${projectId}:secret-test-bench`).toString("base64")}` };
  const hasLoginOrCreate = loadContract().operations.some((operation) => operation.path === "/v1/otps/sms/login_or_create");
  /** @param {string} path @param {unknown} body @param {string} [method] @returns {Promise<any>} */
  async function call(path, body, method = "POST") {
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    /** @type {any} */
    const json = response.status === 204 ? {} : await response.json();
    if (!response.ok) throw new BenchError(`${method} ${path} got ${response.status} ${json?.error_type ?? ""}`);
    return json;
  }
  return {
    call,
    /** A User holding `phone`, made the way the contract allows (log-in-or-create, else the control plane). @param {string} phone */
    async user(phone) {
      if (hasLoginOrCreate) return (await call("/v1/otps/sms/login_or_create", { phone_number: phone })).phone_id;
      return (await call("/__mock/v1/users", { phone_number: phone })).user.phone_numbers[0].phone_id;
    },
    hasLoginOrCreate,
    /** @param {string} phone */
    send: (phone) => call("/v1/otps/sms/send", { phone_number: phone }),
    /** @param {string} phone */
    async code(phone) {
      const { messages } = await call(`/__mock/v1/messages?to=${encodeURIComponent(phone)}&status=pending`, undefined, "GET");
      return messages.at(-1).code;
    },
    /** @param {string} phoneId @param {string} code */
    authenticate: (phoneId, code) => call("/v1/otps/authenticate", { method_id: phoneId, code, session_duration_minutes: 60 }),
  };
}

/** `count` calls of `one`, each on a phone number of its own turn; calls on the same number never overlap. */
async function perNumber(/** @type {(phone: string, phoneId: string) => Promise<unknown>} */ one, /** @type {ReturnType<typeof statefulProject>} */ project) {
  const phones = Array.from({ length: NUMBERS }, (_, i) => `+1202555${String(1000 + i).padStart(4, "0")}`);
  /** @type {string[]} */
  const ids = [];
  for (const phone of phones) ids.push(await project.user(phone));
  return phones.map((phone, i) => {
    /** @type {Promise<unknown>} */
    let previous = Promise.resolve();
    return () => (previous = previous.then(() => one(phone, /** @type {string} */ (ids[i]))));
  });
}

/** @param {number | undefined} pid @returns {number} resident memory of the process, in MB (Linux), or NaN */
function residentMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The stateful workloads of issue 17, against @sms-otp/mock. @param {typeof FULL} counts */
async function measureStateful(counts) {
  const server = await ourMock();
  const rssStartMb = residentMb(server.pid);
  try {
    const sendProject = statefulProject(server.url, "project-test-bench-send");
    const sends = await perNumber((phone) => sendProject.send(phone), sendProject);
    await timeSequential(sends, counts.warmup);
    const send = { sequential: throughput(await timeSequential(sends, counts.sequential)), concurrent: throughput(await timeConcurrent(sends, counts.concurrent, counts.concurrency)) };

    const flowProject = statefulProject(server.url, "project-test-bench-flow");
    const flows = await perNumber(async (phone, phoneId) => {
      await flowProject.send(phone);
      await flowProject.authenticate(phoneId, await flowProject.code(phone));
    }, flowProject);
    const flow = { sequential: throughput(await timeSequential(flows, counts.flows)), concurrent: throughput(await timeConcurrent(flows, counts.flows, counts.concurrency)) };

    // With log-in-or-create, every send is to a new number and makes a User, so the Users' and codes' caps are
    // reached too; without it, the sends take turns over the numbers of perNumber.
    const manyProject = statefulProject(server.url, "project-test-bench-many");
    let fresh = 0;
    const many = manyProject.hasLoginOrCreate
      ? [() => manyProject.user(`+1303${String(fresh++).padStart(7, "0")}`)]
      : await perNumber((phone) => manyProject.send(phone), manyProject);
    const rssBeforeMb = residentMb(server.pid);
    const edge = Math.min(EDGE, Math.floor(counts.manySends / 4));
    const first = await timeSequential(many, edge);
    await timeConcurrent(many, counts.manySends - 2 * edge, counts.concurrency);
    const last = await timeSequential(many, edge);
    const rssAfterMb = residentMb(server.pid);
    return { send, flow, manySends: { count: counts.manySends, edge, rssStartMb, rssBeforeMb, rssAfterMb, first: throughput(first), last: throughput(last) } };
  } finally {
    await server.stop();
  }
}

/** @param {Awaited<ReturnType<typeof measureStateful>>} stateful @param {typeof FULL} counts */
function statefulTable({ send, flow, manySends }, counts) {
  const fixed = (/** @type {number} */ value, /** @type {number} */ digits) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const row = (/** @type {string} */ name, /** @type {{ sequential: Throughput, concurrent: Throughput }} */ { sequential: s, concurrent: c }) =>
    `| ${name} | ${fixed(s.perSecond, 0)} | ${fixed(s.p50, 2)} | ${fixed(s.p99, 2)} | ${fixed(c.perSecond, 0)} | ${fixed(c.p50, 2)} | ${fixed(c.p99, 2)} |`;
  const m = manySends;
  return [
    `| stateful workload | 1 in flight, per s | p50, ms | p99, ms | ${counts.concurrency} in flight, per s | p50, ms | p99, ms |`,
    "| --- | --- | --- | --- | --- | --- | --- |",
    row("send to a known User (the stateful rules answer)", send),
    row("flow: send → read the code → authenticate with a session", flow),
    "",
    `| ${fixed(m.count, 0)} sends in one project | resident MB at start | before the sends | after | growth since start | first ${m.edge}: p50, ms | p99, ms | last ${m.edge}: p50, ms | p99, ms |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    `| @sms-otp/mock | ${fixed(m.rssStartMb, 1)} | ${fixed(m.rssBeforeMb, 1)} | ${fixed(m.rssAfterMb, 1)} | ${fixed(m.rssAfterMb - m.rssStartMb, 1)} | ${fixed(m.first.p50, 2)} | ${fixed(m.first.p99, 2)} | ${fixed(m.last.p50, 2)} | ${fixed(m.last.p99, 2)} |`,
  ].join("\n");
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
  const { values } = parseArgs({ options: { quick: { type: "boolean" }, write: { type: "boolean" }, baseline: { type: "string" } } });
  if (values.quick && values.write) throw new BenchError("--write records a full run; leave out --quick");
  const counts = values.quick ? QUICK : FULL;
  /** @type {Record<string, Awaited<ReturnType<typeof measure>>>} */
  const results = {
    "bare Prism 5.14 CLI (before)": await measure(barePrism, counts),
    "Prism CLI behind a pass-through proxy": await measure(prismBehindProxy, counts),
    "@sms-otp/mock, Prism as a library (after)": await measure(() => ourMock(), counts),
  };
  // Another checkout, built, whose mock to compare with this one's: the two alternate for BASELINE_ROUNDS rounds so
  // that a change in the machine's load falls on both, and each row is the round of median throughput.
  if (values.baseline !== undefined) {
    const baseline = values.baseline;
    /** @type {Awaited<ReturnType<typeof measure>>[][]} */
    const rounds = [[], []];
    for (let round = 0; round < (values.quick ? 1 : BASELINE_ROUNDS); round++) {
      rounds[0]?.push(await measure(() => ourMock(), counts));
      rounds[1]?.push(await measure(() => ourMock(baseline), counts));
    }
    const median = (/** @type {Awaited<ReturnType<typeof measure>>[]} */ runs) =>
      /** @type {Awaited<ReturnType<typeof measure>>} */ ([...runs].sort((a, b) => a.sequential.perSecond - b.sequential.perSecond)[Math.floor(runs.length / 2)]);
    results[`@sms-otp/mock, median of ${rounds[0]?.length} rounds alternating with the baseline`] = median(rounds[0] ?? []);
    results[`@sms-otp/mock of ${baseline} (baseline), median of ${rounds[1]?.length} rounds`] = median(rounds[1] ?? []);
  }
  const text = `${table(results, counts)}\n\n${statefulTable(await measureStateful(counts), counts)}`;
  process.stdout.write(`${text}\n`);
  if (values.write) {
    const path = join(BENCH_DIR, "RESULTS.md");
    const [start, end] = MARKERS;
    const current = readFileSync(path, "utf8");
    const section =
      `${start}\n## Mock throughput\n\nWritten by \`node src/mock-throughput.mjs --write\` on ${new Date().toISOString()}; ` +
      `${counts.warmup} warm-up, ${counts.sequential} one at a time, ${counts.concurrent} with ${counts.concurrency} in flight, ` +
      `alternating over the first request example of every operation; target: no worse than 10% below bare Prism. ` +
      `Then the stateful workloads (issue 17), each flow counted once: ${counts.flows} flows one at a time and ${counts.flows} with ${counts.concurrency} in flight, ` +
      `over ${NUMBERS} numbers; ${counts.manySends.toLocaleString("en-US")} sends in one project, the first and last ${EDGE} one at a time, the rest ${counts.concurrency} in flight; ` +
      `targets: memory within 150 MB of the start, the last sends as fast as the first.\n\n${text}\n${end}`;
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
