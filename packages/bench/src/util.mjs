import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT_DIR = resolve(BENCH_DIR, "../..");
export const CLIENT_DIR = join(ROOT_DIR, "packages", "client");
export const PROGRAMS_DIR = join(BENCH_DIR, "programs");

/** The three ways the benchmark program is written; `fetch` (bare `fetch(url, init)`) is the floor. */
export const VARIANTS = /** @type {const} */ (["client", "stytch", "fetch"]);
/** @typedef {typeof VARIANTS[number]} Variant */

// Shaped like Stytch's test credentials so every variant accepts them; they never leave loopback.
export const FAKE_CREDENTIALS = {
  projectId: "project-test-00000000-0000-0000-0000-000000000000",
  secret: "secret-test-bench0000000000000000000000000000=",
};

/** The stytch version the bench pins; the install-footprint step installs exactly this one. */
export const STYTCH_VERSION = /** @type {{ devDependencies: Record<string, string> }} */ (
  JSON.parse(readFileSync(join(BENCH_DIR, "package.json"), "utf8"))
).devDependencies["stytch"] ?? "";

/** An expected failure: the CLI prints its message as one line, without a stack trace. */
export class BenchError extends Error {}

/** @type {Set<() => Promise<void> | void>} */
const cleanups = new Set();

/**
 * Registers `fn` to run when the step ends or when the bench is interrupted, whichever comes first.
 * @param {() => Promise<void> | void} fn
 * @returns {() => Promise<void>} runs `fn` now (once) and unregisters it
 */
export function registerCleanup(fn) {
  cleanups.add(fn);
  return async () => {
    if (cleanups.delete(fn)) await fn();
  };
}

/** Runs every pending cleanup, newest first; used when the bench is interrupted or fails. */
export async function runAllCleanups() {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      await fn();
    } catch {
      // Best effort: one failed cleanup must not keep the others from running.
    }
  }
}

/**
 * The environment for every command the bench starts.
 * @param {Record<string, string>} [extra]
 */
export function benchEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    // Both tools otherwise make DNS lookups on every run, and only loopback and the npm registry are reachable.
    TURBO_TELEMETRY_DISABLED: "1",
    REDOCLY_TELEMETRY: "off",
    REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
    ...extra,
  };
  // The loopback certificate is trusted explicitly (NODE_EXTRA_CA_CERTS); an inherited switch that disables
  // verification would make that trust untested.
  delete env["NODE_TLS_REJECT_UNAUTHORIZED"];
  return env;
}

/**
 * Runs a command to completion and times it.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, label: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ ms: number, stdout: string, stderr: string }>}
 */
export function run(command, args, { cwd, label, env = benchEnv() }) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    // Its own process group, so an interrupted bench can stop the command and everything it started.
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const release = registerCleanup(() => killGroup(child.pid));
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => {
      void release();
      reject(new BenchError(`${label}: cannot run ${command} (${error.message})`));
    });
    child.on("close", (code, signal) => {
      const ms = performance.now() - started;
      // Also stops anything the command left running in its group.
      void release();
      if (code === 0) resolvePromise({ ms, stdout, stderr });
      else reject(new BenchError(`${label} failed (${signal ?? `exit ${code}`}): ${lastLine(stderr) || lastLine(stdout)}`));
    });
  });
}

/** @param {number | undefined} pid */
export function killGroup(pid) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}

/** @param {string} text */
export function lastLine(text) {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? "";
}

/** @param {string} message */
export function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}
