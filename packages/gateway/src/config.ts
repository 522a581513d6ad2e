// Reads and checks the gateway's settings, from the environment or from code. Every failure is one line that
// names the variable to fix and never repeats its value, nor any part of it: a secret pasted into the wrong
// variable must not end up on a terminal or in a CI log.
import { LOOPBACK_HOSTNAMES } from "@sms-otp/mock/guards";

export interface GatewayOptions {
  /** Where the contract's operations are forwarded: Stytch (https) or a loopback mock (http allowed). */
  upstream: string;
  projectId: string;
  secret: string;
  /** Origins that get CORS headers (scheme://host:port); requests from any other Origin are refused. */
  allowedOrigins: readonly string[];
  /** Sends forwarded upstream per rolling minute, across all callers; more are answered 429 locally. */
  sendsPerMinute: number;
  /** A `project-live-` id is refused unless this is true: every live send is a billed text to a real phone. */
  allowLive?: boolean | undefined;
  /** Receives one line per request (masked); defaults to stdout. */
  log?: ((line: string) => void) | undefined;
  /** How long one upstream call may take, in milliseconds (default 15000). */
  upstreamTimeoutMs?: number | undefined;
  /** How long a client may take to send a whole request before it gets 408 (default 30000; its headers: 10 s). */
  requestTimeoutMs?: number | undefined;
  /** Connections open at once; more are closed at once (default 256). */
  maxConnections?: number | undefined;
}

export interface GatewayEnvironment {
  [name: string]: string | undefined;
}

export class GatewayConfigError extends Error {
  override name = "GatewayConfigError";
}

export const DEFAULT_GATEWAY_PORT = 8787;
export const DEFAULT_SENDS_PER_MINUTE = 10;
// The mock checks only that a Basic header is present, so these are placeholders that say where they belong.
const MOCK_PROJECT_ID = "project-test-00000000-0000-0000-0000-000000000000";
const MOCK_SECRET = "secret-test-local-mock-only";

function fail(message: string): never {
  throw new GatewayConfigError(`gateway: ${message}`);
}

/** Whether `url` points at this machine: only such an upstream may be sent plain http, or be asked for the mock's own routes. */
export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTNAMES.includes(url.hostname);
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    fail(`${name} must be a whole number from ${min} to ${max}`);
  }
  return number;
}

export function parsePort(value: string | undefined): number {
  return parseInteger("GATEWAY_PORT", value, DEFAULT_GATEWAY_PORT, 0, 65535);
}

/** Checks the upstream URL. */
export function checkUpstream(upstream: string): URL {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    fail("GATEWAY_UPSTREAM is not an absolute URL such as https://test.stytch.com or http://127.0.0.1:4010");
  }
  if (url.username !== "" || url.password !== "") {
    fail("GATEWAY_UPSTREAM must not contain credentials; set STYTCH_PROJECT_ID and STYTCH_SECRET instead");
  }
  if (url.protocol === "http:" && !isLoopback(url)) {
    fail("GATEWAY_UPSTREAM would carry the secret unencrypted: use https:// (http:// only on localhost, 127.0.0.1 or [::1])");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail("GATEWAY_UPSTREAM must be an https:// URL");
  return url;
}

export function checkOrigins(origins: readonly string[]): string[] {
  return origins.map((origin, index) => {
    const entry = `GATEWAY_ALLOWED_ORIGINS entry ${index + 1} of ${origins.length}`;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      fail(`${entry} is not an origin such as http://127.0.0.1:8080`);
    }
    if (url.origin !== origin.replace(/\/$/, "")) fail(`${entry} must be scheme://host[:port] only, with no path`);
    return url.origin;
  });
}

/** Checks options given in code the same way as those read from the environment. */
export function checkOptions(options: GatewayOptions): GatewayOptions {
  checkUpstream(options.upstream);
  if (typeof options.projectId !== "string" || options.projectId.trim() === "") fail("STYTCH_PROJECT_ID is empty");
  if (typeof options.secret !== "string" || options.secret.trim() === "") fail("STYTCH_SECRET is empty");
  if (options.projectId.startsWith("project-live-") && options.allowLive !== true) {
    fail(
      "refusing a project-live- id: every send is a billed text to a real phone; use a project-test- id, or set GATEWAY_ALLOW_LIVE=1 if you mean it",
    );
  }
  if (!Number.isInteger(options.sendsPerMinute) || options.sendsPerMinute < 1) {
    fail("GATEWAY_SENDS_PER_MINUTE must be a whole number of at least 1");
  }
  for (const [name, value] of [["upstreamTimeoutMs", options.upstreamTimeoutMs], ["requestTimeoutMs", options.requestTimeoutMs], ["maxConnections", options.maxConnections]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) fail(`${name} must be a whole number of at least 1`);
  }
  return { ...options, allowedOrigins: checkOrigins(options.allowedOrigins) };
}

/** The gateway's options from environment variables (see the package README for each one). */
export function optionsFromEnvironment(env: GatewayEnvironment): GatewayOptions {
  const mockPort = parseInteger("PORT", env["PORT"], 4010, 1, 65535);
  const upstream = env["GATEWAY_UPSTREAM"]?.trim() || `http://127.0.0.1:${mockPort}`;
  const upstreamUrl = checkUpstream(upstream);
  let projectId = env["STYTCH_PROJECT_ID"]?.trim() ?? "";
  let secret = env["STYTCH_SECRET"] ?? "";
  if (projectId === "" && secret === "" && isLoopback(upstreamUrl)) {
    projectId = MOCK_PROJECT_ID;
    secret = MOCK_SECRET;
  } else if (projectId === "" || secret.trim() === "") {
    const missing = projectId === "" ? "STYTCH_PROJECT_ID" : "STYTCH_SECRET";
    fail(`${missing} is not set: the gateway needs the project's credentials to call GATEWAY_UPSTREAM`);
  }
  const docsPort = parseInteger("DOCS_PORT", env["DOCS_PORT"], 8080, 1, 65535);
  const origins = env["GATEWAY_ALLOWED_ORIGINS"]?.trim();
  return checkOptions({
    upstream,
    projectId,
    secret,
    allowedOrigins: origins
      ? origins.split(",").map((origin) => origin.trim()).filter((origin) => origin !== "")
      : [`http://127.0.0.1:${docsPort}`, `http://localhost:${docsPort}`],
    sendsPerMinute: parseInteger("GATEWAY_SENDS_PER_MINUTE", env["GATEWAY_SENDS_PER_MINUTE"], DEFAULT_SENDS_PER_MINUTE, 1, 100_000),
    allowLive: env["GATEWAY_ALLOW_LIVE"] === "1",
  });
}
