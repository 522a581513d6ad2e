import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StytchRequestError, type StytchClientOptions } from "../src/index.js";
import { fakeFetch, hangingFetch, jsonResponse, SEND_RESPONSE, stytchError, testClient } from "./helpers.js";

const BODY = { phone_number: "+10000000000" };
const OK = jsonResponse(200, SEND_RESPONSE);
const TOO_MANY = jsonResponse(429, stytchError(429, "too_many_requests"));
const UNAVAILABLE = jsonResponse(503, stytchError(503, "server_unavailable"));

function refused(): TypeError {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED 10.9.9.9:443"), { code: "ECONNREFUSED" }),
  });
}

function tooManyAfter(retryAfter: string): Response {
  return jsonResponse(429, stytchError(429, "too_many_requests"), { "Retry-After": retryAfter });
}

/** Sends once with fake timers run to the end; returns the outcome and the gaps between requests in ms. */
async function sendThrough(options: Partial<StytchClientOptions>, ...answers: Parameters<typeof fakeFetch>) {
  const { fetch, times } = fakeFetch(...answers);
  const outcome = testClient({ fetch, ...options })
    .otps.sms.send(BODY)
    .then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error })
    );
  await vi.runAllTimersAsync();
  const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
  return { ...(await outcome), requests: times.length, gaps };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  vi.spyOn(Math, "random").mockReturnValue(0);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("without retry (the default)", () => {
  it.each([
    ["429", TOO_MANY],
    ["503", UNAVAILABLE],
  ])("%s is returned as an error after one request", async (_status, answer) => {
    const { result, requests } = await sendThrough({}, answer, OK);
    expect(result?.error).toBeDefined();
    expect(requests).toBe(1);
  });

  it("a refused connection throws after one request", async () => {
    const { error, requests } = await sendThrough({}, refused(), OK);
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect(requests).toBe(1);
  });

  it("retry: { attempts: 0 } also sends once", async () => {
    const { requests } = await sendThrough({ retry: { attempts: 0 } }, TOO_MANY, OK);
    expect(requests).toBe(1);
  });
});

describe("retry: { attempts }", () => {
  it("retries 429 then 503 and returns the first success", async () => {
    const { result, requests } = await sendThrough({ retry: { attempts: 2 } }, TOO_MANY, UNAVAILABLE, OK);
    expect(result?.data).toEqual(SEND_RESPONSE);
    expect(requests).toBe(3);
  });

  it("returns the last 429 as an error once the attempts are used up", async () => {
    const { result, requests } = await sendThrough({ retry: { attempts: 2 } }, TOO_MANY);
    expect(result?.error?.error_type).toBe("too_many_requests");
    expect(result?.response.status).toBe(429);
    expect(requests).toBe(3);
  });

  it.each([
    [400, "invalid_phone_number"],
    [401, "unauthorized_credentials"],
    [404, "user_not_found"],
    [500, "internal_server_error"],
    [502, "bad_gateway"],
  ])("never retries %i %s (the passcode may have been sent)", async (status, errorType) => {
    const { result, requests } = await sendThrough(
      { retry: { attempts: 3 } },
      jsonResponse(status, stytchError(status, errorType)),
      OK
    );
    expect(result?.error?.error_type).toBe(errorType);
    expect(requests).toBe(1);
  });

  it("retries a refused connection (nothing reached Stytch)", async () => {
    const { result, requests } = await sendThrough({ retry: { attempts: 1 } }, refused(), OK);
    expect(result?.data).toEqual(SEND_RESPONSE);
    expect(requests).toBe(2);
  });

  it("throws the last refused connection once the attempts are used up", async () => {
    const { error, requests } = await sendThrough({ retry: { attempts: 2 } }, refused());
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect(requests).toBe(3);
  });

  it("retries when every address of the host refused (Node's AggregateError)", async () => {
    const refusedEverywhere = new TypeError("fetch failed", {
      cause: Object.assign(
        new AggregateError([
          Object.assign(new Error("connect ECONNREFUSED ::1:443"), { code: "ECONNREFUSED" }),
          Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" }),
        ])
      ),
    });
    const { result, requests } = await sendThrough({ retry: { attempts: 1 } }, refusedEverywhere, OK);
    expect(result?.data).toEqual(SEND_RESPONSE);
    expect(requests).toBe(2);
  });

  it.each([
    ["a socket closed after sending", Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })],
    ["a reset connection", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["an error without a code", new Error("something broke")],
  ])("does not retry %s (the request may have arrived)", async (_what, cause) => {
    const { error, requests } = await sendThrough(
      { retry: { attempts: 3 } },
      new TypeError("fetch failed", { cause }),
      OK
    );
    expect(error).toMatchObject({ kind: "network", retryable: false });
    expect(requests).toBe(1);
  });

  it("does not retry a non-envelope 502", async () => {
    const { error, requests } = await sendThrough(
      { retry: { attempts: 3 } },
      new Response("<html>", { status: 502 }),
      OK
    );
    expect(error).toMatchObject({ kind: "invalid_response", status: 502 });
    expect(requests).toBe(1);
  });

  it("retries a non-envelope 503 and throws invalid_response if it persists", async () => {
    const { error, requests } = await sendThrough(
      { retry: { attempts: 2 } },
      new Response("overloaded", { status: 503 })
    );
    expect(error).toMatchObject({ kind: "invalid_response", status: 503 });
    expect(requests).toBe(3);
  });

  it("does not retry a timeout", async () => {
    const { fetch, requests } = hangingFetch();
    const sending = testClient({ fetch, timeoutMs: 100, retry: { attempts: 3 } })
      .otps.sms.send(BODY)
      .catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await sending).toMatchObject({ kind: "timeout" });
    expect(requests).toHaveLength(1);
  });
});

