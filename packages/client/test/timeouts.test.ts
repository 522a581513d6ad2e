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
