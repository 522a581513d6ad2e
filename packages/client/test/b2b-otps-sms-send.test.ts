import { describe, expect, it } from "vitest";
import { StytchRequestError } from "../src/index.js";
import {
  B2B_SEND_RESPONSE,
  caught,
  fakeFetch,
  hangingFetch,
  jsonResponse,
  stytchError,
  testClient,
} from "./helpers.js";

const BODY = {
  organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
  member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
  mfa_phone_number: "+12025550162",
};

describe("POST /v1/b2b/otps/sms/send", () => {
  it("200 returns the Member and Organization as data", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, B2B_SEND_RESPONSE));
    const { data, error } = await testClient({ fetch }).b2b.otps.sms.send(BODY);

    expect(error).toBeUndefined();
    expect(data?.member.mfa_phone_number).toBe("+12025550162");
    expect(data?.organization.organization_slug).toBe("example-corp");
    expect(requests[0]?.request.url).toBe("https://test.stytch.com/v1/b2b/otps/sms/send");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual(BODY);
  });

  it("400 returns duplicate_member_phone_number_for_member as an error value", async () => {
    const body = stytchError(400, "duplicate_member_phone_number_for_member");
    const { fetch } = fakeFetch(jsonResponse(400, body));
    const { data, error } = await testClient({ fetch }).b2b.otps.sms.send(BODY);

    expect(data).toBeUndefined();
    expect(error).toEqual(body);
  });

  it("a non-envelope 503 throws invalid_response with the B2B path in the message", async () => {
    const { fetch } = fakeFetch(new Response("upstream connect error", { status: 503 }));
    const error = await caught(testClient({ fetch }).b2b.otps.sms.send(BODY));

    expect(error).toBeInstanceOf(StytchRequestError);
    expect(error).toMatchObject({ kind: "invalid_response", status: 503 });
    expect((error as Error).message).toMatch(/^POST \/v1\/b2b\/otps\/sms\/send got HTTP 503/);
  });

  it("the per-call timeoutMs applies to B2B sends too", async () => {
    const { fetch } = hangingFetch();
    const error = await caught(testClient({ fetch }).b2b.otps.sms.send(BODY, { timeoutMs: 20 }));

    expect(error).toMatchObject({ kind: "timeout", message: "POST /v1/b2b/otps/sms/send timed out after 20 ms" });
  });
});
