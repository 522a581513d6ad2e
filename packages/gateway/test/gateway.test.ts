// The gateway against a recording upstream of the test's own, over real HTTP on loopback: what reaches the
// upstream, what never does, and what the browser side can read. Expectations come from the contract, so a new
// operation is covered without edits here.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadContract } from "@sms-otp/spec/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, startGateway, type GatewayOptions, type GatewayServer } from "../src/index.js";

const contract = loadContract();
const PROJECT_ID = "project-test-11111111-2222-4333-8444-555555555555";
// A value that cannot appear by accident, so finding it anywhere means it leaked.
const SECRET = "secret-test-CANARY-Zq8vX3mK9pL2wR7tY4uE";
const BASIC = `Basic ${Buffer.from(`${PROJECT_ID}:${SECRET}`).toString("base64")}`;
const DOCS_ORIGIN = "http://127.0.0.1:18080";
const FOREIGN_ORIGIN = "https://evil.example";
const consumerSend = contract.operations.find((operation) => operation.requestFields.some((field) => field.path === "phone_number"));
if (!consumerSend) throw new Error("the contract has no operation with a phone_number field");

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An upstream that records every request and answers with `reply` (by default a 200 echoing nothing secret). */
function recordingUpstream() {
  const received: Recorded[] = [];
  let reply: (recorded: Recorded) => { status: number; body: string; headers?: Record<string, string> } = () => ({
    status: 200,
    body: JSON.stringify({ status_code: 200, request_id: "request-id-test-upstream" }),
  });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(recorded);
      const { status, body, headers = {} } = reply(recorded);
      response.writeHead(status, { "Content-Type": "application/json", ...headers }).end(body);
    });
  });
  return {
    received,
    server,
    answerWith(next: typeof reply) {
      reply = next;
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
  };
}

