import { describe, expect, it } from "vitest";
import { StytchRequestError } from "../src/index.js";
import { B2B_AUTHENTICATE_RESPONSE, BROKEN_SUCCESS_BODIES, expectNoSessionSecret } from "./authenticate-fixtures.js";
import { caught, fakeFetch, jsonResponse, stytchError, testClient } from "./helpers.js";

const BODY = {
  organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
  member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
  code: "000000",
  intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=",
  session_duration_minutes: 60,
  set_mfa_enrollment: "enroll",
} as const;

describe("POST /v1/b2b/otps/sms/authenticate", () => {
  it("200 returns the Member, the Organization and the Member session as data", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, B2B_AUTHENTICATE_RESPONSE));
    const { data, error } = await testClient({ fetch }).b2b.otps.sms.authenticate(BODY);

    expect(error).toBeUndefined();
    expect(data).toEqual(B2B_AUTHENTICATE_RESPONSE);
    expect(requests[0]?.request.url).toBe("https://test.stytch.com/v1/b2b/otps/sms/authenticate");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual(BODY);
  });

  it.each([
    [400, "no_session_arguments"],
    [400, "action_available_only_once_primary_authentication_is_met"],
    [404, "otp_code_not_found"],
    [404, "intermediate_session_not_found"],
  ])("%i returns %s as an error value, with no data", async (status, errorType) => {
    const { fetch } = fakeFetch(jsonResponse(status, stytchError(status, errorType)));
    const { data, error } = await testClient({ fetch }).b2b.otps.sms.authenticate(BODY);

    expect(data).toBeUndefined();
    expect(error?.error_type).toBe(errorType);
  });

  it.each(BROKEN_SUCCESS_BODIES)("a 200 with %s throws invalid_response quoting no part of a session secret", async (_what, body) => {
    const { fetch } = fakeFetch(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } }));
    const error = (await caught(testClient({ fetch }).b2b.otps.sms.authenticate(BODY))) as StytchRequestError;

    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
    expect(error.message).toContain("POST /v1/b2b/otps/sms/authenticate got HTTP 200");
    expectNoSessionSecret(error);
  });
});
