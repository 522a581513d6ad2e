import { describe, expect, it } from "vitest";
import { isStytchError, StytchRequestError } from "../src/index.js";
import { caught, fakeFetch, jsonResponse, SEND_RESPONSE, startServer, stytchError, testClient } from "./helpers.js";

const BODY = { phone_number: "+10000000000", expiration_minutes: 5, locale: "pt-br" } as const;

describe("POST /v1/otps/sms/send", () => {
  it("200 returns the typed body as data, with no error", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    const result = await testClient({ fetch }).otps.sms.send(BODY);

    expect(result.data).toEqual(SEND_RESPONSE);
    expect(result.error).toBeUndefined();
    expect("error" in result).toBe(false);
    expect(result.response.status).toBe(200);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.request.method).toBe("POST");
    expect(requests[0]?.request.url).toBe("https://test.stytch.com/v1/otps/sms/send");
    expect(requests[0]?.request.headers.get("Content-Type")).toBe("application/json");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual(BODY);
  });

  it("400 returns invalid_phone_number as an error value, with no data", async () => {
    const body = stytchError(400, "invalid_phone_number");
    const { fetch } = fakeFetch(jsonResponse(400, body));
    const result = await testClient({ fetch }).otps.sms.send({ phone_number: "12" });

    expect(result.error).toEqual(body);
    expect(result.data).toBeUndefined();
    expect("data" in result).toBe(false);
    expect(result.response.status).toBe(400);
  });

  it.each([
    [401, "unauthorized_credentials"],
    [404, "user_not_found"],
    [429, "too_many_requests"],
    [500, "internal_server_error"],
    [503, "server_unavailable"],
    // Not declared in the spec, but still Stytch answering.
    [409, "some_future_error"],
    [502, "bad_gateway"],
  ])("%i with a Stytch envelope returns %s as an error value", async (status, errorType) => {
    const { fetch } = fakeFetch(jsonResponse(status, stytchError(status, errorType)));
    const { data, error } = await testClient({ fetch }).otps.sms.send(BODY);

    expect(data).toBeUndefined();
    expect(error?.error_type).toBe(errorType);
    expect(error?.status_code).toBe(status);
  });

  it.each([
    ["a proxy's HTML page", 502, "<html><body>502 Bad Gateway</body></html>", "text/html"],
    ["truncated JSON", 400, '{"status_code": 400, "request_id": "req', "application/json"],
    ["JSON that is not a Stytch error", 400, '{"message":"nope"}', "application/json"],
    [
      "an envelope with a missing field",
      429,
      JSON.stringify({ ...stytchError(429, "x"), error_url: undefined }),
      "application/json",
    ],
    ["an empty body", 500, "", "text/plain"],
  ])("%s on HTTP %i throws invalid_response with the status", async (_what, status, body, contentType) => {
    const { fetch } = fakeFetch(new Response(body, { status, headers: { "Content-Type": contentType } }));
    const error = await caught(testClient({ fetch }).otps.sms.send(BODY));

    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error).toMatchObject({ kind: "invalid_response", status, retryable: false });
    expect((error as Error).message).toContain(`POST /v1/otps/sms/send got HTTP ${status}`);
    expect((error as Error).message).toContain(contentType);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("an error body that is not an envelope is quoted in the cause, not in the message", async () => {
    const { fetch } = fakeFetch(new Response("<html>\n<h1>502 Bad Gateway</h1>\n</html>", { status: 502 }));
    const error = (await caught(testClient({ fetch }).otps.sms.send(BODY))) as StytchRequestError;

    expect(error.message).not.toContain("Bad Gateway");
    expect(error.cause.message).toContain("502 Bad Gateway");
  });

  it.each([
    ["truncated JSON", '{"request_id": "req'],
    ["an empty body", ""],
    ["JSON null", "null"],
    ["a JSON array", "[]"],
    ["a JSON string", '"ok"'],
  ])("200 with %s throws invalid_response", async (_what, body) => {
    const { fetch } = fakeFetch(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } }));
    const error = await caught(testClient({ fetch }).otps.sms.send(BODY));

    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
  });

  it("a connection failure throws network with no status and the fetch error as cause", async () => {
    const failure = new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND test.stytch.com") });
    const { fetch } = fakeFetch(failure);
    const error = (await caught(testClient({ fetch }).otps.sms.send(BODY))) as StytchRequestError;

    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error.kind).toBe("network");
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(
      "POST /v1/otps/sms/send got no response: fetch failed: getaddrinfo ENOTFOUND test.stytch.com"
    );
    expect(error.cause.name).toBe("TypeError");
    expect(error.cause.message).toBe("fetch failed");
    expect((error.cause.cause as Error).message).toBe("getaddrinfo ENOTFOUND test.stytch.com");
  });

  it("messages are one line even when the cause's message is not", async () => {
    const { fetch } = fakeFetch(new TypeError("fetch failed\n  at line two\n\tand three"));
    const error = (await caught(testClient({ fetch }).otps.sms.send(BODY))) as StytchRequestError;

    expect(error.message).toBe("POST /v1/otps/sms/send got no response: fetch failed at line two and three");
  });

  it("a redirect is not followed (the secret stays with the configured host): invalid_response 307", async () => {
    let hits = 0;
    const { baseUrl } = await startServer((request, response) => {
      hits += 1;
      response.writeHead(307, { Location: "/elsewhere" }).end();
    });
    const error = await caught(testClient({ baseUrl }).otps.sms.send(BODY));

    expect(error).toMatchObject({ kind: "invalid_response", status: 307 });
    expect(hits).toBe(1);
  });
});

describe("isStytchError", () => {
  const envelope = stytchError(400, "invalid_phone_number");

  it("accepts the Stytch envelope, with or without error_details", () => {
    expect(isStytchError(envelope)).toBe(true);
    expect(isStytchError({ ...envelope, error_details: { field: "phone_number" } })).toBe(true);
    expect(isStytchError(JSON.parse(JSON.stringify(envelope)))).toBe(true);
  });

  it.each(["status_code", "request_id", "error_type", "error_message", "error_url"])(
    "rejects an object without %s",
    (field) => {
      const partial: Record<string, unknown> = { ...envelope };
      delete partial[field];
      expect(isStytchError(partial)).toBe(false);
    }
  );

  it.each([
    ["status_code as a string", { ...envelope, status_code: "400" }],
    ["error_type as a number", { ...envelope, error_type: 1 }],
    ["error_details as a string", { ...envelope, error_details: "x" }],
    ["error_details as null", { ...envelope, error_details: null }],
    ["null", null],
    ["undefined", undefined],
    ["a string", "invalid_phone_number"],
    ["an array", [envelope]],
    ["a StytchRequestError", new StytchRequestError("x", { kind: "network", cause: new Error("x") })],
  ])("rejects %s", (_what, value) => {
    expect(isStytchError(value)).toBe(false);
  });
});
