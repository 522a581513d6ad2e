import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createStytchClient, StytchRequestError, type StytchClientOptions } from "../src/index.js";
import {
  AUTHORIZATION,
  caught,
  closedPort,
  fakeFetch,
  hangingFetch,
  jsonResponse,
  PROJECT_ID,
  SECRET,
  SEND_RESPONSE,
  startServer,
  TOKEN,
} from "./helpers.js";

const BODY = { phone_number: "+10000000000" };
const UNICODE_SECRET = "secret-test-DO-NOT-LEAK-ünïcødé-密钥";
const UNICODE_TOKEN = Buffer.from(`${PROJECT_ID}:${UNICODE_SECRET}`, "utf8").toString("base64");
const NEEDLES = [SECRET, TOKEN, AUTHORIZATION, UNICODE_SECRET, UNICODE_TOKEN];

/** Every value reachable from `root` through own properties (enumerable or not, symbol-keyed too), getters skipped. */
function reachable(root: unknown): unknown[] {
  const seen = new Set<unknown>();
  const queue = [root];
  while (queue.length > 0 && seen.size < 200_000) {
    const value = queue.pop();
    if (seen.has(value)) continue;
    seen.add(value);
    if ((typeof value === "object" && value !== null) || typeof value === "function") {
      for (const key of Reflect.ownKeys(value)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (descriptor !== undefined && "value" in descriptor) queue.push(descriptor.value);
      }
    }
  }
  return [...seen];
}

function expectNoSecret(value: unknown): void {
  const texts = [inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: false })];
  if (value instanceof Error) texts.push(String(value), value.message, value.stack ?? "", JSON.stringify(value));
  for (const item of reachable(value)) {
    if (typeof item === "string") texts.push(item);
    // A Request holds the header: none may be reachable (a Response's own headers are fine).
    expect(item instanceof Request).toBe(false);
    if (item instanceof Headers) expect(item.has("Authorization")).toBe(false);
  }
  for (const text of texts) {
    for (const needle of NEEDLES) expect(text).not.toContain(needle);
  }
}

/** A fetch that throws whatever `make` builds from the authorized request, the way a careless mock or wrapper might. */
function throwingFetch(make: (request: Request) => unknown) {
  return async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    throw make(new Request(url, init));
  };
}

function leakyError(request: Request): Error {
  const header = request.headers.get("Authorization") ?? "";
  const secret = Buffer.from(header.replace(/^Basic /, ""), "base64")
    .toString("utf8")
    .split(":")[1];
  return Object.assign(new TypeError(`fetch failed with Authorization: ${header}`), {
    request,
    headers: request.headers,
    code: `E_${header}`,
    cause: Object.assign(new Error(`secret was ${secret}`), { request, stack: `at ${header}` }),
  });
}

function client(options: Partial<StytchClientOptions>, secret = SECRET) {
  return createStytchClient({ projectId: PROJECT_ID, secret, ...options });
}

describe("secrets never leak", () => {
  it.each([
    ["an error that holds the Request and quotes the header", (request: Request) => leakyError(request)],
    ["the Request itself", (request: Request) => request],
    ["the Headers", (request: Request) => request.headers],
    ["a string with the secret", () => `boom ${SECRET} ${TOKEN}`],
    [
      "an AggregateError of leaky errors",
      (request: Request) => new AggregateError([leakyError(request)], "all failed"),
    ],
  ])("network failure: fetch throwing %s", async (_what, make) => {
    const error = await caught(client({ fetch: throwingFetch(make) }).otps.sms.send(BODY));
    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error).toMatchObject({ kind: "network" });
    expectNoSecret(error);
  });

  it("network failure through raw", async () => {
    const error = await caught(
      client({ fetch: throwingFetch(leakyError) }).raw.POST("/v1/otps/sms/send", { body: BODY })
    );
    expect(error).toMatchObject({ kind: "network" });
    expectNoSecret(error);
  });

  it("a non-ASCII secret is redacted too", async () => {
    const error = await caught(client({ fetch: throwingFetch(leakyError) }, UNICODE_SECRET).otps.sms.send(BODY));
    expect((error as Error).message).toContain("[redacted]");
    expectNoSecret(error);
  });

  it("timeout, when the fetch rejects with a leaky error", async () => {
    const fetch = (url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const request = new Request(url, init);
        request.signal.addEventListener("abort", () => reject(leakyError(request)));
      });
    const error = await caught(client({ fetch, timeoutMs: 20 }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "timeout" });
    expectNoSecret(error);
  });

  it("caller abort", async () => {
    const { fetch } = hangingFetch();
    const error = await caught(client({ fetch }).otps.sms.send(BODY, { signal: AbortSignal.timeout(10) }));
    expect(error).toMatchObject({ kind: "aborted" });
    expectNoSecret(error);
  });

  it("invalid_response: an error body that echoes the request headers is quoted redacted", async () => {
    const body = `Authorization: ${AUTHORIZATION}\nsecret=${SECRET}`;
    const { fetch } = fakeFetch(
      new Response(body, { status: 502, headers: { "Content-Type": `text/plain; x=${SECRET}` } })
    );
    const error = await caught(client({ fetch }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "invalid_response", status: 502 });
    expect((error as StytchRequestError).cause.message).toBe(
      "response body: Authorization: [redacted]\nsecret=[redacted]"
    );
    expectNoSecret(error);
  });

  it("invalid_response: a 200 body that is not JSON and echoes the header", async () => {
    const { fetch } = fakeFetch(new Response(`<pre>Authorization: ${AUTHORIZATION}</pre>`, { status: 200 }));
    const error = await caught(client({ fetch }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
    expectNoSecret(error);
  });

  it("toJSON keeps what is useful and nothing else", async () => {
    const error = (await caught(
      client({ fetch: throwingFetch(leakyError) }).otps.sms.send(BODY)
    )) as StytchRequestError;
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(["cause", "kind", "message", "name", "retryable"]);
    expect(json).toMatchObject({ name: "StytchRequestError", kind: "network", cause: { name: "TypeError" } });
    expectNoSecret(json);
  });

  it("construction errors", () => {
    for (const options of [{ baseUrl: SECRET }, { baseUrl: `http://example.com/${SECRET}` }, { timeoutMs: -1 }]) {
      let thrown: unknown;
      try {
        client(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expectNoSecret(thrown);
    }
  });

  it("the client object and its raw client", () => {
    const stytch = client({});
    expectNoSecret(stytch);
    expect(JSON.stringify(stytch)).not.toContain(SECRET);
  });

  it("results: data, error and the real Response from Node's fetch", async () => {
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(SEND_RESPONSE));
    });
    const result = await client({ baseUrl }).otps.sms.send(BODY);
    expect(result.data).toEqual(SEND_RESPONSE);
    expectNoSecret(result);

    const { fetch } = fakeFetch(
      jsonResponse(400, { status_code: 400, request_id: "r", error_type: "x", error_message: "m", error_url: "u" })
    );
    expectNoSecret(await client({ fetch }).otps.sms.send(BODY));
  });

  it("a real refused connection", async () => {
    const port = await closedPort();
    const error = await caught(client({ baseUrl: `http://127.0.0.1:${port}` }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "network" });
    expectNoSecret(error);
  });
});
