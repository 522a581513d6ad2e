import type { OtpsSmsLoginOrCreateRequest } from "@sms-otp/client";
import { describe, expect, it } from "vitest";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { answered, ON_MOCK, testClient } from "./support/target.js";

// The cast lets the property tests send bodies the types forbid, as untyped callers can.
const otpsSmsLoginOrCreate = fromContract("otpsSmsLoginOrCreate", (client, body) => client.otps.sms.loginOrCreate(body as OtpsSmsLoginOrCreateRequest));

describe("POST /v1/otps/sms/login_or_create", () => {
  it("200: the sandbox number +10000000000 comes back as data with user_created, then authenticates with 000000", async () => {
    const client = testClient();
    const success = responseExample("otpsSmsLoginOrCreate", "200", "success");
    const result = await client.otps.sms.loginOrCreate({ phone_number: "+10000000000" });

    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
    expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    expect(typeof result.data?.user_created).toBe("boolean");
    if (ON_MOCK) expect(result.data).toStrictEqual(answered(success.value));

    const authenticated = await client.otps.authenticate({ method_id: result.data?.phone_id ?? "", code: "000000" });
    expect(authenticated.error).toBeUndefined();
    expect(authenticated.data?.user_id).toBe(result.data?.user_id);
  });

  // Against Stytch a new number would get a real text.
  (ON_MOCK ? it : it.skip)("200: any other number is a new User, answered 200 (not 201) with user_created: true", async () => {
    const result = await testClient().otps.sms.loginOrCreate({ phone_number: "+12025550162", create_user_as_pending: true });
    expect(result.response.status).toBe(200);
    expect(result.data).toStrictEqual(answered(responseExample("otpsSmsLoginOrCreate", "200", "new_user").value));
    expect(result.data?.user_created).toBe(true);
  });

  contractTests(otpsSmsLoginOrCreate);
});
