import type { OtpsAuthenticateRequest } from "@sms-otp/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { halfSandboxCode, withField } from "./support/arbitraries.js";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { answered, ON_MOCK, testClient } from "./support/target.js";

// Valid bodies and the defects x-validation-errors maps come from the contract; this is one it cannot name.
const otpsAuthenticate = fromContract("otpsAuthenticate", (client, body) => client.otps.authenticate(body as OtpsAuthenticateRequest), {
  validBody: halfSandboxCode,
  extraDefects: (validBody) => [
    {
      defect: "an unknown field inside options",
      body: withField(validBody, "options", fc.constant({ ip_match_required: true, geo_match_required: true })),
    },
  ],
});

describe("POST /v1/otps/authenticate", () => {
  // Against Stytch, the sandbox send returns a phone_id of the test project that the sandbox code authenticates.
  it("200: send to +10000000000, then authenticate its phone_id with 000000 and get a session", async () => {
    const client = testClient();
    const sent = await client.otps.sms.send({ phone_number: "+10000000000" });
    expect(sent.error).toBeUndefined();
    const phoneId = sent.data?.phone_id ?? "";

    const result = await client.otps.authenticate({ method_id: phoneId, code: "000000", session_duration_minutes: 60 });

    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
    const success = responseExample("otpsAuthenticate", "200", "success");
    expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    expect(result.data?.session_token).not.toBe("");
    expect(result.data?.session?.user_id).toBe(result.data?.user_id);
    expect(result.data?.session?.authentication_factors).toContainEqual(
      expect.objectContaining({ type: "otp", delivery_method: "sms" }),
    );
    if (ON_MOCK) expect(result.data).toStrictEqual(answered(success.value));
    else expect(result.data?.method_id).toBe(phoneId);
  });

  contractTests(otpsAuthenticate);
});
