// The gateway against a recording upstream of the test's own, over real HTTP on loopback: what reaches the
// upstream, what never does, and what the browser side can read. Expectations come from the contract, so a new
// operation is covered without edits here.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { loadContract } from "@sms-otp/spec/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_CONNECTIONS,
  MAX_BODY_BYTES,
  MAX_LOGGED_CHARS,
  maskForLog,
  MOCK_MESSAGES_KEPT,
  MOCK_MESSAGES_PATH,
  startGateway,
  type GatewayOptions,
  type GatewayServer,
} from "../src/index.js";
// The mock's tests measure costs the same way.
import { cpuMilliseconds } from "../../mock/test/cpu.js";

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
      mock_messages: true,
      operations: contract.operations.map(({ operationId, method, path }) => ({ operationId, method: method.toUpperCase(), path })),
    });
    expect(seen.text).not.toContain(PROJECT_ID);
  });
});

describe(`GET ${MOCK_MESSAGES_PATH}, the mock's outbox, read-only`, () => {
  const message = (cursor: number) => ({ id: `message-test-${cursor}`, cursor: String(cursor), to: "+12025550123", code: "123456", status: "pending" });

  it("is forwarded to a loopback upstream with the gateway's credentials and the list's query; the newest texts come back", async () => {
    const base = await gateway();
    const all = Array.from({ length: MOCK_MESSAGES_KEPT + 5 }, (_, index) => message(index + 1));
    upstream.answerWith(() => ({ status: 200, body: JSON.stringify({ messages: all, next_cursor: String(all.length) }) }));
    const seen = await call(base, `${MOCK_MESSAGES_PATH}?after=3&wait_ms=50&to=%2B12025550123`);
    expect(seen.status).toBe(200);
    expect(seen.headers.get("access-control-allow-origin")).toBe(DOCS_ORIGIN);
    expect(seen.json).toEqual({ messages: all.slice(-MOCK_MESSAGES_KEPT), next_cursor: String(all.length) });
    expect(upstream.received).toHaveLength(1);
    const [forwarded] = upstream.received;
    expect(forwarded?.method).toBe("GET");
    expect(forwarded?.headers.authorization).toBe(BASIC);
    expect(Object.fromEntries(new URL(forwarded?.url ?? "", "http://upstream").searchParams)).toEqual({ after: "3", wait_ms: "50", to: "+12025550123" });
  });

  it("passes the mock's error on (a bad cursor: 400) in the envelope, and redacts the secret an upstream echoes", async () => {
    const base = await gateway();
    upstream.answerWith(() => ({ status: 400, body: JSON.stringify({ status_code: 400, request_id: "r", error_type: "bad_request", error_message: `after ${SECRET}`, error_url: "https://stytch.com/docs/api/errors/400" }) }));
    const seen = await call(base, `${MOCK_MESSAGES_PATH}?after=x`);
    expect(seen.status).toBe(400);
    expectStytchEnvelope(seen.json, 400, "bad_request");
    expect(seen.text).not.toContain(SECRET);
  });

  it("forwards nothing else: no other method, no other query parameter, no upstream that is not on this machine", async () => {
    const base = await gateway();
    for (const method of ["POST", "DELETE", "PUT"]) {
      const seen = await call(base, MOCK_MESSAGES_PATH, { method });
      expect(seen.status, method).toBe(405);
      expectStytchEnvelope(seen.json, 405, "method_not_allowed");
    }
    const extra = await call(base, `${MOCK_MESSAGES_PATH}?after=1&project_id=other`);
    expect(extra.status).toBe(400);
    expectStytchEnvelope(extra.json, 400, "bad_request");
    for (const path of ["/__mock/v1/clock", "/__mock/v1/reset", "/__mock/v1/events", "/__mock/v1/messages/1"]) {
      expect((await call(base, path)).status, path).toBe(404);
    }
    expect(upstream.received).toEqual([]);

    const stytch = await gateway({ upstream: "https://test.stytch.example" });
    const remote = await call(stytch, MOCK_MESSAGES_PATH);
    expect(remote.status).toBe(404);
    expectStytchEnvelope(remote.json, 404, "route_not_found");
    expect((await call(stytch, "/health")).json.mock_messages).toBe(false);
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

/** One request written byte for byte on a socket (what fetch refuses to send), and everything that came back. */
function rawExchange(base: GatewayServer, head: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const socket = connect(Number(new URL(base.url).port), "127.0.0.1", () => socket.write(head));
    socket.setEncoding("latin1").on("data", (chunk: string) => {
      text += chunk;
      if (/\r\n\r\n/.test(text) && text.length >= text.indexOf("\r\n\r\n") + 4 + Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0)) socket.end();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(text));
  });
}

function bodyOf(raw: string): any {
  return JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
}

/** A GET or POST with any Host header (fetch will not set one), answered as status and body. */
function withHost(base: GatewayServer, path: string, host: string | undefined, body?: unknown): Promise<{ status: number; json: any }> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  const head = [
    `${json === undefined ? "GET" : "POST"} ${path} HTTP/1.${host === undefined ? 0 : 1}`,
    ...(host === undefined ? [] : [`Host: ${host}`]),
    ...(json === undefined ? [] : ["Content-Type: application/json", `Content-Length: ${Buffer.byteLength(json)}`]),
    "Connection: close",
  ].join("\r\n");
  return rawExchange(base, `${head}\r\n\r\n${json ?? ""}`).then((raw) => ({ status: Number(raw.split(" ")[1]), json: bodyOf(raw) }));
}

// 8 GiB, not the issue's 1 GiB: on a quiet machine loopback carries 1 GiB within the 2 s the gateway lingers, so
// only a body no client can finish before the cut tells a cut connection from a finished upload.
const FLOOD_BYTES = 8 * 1024 ** 3;

/**
 * Starts a request with `head`, then sends body bytes (`chunk`, again and again) as fast as the gateway takes them,
 * up to FLOOD_BYTES; resolves when the gateway closes the connection, with how long after its answer that was.
 */
function flood(base: GatewayServer, head: string, chunk: Buffer): Promise<{ answer: string; sent: number; cutAfterMs: number }> {
  return new Promise((resolve) => {
    let answer = "";
    let answeredAt: number | undefined;
    let sent = 0;
    const socket = connect(Number(new URL(base.url).port), "127.0.0.1", () => {
      socket.write(head);
      pump();
    });
    const pump = () => {
      while (sent < FLOOD_BYTES && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once("drain", pump);
          return;
        }
      }
    };
    socket.setEncoding("latin1").on("data", (text: string) => {
      answeredAt ??= performance.now();
      answer += text;
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve({ answer, sent, cutAfterMs: performance.now() - (answeredAt ?? Infinity) }));
  });
}

/** Resolves when `socket` closes, with the milliseconds since `since` and what it received. */
function closed(socket: Socket, since: number): Promise<{ afterMs: number; received: string }> {
  let received = "";
  socket.setEncoding("latin1").on("data", (text: string) => (received += text));
  socket.on("error", () => {});
  return new Promise((resolve) => socket.on("close", () => resolve({ afterMs: performance.now() - since, received })));
}

const PRINTABLE_LINE = /^[\x20-\x7e]*$/;

describe("issue 20: the attacks that did not hold", () => {
  it("1. raw ESC/OSC sequences in a cross-site body, a path or an origin reach no log line, not even on a 403", async () => {
    logLines.length = 0;
    const base = await gateway();
    const osc52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07";
    const fakeLine = `\r\ngateway: POST ${consumerSend.path} 200 1ms\x1b[2K`;
    // A foreign page's form-like post with escapes in the body: refused, and no body of it logged.
    const refused = await call(base, consumerSend.path, {
      method: "POST",
      body: `{"phone_number":"${osc52}${fakeLine}"}`,
      headers: { "Content-Type": "application/json", Origin: FOREIGN_ORIGIN },
    });
    expect(refused.status).toBe(403);
    // The same from an allowed origin: not JSON (raw control characters), so refused, and no body logged either.
    expect((await call(base, consumerSend.path, { method: "POST", body: `{"phone_number":"${osc52}"}`, headers: { "Content-Type": "application/json" } })).status).toBe(400);
    // Valid JSON carrying a C1 CSI (U+009B, one character in many terminals) and an escaped ESC: logged, made printable.
    const admitted = await call(base, consumerSend.path, { json: { phone_number: `\u009b2J\u001b]52;c;x\u0007\u00e9` } });
    expect(admitted.status).toBe(400);
    // A path and an Origin with raw bytes that Node lets through (obs-text: 0x80-0xff, read as latin1).
    const port = new URL(base.url).port;
    await rawExchange(base, Buffer.from(`GET /\x9b2J\xc2\x9b31m\xff HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://x\x9b2J\x1b\r\nConnection: close\r\n\r\n`, "latin1"));
    await rawExchange(base, Buffer.from(`GET /\x1b]52;c;eA==\x07 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`, "latin1"));
    expect(logLines.length).toBeGreaterThanOrEqual(5);
    for (const line of logLines) expect(line).toMatch(PRINTABLE_LINE);
    expect(logLines[0]).toMatch(new RegExp(`^gateway: POST ${consumerSend.path} 403 \\d+ms origin=${FOREIGN_ORIGIN}$`));
    expect(logLines[1]).not.toContain("body=");
    expect(logLines[2]?.endsWith(String.raw`body={"phone_number":"?2J\u001b]52;c;x\u0007?"}`)).toBe(true);
  });

  it("2. masking a 16 KB eyJ... token costs under 1 ms of CPU (it cost 80 ms), and a log line stays short", async () => {
    for (const attack of [
      "eyJ".repeat(5462),
      `eyJ${"a".repeat(16_381)}`,
      `/${"eyJ.".repeat(4096)}`,
      `"${"token".repeat(3276)}`,
      `{${'"a_token":"x",'.repeat(1170)}`,
      `"${" ".repeat(16_382)}"`,
      "1".repeat(16_384),
    ]) {
      maskForLog(attack);
      expect(cpuMilliseconds(() => maskForLog(attack)), attack.slice(0, 20)).toBeLessThan(1);
    }
    logLines.length = 0;
    const base = await gateway();
    const path = `/${"eyJ".repeat(5333)}`;
    expect((await call(base, path)).status).toBe(404);
    expect(logLines).toHaveLength(1);
    expect(logLines[0]?.length).toBeLessThan(MAX_LOGGED_CHARS + 100);
    expect(logLines[0]).not.toContain("eyJeyJ");
  });

  it("3. upstream headers never pass through: Authorization echoed into Content-Type or Retry-After stays upstream, also on a 429", async () => {
    const base = await gateway();
    for (const status of [200, 429]) {
      upstream.answerWith((recorded) => ({
        status,
        body: JSON.stringify({ status_code: status, request_id: "request-id-test-echo" }),
        headers: {
          "Content-Type": `text/html; ${recorded.headers.authorization}`,
          "Retry-After": `7 ${recorded.headers.authorization}`,
          "Set-Cookie": `a=${recorded.headers.authorization}`,
          Location: `https://evil.example/${SECRET}`,
          "X-Echo": String(recorded.headers.authorization),
        },
      }));
      const seen = await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value });
      expect(seen.status).toBe(status);
      expect(seen.headers.get("content-type")).toBe("application/json");
      expect(seen.headers.get("retry-after")).toBeNull();
      expect([...seen.headers.keys()].sort()).toEqual(
        ["access-control-allow-origin", "cache-control", "connection", "content-length", "content-type", "date", "keep-alive", "vary", "x-content-type-options"],
      );
    }
    for (const retryAfter of ["7", "Fri, 04 Dec 2026 23:59:59 GMT"]) {
      upstream.answerWith(() => ({ status: 429, body: "{}", headers: { "Retry-After": retryAfter } }));
      expect((await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value })).headers.get("retry-after")).toBe(retryAfter);
    }
    for (const retryAfter of ["7.5", "soon", "Fri, 04 Dec 2026 23:59:59 GMT, 7", "-1"]) {
      upstream.answerWith(() => ({ status: 429, body: "{}", headers: { "Retry-After": retryAfter } }));
      expect((await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value })).headers.get("retry-after")).toBeNull();
    }
  });

  it("4. no \\u-escaped, URL-encoded, hex, base64 or other encoding of the secret in a 2xx body gets through", async () => {
    const base = await gateway();
    const hex = Buffer.from(SECRET).toString("hex");
    const base64 = Buffer.from(SECRET).toString("base64");
    const carriers: Record<string, string> = {
      exact: `token ${SECRET}`,
      unicode: [...SECRET].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
      url: [...SECRET].map((char) => `%${char.charCodeAt(0).toString(16)}`).join(""),
      urlComponent: encodeURIComponent(`${SECRET}/x y`),
      hex,
      hexUpper: `0x${hex.toUpperCase()}`,
      hexOdd: `a${hex}`,
      base64,
      base64url: Buffer.from(`>>${SECRET}`).toString("base64url"),
      base64Basic: BASIC,
      base64Offset: Buffer.from(`xy${SECRET}`).toString("base64").slice(1),
      html: [...SECRET].map((char) => `&#${char.charCodeAt(0)};`).join(""),
      nested: Buffer.from(encodeURIComponent(`{"s":"${[...SECRET].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}`)).toString("base64"),
      jsonInString: JSON.stringify({ inner: SECRET }),
    };
    // The \u form must arrive as JSON text, not as what JSON.stringify makes of the string.
    const rawBody = `{${Object.entries(carriers)
      .map(([name, value]) => `${JSON.stringify(name)}:${name === "unicode" ? `"${value}"` : JSON.stringify(value)}`)
      .join(",")},"fine":"request-id-test-1","count":3,${JSON.stringify(hex)}:"key",${JSON.stringify(`k${SECRET}`)}:1}`;
    upstream.answerWith(() => ({ status: 200, body: rawBody }));
    const seen = await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value });
    expect(seen.status).toBe(200);
    expect(seen.json).toEqual({
      ...Object.fromEntries(Object.keys(carriers).map((name) => [name, "[redacted]"])),
      fine: "request-id-test-1",
      count: 3,
      "[redacted]": 1,
    });
    for (const form of [SECRET, hex, base64, hex.toUpperCase(), "\\u0073\\u0065"]) expect(seen.text).not.toContain(form);
    // A body that is not JSON is not passed on at all.
    upstream.answerWith(() => ({ status: 200, body: `<html>${SECRET}</html>` }));
    const html = await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value });
    expect(html.status).toBe(502);
    expectStytchEnvelope(html.json, 502, "upstream_unavailable");
    // Nor one nested deeper than the mock's limit; a long list is passed on whole.
    upstream.answerWith(() => ({ status: 200, body: `{"a":${"[".repeat(40)}"${SECRET}"${"]".repeat(40)}}` }));
    expect((await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value })).status).toBe(502);
    const messages = Array.from({ length: 2000 }, (_, index) => ({ to: "+10000000000", body: `code ${index}` }));
    upstream.answerWith(() => ({ status: 200, body: JSON.stringify({ messages }) }));
    expect((await call(base, consumerSend.path, { json: consumerSend.requestExamples[0]?.value })).json).toEqual({ messages });
  });

  it("5. a foreign Host (DNS rebinding) gets 421 in Stytch's envelope, even for GET /health; its own names are answered", async () => {
    const base = await gateway();
    const port = new URL(base.url).port;
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, "127.0.0.1", "localhost", undefined]) {
      const health = await withHost(base, "/health", host);
      expect(health.status, String(host)).toBe(421);
      expectStytchEnvelope(health.json, 421, "host_not_allowed");
      expect(JSON.stringify(health.json)).not.toContain(new URL(upstreamUrl).port);
      expect((await withHost(base, consumerSend.path, host, consumerSend.requestExamples[0]?.value)).status).toBe(421);
    }
    expect(upstream.received).toEqual([]);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
      expect((await withHost(base, "/health", host)).status, host).toBe(200);
    }
  });

  it("6. a 32k-deep JSON in session_custom_claims gets 400 request_too_complex without using one of the sends", async () => {
    const authenticate = contract.operations.find((operation) => operation.requestFields.some((field) => field.path === "session_custom_claims"));
    if (!authenticate) throw new Error("the contract has no operation with session_custom_claims");
    const base = await gateway({ sendsPerMinute: 1 });
    const valid = authenticate.requestExamples[0]?.value as Record<string, unknown>;
    const deep = `${JSON.stringify(valid).slice(0, -1)},"session_custom_claims":{"a":${"[".repeat(32_000)}${"]".repeat(32_000)}}}`;
    const wide = JSON.stringify({ ...valid, session_custom_claims: Object.fromEntries(Array.from({ length: 1001 }, (_, index) => [`k${index}`, 1])) });
    for (const body of [deep, wide]) {
      const seen = await call(base, authenticate.path, { method: "POST", body, headers: { "Content-Type": "application/json" } });
      expect(seen.status).toBe(400);
      expectStytchEnvelope(seen.json, 400, "request_too_complex");
    }
    expect(upstream.received).toEqual([]);
    expect((await call(base, authenticate.path, { json: valid })).status).toBe(200);
  });

  it("7. after a 413, 404, 400 or 403 it stops reading: a body of gigabytes is cut off within 3 s of the answer", async () => {
    const base = await gateway();
    const host = `Host: ${new URL(base.url).host}`;
    const zeros = Buffer.alloc(64 * 1024);
    const framed = Buffer.concat([Buffer.from(`${zeros.length.toString(16)}\r\n`), zeros, Buffer.from("\r\n")]);
    const declared = `Content-Type: application/json\r\nContent-Length: ${FLOOD_BYTES}`;
    const floods = await Promise.all([
      flood(base, `POST ${consumerSend.path} HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, framed),
      flood(base, `POST /v1/nowhere HTTP/1.1\r\n${host}\r\n${declared}\r\n\r\n`, zeros),
      flood(base, `POST ${consumerSend.path} HTTP/1.1\r\n${host}\r\nAuthorization: ${BASIC}\r\n${declared}\r\n\r\n`, zeros),
      flood(base, `POST ${consumerSend.path} HTTP/1.1\r\n${host}\r\nOrigin: ${FOREIGN_ORIGIN}\r\n${declared}\r\n\r\n`, zeros),
    ]);
    expect(floods.map(({ answer }) => Number(answer.split(" ")[1]))).toEqual([413, 404, 400, 403]);
    for (const { sent, cutAfterMs } of floods) {
      expect(sent).toBeLessThan(FLOOD_BYTES);
      expect(cutAfterMs).toBeLessThan(3000);
    }
    expect(upstream.received).toEqual([]);
  });

  it("8. idle sockets and slow bodies are cut off (headers 10 s, request 30 s by default), and connections are capped", async () => {
    const defaults = await gateway();
    expect(defaults.server.headersTimeout).toBe(10_000);
    expect(defaults.server.requestTimeout).toBe(30_000);
    expect(defaults.server.maxConnections).toBe(DEFAULT_MAX_CONNECTIONS);

    // The same with a 1 s budget, so the test waits seconds rather than the defaults' minutes.
    const base = await gateway({ requestTimeoutMs: 1000, maxConnections: 4 });
    const port = Number(new URL(base.url).port);
    const opened = performance.now();
    const idle = Array.from({ length: 3 }, () => closed(connect(port, "127.0.0.1"), opened));
    const slowSocket = connect(port, "127.0.0.1", () => slowSocket.write(`POST ${consumerSend.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`));
    const drip = setInterval(() => slowSocket.write(" "), 100);
    const slow = closed(slowSocket, opened);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Over the cap: closed at once, without an answer.
    const over = await closed(connect(port, "127.0.0.1"), performance.now());
    expect(over.received, "the connection over the cap").toBe("");
    const ends = await Promise.all([slow, ...idle]);
    clearInterval(drip);
    for (const [index, end] of ends.entries()) {
      const which = index === 0 ? "the slow body" : `idle socket ${index}`;
      expect(end.afterMs, which).toBeLessThan(5000);
      expect(end.received, which).toMatch(/^HTTP\/1\.1 408 /);
      expectStytchEnvelope(bodyOf(end.received), 408, "request_timeout");
    }
    expect((await call(base, "/health")).status).toBe(200);
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
