import { afterEach, describe, expect, it, vi } from "vitest";
import { StytchRequestError } from "../src/index.js";
import {
  caught,
  closedPort,
  fakeFetch,
  hangingFetch,
  jsonResponse,
  SEND_RESPONSE,
  startServer,
  testClient,
} from "./helpers.js";

const BODY = { phone_number: "+10000000000" };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("timeouts (injected fetch)", () => {
  it("defaults to 10000 ms", async () => {
    vi.useFakeTimers();
    const { fetch } = hangingFetch();
    let settled: unknown;
    const sending = testClient({ fetch })
      .otps.sms.send(BODY)
      .catch((error: unknown) => (settled = error));

    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await sending;
    expect(settled).toBeInstanceOf(StytchRequestError);
    expect(settled).toMatchObject({
      kind: "timeout",
      message: "POST /v1/otps/sms/send timed out after 10000 ms",
      retryable: false,
    });
    expect((settled as StytchRequestError).status).toBeUndefined();
  });

  it("the client's timeoutMs replaces the default", async () => {
    const { fetch } = hangingFetch();
    const error = await caught(testClient({ fetch, timeoutMs: 30 }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "timeout", message: "POST /v1/otps/sms/send timed out after 30 ms" });
  });

  it("a per-call timeoutMs replaces the client's", async () => {
    const { fetch } = hangingFetch();
    const error = await caught(testClient({ fetch, timeoutMs: 60_000 }).otps.sms.send(BODY, { timeoutMs: 25 }));
    expect(error).toMatchObject({ kind: "timeout", message: "POST /v1/otps/sms/send timed out after 25 ms" });
  });

  it.each([0, -5, Number.NaN])("a per-call timeoutMs of %s is rejected before any request", async (timeoutMs) => {
    const { fetch, requests } = hangingFetch();
    const error = await caught(testClient({ fetch }).otps.sms.send(BODY, { timeoutMs }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^POST \/v1\/otps\/sms\/send: timeoutMs must be/);
    expect(requests).toHaveLength(0);
  });

  it("clears its timer when the call ends, so nothing keeps the process alive", async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    await testClient({ fetch }).otps.sms.send(BODY);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("caller's signal (injected fetch)", () => {
  it("aborting it throws aborted, with the abort reason as cause", async () => {
    const { fetch, requests } = hangingFetch();
    const controller = new AbortController();
    const sending = caught(testClient({ fetch }).otps.sms.send(BODY, { signal: controller.signal }));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort(new Error("user navigated away"));
    const error = await sending;

    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error).toMatchObject({
      kind: "aborted",
      message: "POST /v1/otps/sms/send was aborted by the caller's signal",
    });
    expect((error as StytchRequestError).cause.message).toBe("user navigated away");
  });

  it("an already-aborted signal throws aborted without sending anything", async () => {
    const { fetch, requests } = hangingFetch();
    const error = await caught(testClient({ fetch }).otps.sms.send(BODY, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ kind: "aborted" });
    expect(requests).toHaveLength(0);
  });

  it("the caller's signal and the timeout combine: whichever fires first wins", async () => {
    const { fetch } = hangingFetch();
    const client = testClient({ fetch, timeoutMs: 5_000 });
    const quickCaller = caught(client.otps.sms.send(BODY, { signal: AbortSignal.timeout(20) }));
    const quickTimeout = caught(client.otps.sms.send(BODY, { signal: new AbortController().signal, timeoutMs: 20 }));

    // The caller's own AbortSignal.timeout is the caller's decision: aborted, not this client's timeout.
    expect(await quickCaller).toMatchObject({ kind: "aborted" });
    expect(await quickTimeout).toMatchObject({ kind: "timeout" });
  });

  it("works without AbortSignal.any (Node 18) and removes its listener from the caller's signal", async () => {
    vi.stubGlobal("AbortSignal", Object.assign(Object.create(AbortSignal), { any: undefined }));
    const { fetch } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    const remove = vi.spyOn(controller.signal, "removeEventListener");

    const { data } = await testClient({ fetch }).otps.sms.send(BODY, { signal: controller.signal });

    expect(data).toEqual(SEND_RESPONSE);
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledWith("abort", add.mock.calls[0]?.[1]);
  });

  it("through raw, an aborted request throws aborted (and raw has no timeout of its own)", async () => {
    const { fetch } = hangingFetch();
    const error = await caught(
      testClient({ fetch }).raw.POST("/v1/otps/sms/send", { body: BODY, signal: AbortSignal.timeout(20) })
    );
    expect(error).toMatchObject({
      kind: "aborted",
      message: "POST /v1/otps/sms/send was aborted by the caller's signal",
    });
  });
});

describe("against a real HTTP server on 127.0.0.1", () => {
  it("a server that never answers times out", async () => {
    const { baseUrl } = await startServer(() => {});
    const error = await caught(testClient({ baseUrl, timeoutMs: 100 }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
    expect((error as StytchRequestError).status).toBeUndefined();
  });

  it("a body that stalls after the headers times out, with the status", async () => {
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "500" });
      response.write('{"request_id": "req');
    });
    // Long enough for the headers to arrive on a busy machine, so the timeout is sure to hit the body.
    const error = await caught(testClient({ baseUrl, timeoutMs: 1000 }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "timeout", status: 200 });
  });

  it("the caller aborting mid-request throws aborted", async () => {
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const { baseUrl } = await startServer(() => arrived());
    const controller = new AbortController();
    const sending = caught(testClient({ baseUrl }).otps.sms.send(BODY, { signal: controller.signal }));
    await requestArrived;
    controller.abort();
    expect(await sending).toMatchObject({ kind: "aborted" });
  });

  it("a refused connection is network, retryable (nothing reached Stytch)", async () => {
    const port = await closedPort();
    const error = (await caught(
      testClient({ baseUrl: `http://127.0.0.1:${port}` }).otps.sms.send(BODY)
    )) as StytchRequestError;
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("a connection closed after the request was sent is network, not retryable", async () => {
    const { baseUrl } = await startServer((request) => request.socket.destroy());
    const error = await caught(testClient({ baseUrl }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "network", retryable: false });
  });

  it("a truncated body (connection closed mid-body) is invalid_response with the status", async () => {
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(400, { "Content-Type": "application/json", "Content-Length": "500" });
      response.end('{"status_code": 400');
      response.socket?.destroy();
    });
    const error = await caught(testClient({ baseUrl }).otps.sms.send(BODY));
    expect(error).toMatchObject({ kind: "invalid_response", status: 400 });
  });
});

describe("a fetch that does not honour the signal cannot outlive the timeout or an abort", () => {
  /** Settles the send with fake timers advanced by `ms`; `undefined` while it is still pending. */
  async function outcomeAfter(sending: Promise<unknown>, ms: number) {
    let outcome: unknown;
    sending.then(
      (result) => (outcome = { result }),
      (error: unknown) => (outcome = { error })
    );
    await vi.advanceTimersByTimeAsync(ms);
    return outcome as { result?: unknown; error?: unknown } | undefined;
  }

  it("one that ignores the signal and answers late: timeout at timeoutMs, not when it answers", async () => {
    vi.useFakeTimers();
    const lateFetch = () =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(jsonResponse(200, SEND_RESPONSE)), 2_000));
    const sending = testClient({ fetch: lateFetch, timeoutMs: 300 }).otps.sms.send(BODY);

    expect(await outcomeAfter(sending, 299)).toBeUndefined();
    const outcome = await outcomeAfter(sending, 1);
    expect(outcome?.error).toBeInstanceOf(StytchRequestError);
    expect(outcome?.error).toMatchObject({ kind: "timeout", message: "POST /v1/otps/sms/send timed out after 300 ms" });
    await vi.advanceTimersByTimeAsync(2_000);
  });

  it("one that never settles: timeout at timeoutMs", async () => {
    vi.useFakeTimers();
    const sending = testClient({ fetch: () => new Promise<Response>(() => {}), timeoutMs: 300 }).otps.sms.send(BODY);
    expect(await outcomeAfter(sending, 299)).toBeUndefined();
    expect((await outcomeAfter(sending, 1))?.error).toMatchObject({ kind: "timeout" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("one that never settles: an abort ends the call at once, with no timer advanced", async () => {
    vi.useFakeTimers();
    let called = false;
    const fetch = () => {
      called = true;
      return new Promise<Response>(() => {});
    };
    const controller = new AbortController();
    const sending = caught(testClient({ fetch }).otps.sms.send(BODY, { signal: controller.signal }));
    await vi.waitFor(() => expect(called).toBe(true));
    controller.abort(new Error("user left"));
    expect(await sending).toMatchObject({ kind: "aborted", cause: { message: "user left" } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("one whose body stalls after the headers: timeout at timeoutMs, with the status", async () => {
    vi.useFakeTimers();
    const stalledBody = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('{"request_id": "req')),
    });
    const fetch = async () =>
      new Response(stalledBody, { status: 200, headers: { "Content-Type": "application/json" } });
    const sending = testClient({ fetch, timeoutMs: 300 }).otps.sms.send(BODY);
    expect(await outcomeAfter(sending, 299)).toBeUndefined();
    expect((await outcomeAfter(sending, 1))?.error).toMatchObject({ kind: "timeout", status: 200 });
  });

  it("one that rebuilds the request without its signal, against a server that never answers", async () => {
    const { baseUrl } = await startServer(() => {});
    const signalless = (url: string | URL | Request, init: RequestInit = {}) => {
      const { signal: _dropped, ...rest } = init;
      return globalThis.fetch(new Request(url, rest));
    };
    const client = testClient({ baseUrl, fetch: signalless, timeoutMs: 100 });

    expect(await caught(client.otps.sms.send(BODY))).toMatchObject({ kind: "timeout" });
    const controller = new AbortController();
    const aborted = caught(client.otps.sms.send(BODY, { signal: controller.signal, timeoutMs: 60_000 }));
    setTimeout(() => controller.abort(), 20);
    expect(await aborted).toMatchObject({ kind: "aborted" });
  });
});

describe("a fetch given a URL and init, as the client calls it", () => {
  it("gets a string URL and a plain init whose signal the timeout aborts", async () => {
    const { baseUrl } = await startServer(() => {});
    const calls: { url: unknown; init: RequestInit | undefined }[] = [];
    const fetch = (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url, init });
      return globalThis.fetch(url, init);
    };
    const error = await caught(testClient({ baseUrl, fetch, timeoutMs: 100 }).otps.sms.send(BODY));

    expect(error).toMatchObject({ kind: "timeout" });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${baseUrl}/v1/otps/sms/send`);
    expect(calls[0]?.init?.signal?.aborted).toBe(true);
  });

  it("an abort of the caller's signal reaches it as an abort of init.signal", async () => {
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const { baseUrl } = await startServer(() => arrived());
    const signals: AbortSignal[] = [];
    const fetch = (url: string | URL | Request, init?: RequestInit) => {
      if (init?.signal) signals.push(init.signal);
      return globalThis.fetch(url, init);
    };
    const controller = new AbortController();
    const sending = caught(testClient({ baseUrl, fetch }).otps.sms.send(BODY, { signal: controller.signal }));
    await requestArrived;
    controller.abort(new Error("user left"));

    expect(await sending).toMatchObject({ kind: "aborted" });
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ message: "user left" });
  });
});
