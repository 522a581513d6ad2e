import { describe, expect, it } from "vitest";
import { StytchRequestError } from "../src/index.js";
import { AUTHENTICATE_RESPONSE, BROKEN_SUCCESS_BODIES, expectNoSessionSecret } from "./authenticate-fixtures.js";
import { caught, fakeFetch, hangingFetch, jsonResponse, stytchError, testClient } from "./helpers.js";

const BODY = {
  method_id: "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
  code: "000000",
  session_duration_minutes: 60,
} as const;

describe("POST /v1/otps/authenticate", () => {
  it("200 returns the User and the session as data, with no error", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, AUTHENTICATE_RESPONSE));
    const result = await testClient({ fetch }).otps.authenticate(BODY);

    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(AUTHENTICATE_RESPONSE);
    expect(result.data?.session?.authentication_factors[0]?.delivery_method).toBe("sms");
    expect(requests).toHaveLength(1);
    expect(requests[0]?.request.method).toBe("POST");
    expect(requests[0]?.request.url).toBe("https://test.stytch.com/v1/otps/authenticate");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual(BODY);
  });

  it("200 without a session returns empty tokens and a null session as data", async () => {
    const noSession = { ...AUTHENTICATE_RESPONSE, session_token: "", session_jwt: "", session: null };
    const { fetch } = fakeFetch(jsonResponse(200, noSession));
    const { data } = await testClient({ fetch }).otps.authenticate({ method_id: BODY.method_id, code: "123456" });

    expect(data).toEqual(noSession);
  });

  it.each([
    [404, "otp_code_not_found"],
    [401, "unable_to_auth_otp_code"],
    [401, "attribute_mismatch"],
    [429, "user_lock_limit_reached"],
    [400, "invalid_session_duration_minutes"],
  ])("%i returns %s as an error value, with no data", async (status, errorType) => {
    const { fetch } = fakeFetch(jsonResponse(status, stytchError(status, errorType)));
    const result = await testClient({ fetch }).otps.authenticate(BODY);

    expect(result.data).toBeUndefined();
    expect(result.error?.error_type).toBe(errorType);
    expect(result.response.status).toBe(status);
  });

  it("does not retry by default: a 429 is returned after one request", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(429, stytchError(429, "too_many_requests")));
    const { error } = await testClient({ fetch }).otps.authenticate(BODY);

    expect(error?.error_type).toBe("too_many_requests");
    expect(requests).toHaveLength(1);
  });

  it("the per-call timeoutMs ends a call Stytch never answers", async () => {
    const { fetch } = hangingFetch();
    const error = await caught(testClient({ fetch }).otps.authenticate(BODY, { timeoutMs: 20 }));

    expect(error).toMatchObject({ kind: "timeout", message: "POST /v1/otps/authenticate timed out after 20 ms" });
  });

  it.each(BROKEN_SUCCESS_BODIES)("a 200 with %s throws invalid_response quoting no part of a session secret", async (_what, body) => {
    const { fetch } = fakeFetch(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } }));
    const error = (await caught(testClient({ fetch }).otps.authenticate(BODY))) as StytchRequestError;

    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
    expectNoSessionSecret(error);
    expect(error.cause.message).toContain("withheld");
  });

  it("an error body that is not an envelope is still quoted in the cause: it holds no session", async () => {
    const { fetch } = fakeFetch(new Response("<h1>502 Bad Gateway</h1>", { status: 502 }));
    const error = (await caught(testClient({ fetch }).otps.authenticate(BODY))) as StytchRequestError;

    expect(error.cause.message).toContain("502 Bad Gateway");
  });
});