describe("retry delays", () => {
  it("back off exponentially from 500 ms, capped at 8 s, with at least half of each step", async () => {
    const { gaps } = await sendThrough(
      { retry: { attempts: 6 } },
      TOO_MANY,
      TOO_MANY,
      TOO_MANY,
      TOO_MANY,
      TOO_MANY,
      TOO_MANY,
      OK
    );
    expect(gaps).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it("are jittered up to the full step", async () => {
    vi.mocked(Math.random).mockReturnValue(0.999);
    const { gaps } = await sendThrough({ retry: { attempts: 2 } }, TOO_MANY, TOO_MANY, OK);
    expect(gaps).toEqual([499, 999]);
  });

  it("use the same backoff for refused connections", async () => {
    vi.mocked(Math.random).mockReturnValue(0.5);
    const { gaps } = await sendThrough({ retry: { attempts: 2 } }, refused(), refused(), OK);
    expect(gaps).toEqual([375, 750]);
  });

  it("honour Retry-After in seconds", async () => {
    const { result, gaps } = await sendThrough({ retry: { attempts: 1 } }, tooManyAfter("3"), OK);
    expect(result?.data).toEqual(SEND_RESPONSE);
    expect(gaps).toEqual([3000]);
  });

  it("honour Retry-After as an HTTP date", async () => {
    const { gaps } = await sendThrough({ retry: { attempts: 1 } }, tooManyAfter("Thu, 01 Jan 2026 00:00:05 GMT"), OK);
    expect(gaps).toEqual([5000]);
  });

  it("retry at once when the Retry-After date has passed", async () => {
    const { gaps } = await sendThrough({ retry: { attempts: 1 } }, tooManyAfter("Wed, 31 Dec 2025 23:59:00 GMT"), OK);
    expect(gaps).toEqual([0]);
  });

  it("fall back to backoff when Retry-After is unreadable", async () => {
    const { gaps } = await sendThrough({ retry: { attempts: 1 } }, tooManyAfter("soon"), OK);
    expect(gaps).toEqual([250]);
  });

  it("return the 429 at once when Retry-After asks for more than maxDelayMs (default 30 s)", async () => {
    const { result, requests } = await sendThrough({ retry: { attempts: 3 } }, tooManyAfter("31"), OK);
    expect(result?.error?.error_type).toBe("too_many_requests");
    expect(result?.response.headers.get("Retry-After")).toBe("31");
    expect(requests).toBe(1);
  });

  it("wait longer when maxDelayMs allows it", async () => {
    const { gaps } = await sendThrough({ retry: { attempts: 1, maxDelayMs: 60_000 } }, tooManyAfter("60"), OK);
    expect(gaps).toEqual([60_000]);
  });

  it("stop when the caller aborts during the wait", async () => {
    const { fetch, times } = fakeFetch(tooManyAfter("10"), OK);
    const controller = new AbortController();
    const sending = testClient({ fetch, retry: { attempts: 1 } })
      .otps.sms.send(BODY, { signal: controller.signal })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    controller.abort();
    const error = await sending;
    await vi.runAllTimersAsync();

    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error).toMatchObject({
      kind: "aborted",
      message: "POST /v1/otps/sms/send was aborted by the caller's signal while waiting to retry",
    });
    expect(times).toHaveLength(1);
  });
});
