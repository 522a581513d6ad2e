// The client against a server of the test's own that misbehaves in the ways real networks do. Runs the same
// against the mock or Stytch: it never talks to either.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { inspect } from "node:util";
import { createStytchClient, StytchRequestError, type StytchClientOptions } from "@sms-otp/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const PROJECT_ID = "project-test-11111111-1111-1111-1111-111111111111";
const SECRET = "secret-test-DO-NOT-LEAK-faults-4b1d";
const BASIC_CREDENTIALS = Buffer.from(`${PROJECT_ID}:${SECRET}`).toString("base64");
const SANDBOX = { phone_number: "+10000000000" };
const SUCCESS = {
  request_id: "request-id-test-00000000-0000-0000-0000-000000000000",
  user_id: "user-test-00000000-0000-0000-0000-000000000000",
  phone_id: "phone-number-test-00000000-0000-0000-0000-000000000000",
  status_code: 200,
};
const TOO_MANY_REQUESTS = {
  status_code: 429,
  request_id: "request-id-test-00000000-0000-0000-0000-000000000000",
  error_type: "too_many_requests",
  error_message: "Too many requests have been made.",
  error_url: "https://stytch.com/docs/api/errors/429#too_many_requests",
};
const HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let handler: Handler = () => {};
let requestCount = 0;
const server = createServer((request, response) => {
  requestCount++;
  request.resume();
  // No keep-alive: afterEach closes every connection, and fetch's pool could otherwise reuse a socket that the
  // server has just closed, failing the next test with "other side closed".
  response.setHeader("Connection", "close");
  handler(request, response);
});
let baseUrl = "";

const unhandledRejections: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandledRejections.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", recordUnhandled);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  requestCount = 0;
  // A rejection nobody handled is reported after the microtask queue drains, so give it a turn first.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandledRejections).toEqual([]);
});

afterAll(async () => {
  process.off("unhandledRejection", recordUnhandled);
  await new Promise((resolve) => server.close(resolve));
});

function client(options: Partial<StytchClientOptions> = {}) {
  return createStytchClient({ projectId: PROJECT_ID, secret: SECRET, baseUrl, ...options });
}

function reply(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, { "Content-Type": "application/json", ...headers });
    response.end(body);
  };
}

/** Every way an error gets logged: none may contain the secret or the Authorization credentials. */
function expectNoSecret(error: unknown): void {
  const renderings = [JSON.stringify(error), String(error), inspect(error, { depth: 10, showHidden: true })];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    renderings.push(String(current), inspect(current, { depth: 10, showHidden: true }), JSON.stringify(current) ?? "");
    if (current instanceof Error) renderings.push(current.message, current.stack ?? "");
    current = (current as { cause?: unknown }).cause;
  }
  for (const text of renderings) {
    expect(text.includes(SECRET), "an error rendering contains the secret").toBe(false);
    expect(text.includes(BASIC_CREDENTIALS), "an error rendering contains the Authorization credentials").toBe(false);
  }
}