/** Everything a browser could read from one exchange: status line, headers and body. */
interface Seen {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

const seenByClient: string[] = [];
const logLines: string[] = [];
const upstream = recordingUpstream();
let upstreamUrl: string;
const gateways: GatewayServer[] = [];

async function gateway(overrides: Partial<GatewayOptions> = {}): Promise<GatewayServer> {
  const started = await startGateway({
    upstream: upstreamUrl,
    projectId: PROJECT_ID,
    secret: SECRET,
    allowedOrigins: [DOCS_ORIGIN],
    sendsPerMinute: 1000,
    log: (line) => logLines.push(line),
    ...overrides,
  });
  gateways.push(started);
  return started;
}

async function call(base: GatewayServer, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Seen> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined && !headers.has("content-type")) headers.set("Content-Type", "application/json");
  if (!headers.has("origin")) headers.set("Origin", DOCS_ORIGIN);
  const response = await fetch(`${base.url}${path}`, {
    method: json === undefined ? (rest.method ?? "GET") : (rest.method ?? "POST"),
    ...rest,
    headers,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await response.text();
  seenByClient.push(`${response.status} ${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${text}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: parsed };
}

function expectStytchEnvelope(body: any, status: number, errorType?: string) {
  expect(body).toMatchObject({
    status_code: status,
    request_id: expect.stringMatching(/\S/),
    error_type: errorType ?? expect.stringMatching(/\S/),
    error_message: expect.stringMatching(/\S/),
    error_url: expect.stringMatching(/^https:\/\//),
  });
}

beforeAll(async () => {
  upstreamUrl = await upstream.listen();
});

afterEach(() => {
  upstream.received.length = 0;
  upstream.answerWith(() => ({ status: 200, body: JSON.stringify({ status_code: 200, request_id: "request-id-test-upstream" }) }));
});

afterAll(async () => {
  await Promise.all(gateways.map((started) => started.close()));
  upstream.server.closeAllConnections();
  await new Promise((resolve) => upstream.server.close(resolve));
});

describe("forwarding the contract's operations", () => {
  it.each(contract.operations.map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation] as const))(
    "%s: the upstream receives Basic base64(id:secret) and the exact body; the browser gets its answer",
    async (_name, operation) => {
      const example = operation.requestExamples[0];
      if (!example) throw new Error(`${operation.operationId} has no request example`);
      upstream.answerWith(() => ({
        status: 200,
        body: JSON.stringify({ status_code: 200, request_id: "request-id-test-from-upstream" }),
        headers: { "X-Upstream-Only": "not forwarded" },
      }));
      const base = await gateway();
      const seen = await call(base, operation.path, { json: example.value });
      expect(seen.status).toBe(200);
      expect(seen.json).toEqual({ status_code: 200, request_id: "request-id-test-from-upstream" });
      expect(seen.headers.get("x-upstream-only")).toBeNull();
      expect(upstream.received).toHaveLength(1);
      const [received] = upstream.received;
      expect(received?.method).toBe(operation.method.toUpperCase());
      expect(received?.url).toBe(operation.path);
      expect(received?.headers.authorization).toBe(BASIC);
      expect(received?.body).toBe(JSON.stringify(example.value));
    },
  );

  it("passes an upstream error through with its status, body and Retry-After", async () => {
    const tooMany = consumerSend.examples.find((example) => example.status === 429);
    upstream.answerWith(() => ({ status: 429, body: JSON.stringify(tooMany?.value), headers: { "Retry-After": "7" } }));
    const base = await gateway();
    const seen = await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value });
    expect(seen.status).toBe(429);
    expect(seen.json).toEqual(tooMany?.value);
    expect(seen.headers.get("retry-after")).toBe("7");
  });

  it("answers 502 upstream_unavailable, naming the upstream, when the upstream does not answer", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const base = await gateway({ upstream: deadUrl });
    const seen = await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value });
    expect(seen.status).toBe(502);
    expectStytchEnvelope(seen.json, 502, "upstream_unavailable");
    expect(seen.json.error_message).toContain(deadUrl);
  });

  it("answers 502 when the upstream accepts the request but never answers", async () => {
    const silent = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const base = await gateway({ upstream: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, upstreamTimeoutMs: 300 });
      const seen = await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value });
      expect(seen.status).toBe(502);
      expectStytchEnvelope(seen.json, 502, "upstream_unavailable");
      expect(seen.json.error_message).toContain("no answer within 300 ms");
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("requests that never reach the upstream", () => {
  it("an invalid body gets the contract's Stytch error for it, with a fresh request_id", async () => {
    const base = await gateway();
    const body = { ...(consumerSend.requestExamples[0]?.value as object), phone_number: "12345" };
    const expected = contract.validateRequest(consumerSend.operationId, body);
    expect(expected).toBeDefined();
    const seen = await call(base, consumerSend.path, { json: body });
    expect(seen.status).toBe(expected?.status);
    expect(seen.json).toEqual({ ...expected?.body, request_id: expect.stringMatching(/^request-id-gateway-/) });
    // The spec maps a phone_number pattern failure to Stytch's invalid_phone_number.
    expect(seen.json.error_type).toBe("invalid_phone_number");
    expect(upstream.received).toEqual([]);
  });

  it("a body that is not JSON gets 400 bad_request; a body that is not sent as JSON gets 415", async () => {
    const base = await gateway();
    const notJson = await call(base, consumerSend.path, { method: "POST", body: "{phone_number:", headers: { "Content-Type": "application/json" } });
    expect(notJson.status).toBe(400);
    expectStytchEnvelope(notJson.json, 400, "bad_request");
    const formPost = await call(base, consumerSend.path, {
      method: "POST",
      body: "phone_number=%2B10000000000",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(formPost.status).toBe(415);
    expectStytchEnvelope(formPost.json, 415, "unsupported_content_type");
    expect(upstream.received).toEqual([]);
  });

  it(`a body over ${MAX_BODY_BYTES} bytes gets 413 request_too_large`, async () => {
    const base = await gateway();
    const seen = await call(base, consumerSend.path, { json: { phone_number: "+10000000000", user_id: "x".repeat(MAX_BODY_BYTES) } });
    expect(seen.status).toBe(413);
    expectStytchEnvelope(seen.json, 413, "request_too_large");
    expect(upstream.received).toEqual([]);
  });

  it("a request with its own Authorization header gets 400, even with valid credentials", async () => {
    const base = await gateway();
    const seen = await call(base, consumerSend.path, {
      json: consumerSend.requestExamples[0]?.value,
      headers: { Authorization: BASIC },
    });
    expect(seen.status).toBe(400);
    expectStytchEnvelope(seen.json, 400, "authorization_not_allowed");
    expect(upstream.received).toEqual([]);
  });

  it("past GATEWAY_SENDS_PER_MINUTE, sends get 429 too_many_requests with Retry-After", async () => {
    const base = await gateway({ sendsPerMinute: 2 });
    const body = consumerSend.requestExamples[0]?.value;
    const statuses = [];
    for (let send = 0; send < 4; send++) statuses.push((await call(base, consumerSend.path, { json: body })).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const limited = await call(base, consumerSend.path, { json: body });
    expectStytchEnvelope(limited.json, 429, "too_many_requests");
    expect(limited.json.error_message).toContain("2 sends per minute");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(upstream.received).toHaveLength(2);
  });

  it("invalid requests do not use up the send limit", async () => {
    const base = await gateway({ sendsPerMinute: 1 });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await call(base, consumerSend.path, { json: { phone_number: "not a number" } })).status).toBe(400);
    }
    expect((await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value })).status).toBe(200);
  });

  it.each([
    ["GET", "/"],
    ["GET", "/v1/otps/sms/send"],
    ["POST", "/v1/otps/email/send"],
    ["POST", "/v1/users"],
    ["POST", "/v1/otps/sms/send/"],
    ["POST", "//evil.example/v1/otps/sms/send"],
    ["DELETE", "/health"],
  ])("%s %s is not forwarded: 404 (or 405) in Stytch's envelope", async (method, path) => {
    const base = await gateway();
    const seen = await call(base, path, { method, ...(method === "POST" ? { json: { phone_number: "+10000000000" } } : {}) });
    expect([404, 405]).toContain(seen.status);
    expectStytchEnvelope(seen.json, seen.status);
    expect(upstream.received).toEqual([]);
  });
});

describe("CORS", () => {
  it("an allowed origin gets CORS headers on answers and preflights; Authorization is not an allowed header", async () => {
    const base = await gateway();
    const health = await call(base, "/health");
    expect(health.headers.get("access-control-allow-origin")).toBe(DOCS_ORIGIN);
    const preflight = await call(base, consumerSend.path, {
      method: "OPTIONS",
      headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(DOCS_ORIGIN);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toBe("content-type");
  });

  it("a foreign origin gets no CORS headers, and its sends are refused before the upstream", async () => {
    const base = await gateway();
    for (const [path, init] of [
      ["/health", {}],
      [consumerSend.path, { method: "OPTIONS", headers: { "Access-Control-Request-Method": "POST" } }],
      [consumerSend.path, { json: consumerSend.requestExamples[0]?.value }],
    ] as const) {
      const seen = await call(base, path, { ...init, headers: { ...("headers" in init ? init.headers : {}), Origin: FOREIGN_ORIGIN } });
      expect([...seen.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
      expect(seen.status).toBe(403);
    }
    expect(upstream.received).toEqual([]);
  });

  it("a request without Origin (curl, a backend) is served", async () => {
    const base = await gateway();
    const response = await fetch(`${base.url}${consumerSend.path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(consumerSend.requestExamples[0]?.value),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("GET /health", () => {
  it("lists every operation of the contract and the upstream, and nothing secret", async () => {
    const base = await gateway();
    const seen = await call(base, "/health");
    expect(seen.status).toBe(200);
    expect(seen.json).toEqual({
      status: "ok",
      upstream: new URL(upstreamUrl).origin,
      sends_per_minute: 1000,
      operations: contract.operations.map(({ operationId, method, path }) => ({ operationId, method: method.toUpperCase(), path })),
    });
    expect(seen.text).not.toContain(PROJECT_ID);
  });
});

describe("logging", () => {
  it("writes one line per request, with phone numbers, session tokens and JWTs masked", async () => {
    logLines.length = 0;
    const base = await gateway();
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLXRlc3QifQ.c2lnbmF0dXJlLXRlc3Q";
    const token = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q";
    await call(base, consumerSend.path, { json: { phone_number: "+12025550162", session_token: token, session_jwt: jwt } });
    await call(base, "/health");
    await call(base, "/nowhere");
    expect(logLines).toHaveLength(3);
    const [send, health, nowhere] = logLines;
    expect(send).toMatch(new RegExp(`^gateway: POST ${consumerSend.path} \\d{3} \\d+ms origin=${DOCS_ORIGIN} body=`));
    expect(send).toContain("+1********62");
    for (const secret of ["2025550162", token, jwt, jwt.split(".")[1]!]) expect(send).not.toContain(secret);
    expect(health).toMatch(/^gateway: GET \/health 200 \d+ms/);
    expect(nowhere).toMatch(/^gateway: GET \/nowhere 404 \d+ms/);
  });
});

describe("the secret", () => {
  it("appears in nothing the browser received, nor in any log line, even when the upstream echoes it", async () => {
    const base = await gateway();
    upstream.answerWith((recorded) => ({
      status: 500,
      body: JSON.stringify({
        status_code: 500,
        request_id: "request-id-test-echo",
        error_type: "internal_server_error",
        error_message: `echo ${recorded.headers.authorization} ${SECRET}`,
        error_url: "https://stytch.com/docs/api/errors/500",
      }),
      headers: { "X-Echo": String(recorded.headers.authorization) },
    }));
    const echoed = await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value });
    expect(echoed.status).toBe(500);
    expect(echoed.text).toContain("[redacted]");
    // Every exchange of this file went through `call`; all of it is what a browser could have read.
    expect(seenByClient.length).toBeGreaterThan(10);
    const everything = [...seenByClient, ...logLines].join("\n");
    for (const needle of [SECRET, BASIC, BASIC.slice("Basic ".length)]) expect(everything).not.toContain(needle);
  });
});
