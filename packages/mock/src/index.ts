import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface StartMockOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1 so the mock is never reachable from other machines. */
  host?: string;
  /** The bundled OpenAPI document to serve; defaults to the one `@sms-otp/spec` builds. */
  specPath?: string;
  /** How long Prism may take to start listening; defaults to 30 s. */
  startTimeoutMs?: number;
  /** Receives Prism's log (one entry per request) once it is listening; by default the log is discarded. */
  onOutput?: (text: string) => void;
}

export interface MockServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Process id of Prism, which leads its own process group. */
  pid: number;
  /** Settles when Prism has exited, whether through `stop()` or not. */
  exited: Promise<MockExit>;
  /** Stops Prism and every process it started; resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface MockExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const require = createRequire(import.meta.url);
// Plain CommonJS next to src/ and dist/, so the same path works from either; see the file for why it exists.
const PRISM_PRELOAD = fileURLToPath(new URL("../prism-preload.cjs", import.meta.url));
const READY_LINE = "Prism is listening on";
// Prism prints its whole command-line usage before the error of any failed start; it only hides the error.
const YARGS_USAGE = /^prism mock <document>\n[\s\S]*?^Options:\n(?:[ \t]+.*\n)*/m;
// Enough for Prism's error and stack trace.
const MAX_OUTPUT_CHARS = 4000;
const STOP_GRACE_MS = 5000;
const PORT_ATTEMPTS = 3;
const running = new Set<ChildProcess>();

/** Where `pnpm build` writes the bundled contract, the one input of the mock. */
export function defaultSpecPath(): string {
  return join(dirname(require.resolve("@sms-otp/spec/package.json")), "dist", "openapi.yaml");
}

export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const specPath = resolve(options.specPath ?? defaultSpecPath());
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  if (!existsSync(specPath)) {
    throw new Error(`@sms-otp/mock: no OpenAPI bundle at ${specPath}; run "pnpm build" first (it writes spec/dist/openapi.yaml)`);
  }
  const fixedPort = options.port !== undefined && options.port !== 0;
  for (let attempt = 1; ; attempt++) {
    // Prism cannot listen on port 0 and report the port, so a free port is found first. Another process may
    // take it in between; only then is a retry with a new port worth it.
    const port = fixedPort ? (options.port as number) : await findFreePort(host);
    try {
      return await spawnPrism({ host, port, specPath, startTimeoutMs, onOutput: options.onOutput });
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes("EADDRINUSE");
      if (fixedPort || !portTaken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

interface SpawnOptions {
  host: string;
  port: number;
  specPath: string;
  startTimeoutMs: number;
  onOutput: ((text: string) => void) | undefined;
}

async function spawnPrism({ host, port, specPath, startTimeoutMs, onOutput }: SpawnOptions): Promise<MockServer> {
  const args = ["--require", PRISM_PRELOAD, prismBin(), "mock", "-h", host, "-p", String(port), "--errors", specPath];
  const child = spawn(process.execPath, args, {
    // Its own process group, so stop() can signal Prism and anything it starts in one call.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  running.add(child);
  const exited = new Promise<MockExit>((resolveExit) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal });
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= terminate(child, exited));

  try {
    await waitUntilListening(child, exited, { host, port, startTimeoutMs, onOutput });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://${formatHost(host)}:${port}`, pid: child.pid as number, exited, stop };
}

function waitUntilListening(
  child: ChildProcess,
  exited: Promise<MockExit>,
  { host, port, startTimeoutMs, onOutput }: Omit<SpawnOptions, "specPath">,
): Promise<void> {
  return new Promise((resolveReady, rejectReady) => {
    let output = "";
    let ready = false;
    const where = `${formatHost(host)}:${port}`;
    const fail = (reason: string) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      const log = stripAnsi(output).replace(YARGS_USAGE, "").trim().slice(-MAX_OUTPUT_CHARS);
      rejectReady(new Error(`@sms-otp/mock: Prism ${reason} on ${where}.${log ? ` Its output:\n${log}` : ""}`));
    };
    const onData = (chunk: string) => {
      if (ready) {
        onOutput?.(chunk);
        return;
      }
      output += chunk;
      if (output.includes(READY_LINE)) {
        ready = true;
        clearTimeout(timer);
        resolveReady();
      }
    };
    // Both pipes are read for Prism's whole life: a full pipe would block it on its next log line.
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", onData);
    }
    const timer = setTimeout(() => fail(`did not start listening within ${startTimeoutMs} ms`), startTimeoutMs);
    child.once("error", (error) => fail(`could not be started (${error.message})`));
    void exited.then(({ code, signal }) => fail(`exited (${signal ?? `code ${code}`}) before listening`));
  });
}

async function terminate(child: ChildProcess, exited: Promise<MockExit>): Promise<void> {
  // Without a pid the spawn itself failed: there is no process, and no exit event will come.
  if (child.pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, "SIGTERM");
    const escalate = setTimeout(() => signalGroup(child, "SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(escalate);
  }
  // Prism itself starts no processes today; this sweeps the group in case a later version does.
  signalGroup(child, "SIGKILL");
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is the goal.
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

// A detached Prism would outlive a parent that exits without calling stop() (a crash, process.exit()).
process.once("exit", () => {
  for (const child of running) signalGroup(child, "SIGKILL");
});

function prismBin(): string {
  const packageJsonPath = require.resolve("@stoplight/prism-cli/package.json");
  const { bin } = JSON.parse(readFileSync(packageJsonPath, "utf8")) as { bin: string | Record<string, string> };
  const relative = typeof bin === "string" ? bin : bin["prism"];
  if (relative === undefined) throw new Error("@sms-otp/mock: @stoplight/prism-cli declares no prism binary");
  return join(dirname(packageJsonPath), relative);
}

function findFreePort(host: string): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once("error", rejectPort);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolvePort(address.port);
        else rejectPort(new Error(`@sms-otp/mock: could not find a free port on ${host}`));
      });
    });
  });
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