async function expectRequestError(sending: Promise<unknown>): Promise<StytchRequestError> {
  const error = await sending.then(
    (result) => {
      throw new Error(`expected a StytchRequestError, got a result with status ${(result as { response: Response }).response.status}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StytchRequestError);
  expectNoSecret(error);
  return error as StytchRequestError;
}

describe("faults: the client against a misbehaving server of the test's own", () => {
  it("connection refused throws StytchRequestError network, retryable, without a status", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const error = await expectRequestError(client({ baseUrl: `http://127.0.0.1:${port}` }).otps.sms.send(SANDBOX));
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect(error.status).toBeUndefined();
  });

  it("a server that never answers throws timeout once the client's timeoutMs has passed", async () => {
    handler = () => {};
    const started = performance.now();
    const error = await expectRequestError(client({ timeoutMs: 300 }).otps.sms.send(SANDBOX));
    const elapsed = performance.now() - started;
    expect(error.kind).toBe("timeout");
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(3000);
  });

  it("a per-call timeoutMs overrides the client's, and the B2B call times out the same way", async () => {
    handler = () => {};
    const started = performance.now();
    const sending = client({ timeoutMs: 20_000 }).b2b.otps.sms.send(
      { organization_id: "organization-test-1", member_id: "member-test-1" },
      { timeoutMs: 200 },
    );
    const error = await expectRequestError(sending);
    expect(error.kind).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("a caller's signal that aborts a pending request throws aborted", async () => {
    handler = () => {};
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await expectRequestError(client().otps.sms.send(SANDBOX, { signal: controller.signal }));
    expect(error.kind).toBe("aborted");
  });

  it("502 with an HTML body (a proxy's error page) throws invalid_response with status 502", async () => {
    handler = (_request, response) => {
      response.writeHead(502, { "Content-Type": "text/html" });
      response.end(HTML_502);
    };
    const error = await expectRequestError(client().otps.sms.send(SANDBOX));
    expect(error).toMatchObject({ kind: "invalid_response", status: 502 });
  });

  it("200 with truncated JSON throws invalid_response with status 200", async () => {
    handler = reply(200, JSON.stringify(SUCCESS).slice(0, 40));
    const error = await expectRequestError(client().otps.sms.send(SANDBOX));
    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
  });

  it("400 with truncated JSON throws invalid_response with status 400", async () => {
    handler = reply(400, JSON.stringify({ ...TOO_MANY_REQUESTS, status_code: 400 }).slice(0, 50));
    const error = await expectRequestError(client().otps.sms.send(SANDBOX));
    expect(error).toMatchObject({ kind: "invalid_response", status: 400 });
  });

  it("429 with Retry-After comes back as error with the header readable, sent once: no retry by default", async () => {
    handler = reply(429, JSON.stringify(TOO_MANY_REQUESTS), { "Retry-After": "7" });
    const result = await client().otps.sms.send(SANDBOX);
    expect(result.data).toBeUndefined();
    expect(result.error).toStrictEqual(TOO_MANY_REQUESTS);
    expect(result.response.status).toBe(429);
    expect(result.response.headers.get("Retry-After")).toBe("7");
    expect(requestCount).toBe(1);
  });

  it("429 with Retry-After: 0 and retry { attempts: 1 } is sent again, and the second answer comes back", async () => {
    const answers = [reply(429, JSON.stringify(TOO_MANY_REQUESTS), { "Retry-After": "0" }), reply(200, JSON.stringify(SUCCESS))];
    handler = (request, response) => answers[requestCount - 1]?.(request, response);
    const result = await client({ retry: { attempts: 1 } }).otps.sms.send(SANDBOX);
    expect(result.data).toStrictEqual(SUCCESS);
    expect(requestCount).toBe(2);
  });

  it("429 whose Retry-After exceeds retry.maxDelayMs comes back at once as error, without a retry", async () => {
    handler = reply(429, JSON.stringify(TOO_MANY_REQUESTS), { "Retry-After": "3600" });
    const started = performance.now();
    const result = await client({ retry: { attempts: 3, maxDelayMs: 1000 } }).otps.sms.send(SANDBOX);
    expect(result.error).toStrictEqual(TOO_MANY_REQUESTS);
    expect(requestCount).toBe(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a very large 200 body (8 MiB) comes back whole as data", async () => {
    const padding = "x".repeat(8 * 1024 * 1024);
    handler = reply(200, JSON.stringify({ ...SUCCESS, padding }));
    const result = await client().otps.sms.send(SANDBOX);
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject(SUCCESS);
    expect((result.data as unknown as { padding: string }).padding.length).toBe(padding.length);
  });

  it("a very large 502 HTML body (8 MiB) throws invalid_response whose message stays short", async () => {
    handler = (_request, response) => {
      response.writeHead(502, { "Content-Type": "text/html" });
      response.end(`<html><body>${"<p>Bad Gateway</p>".repeat(500_000)}</body></html>`);
    };
    const error = await expectRequestError(client().otps.sms.send(SANDBOX));
    expect(error).toMatchObject({ kind: "invalid_response", status: 502 });
    expect(JSON.stringify(error).length).toBeLessThan(2000);
  });
});
