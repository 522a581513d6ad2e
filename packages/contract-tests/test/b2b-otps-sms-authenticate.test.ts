import type { B2BOtpsSmsAuthenticateRequest, B2BOtpsSmsSendRequest } from "@sms-otp/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { halfSandboxCode, text, withField } from "./support/arbitraries.js";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { firstRequestExample } from "./support/spec.js";
import { answered, CONTRACT, ON_MOCK, testClient } from "./support/target.js";

// Valid bodies and the defects x-validation-errors maps come from the contract; these are ones it cannot name.
const b2bOtpsSmsAuthenticate = fromContract(
  "b2bOtpsSmsAuthenticate",
  (client, body) => client.b2b.otps.sms.authenticate(body as B2BOtpsSmsAuthenticateRequest),
  {
    validBody: halfSandboxCode,
    extraDefects: (validBody) => [
      {
        defect: "a set_mfa_enrollment other than enroll or unenroll",
        body: withField(validBody, "set_mfa_enrollment", fc.string({ maxLength: 10 }).filter((value) => !["enroll", "unenroll"].includes(value))),
      },
      { defect: "a consumer-only field (method_id)", body: withField(validBody, "method_id", text) },
    ],
  },
);

describe("POST /v1/b2b/otps/sms/authenticate", () => {
  // Stytch would need a real Organization, a Member enrolled in MFA and a primary login of the test project.
  (ON_MOCK ? it : it.skip)(
    `200: send to the example Member, then authenticate with 000000 and get a Member session${ON_MOCK ? "" : " [skipped against Stytch: needs an Organization, a Member and a primary login]"}`,
    async () => {
      const client = testClient();
      const sendRequest = firstRequestExample(CONTRACT, "b2bOtpsSmsSend") as B2BOtpsSmsSendRequest;
      const sent = await client.b2b.otps.sms.send(sendRequest);
      expect(sent.error).toBeUndefined();

      const result = await client.b2b.otps.sms.authenticate({
        organization_id: sendRequest.organization_id,
        member_id: sent.data?.member_id ?? "",
        code: "000000",
        intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=",
        session_duration_minutes: 60,
      });

      expect(result.error).toBeUndefined();
      expect(result.response.status).toBe(200);
      const success = responseExample("b2bOtpsSmsAuthenticate", "200", "success");
      expect(result.data).toStrictEqual(answered(success.value));
      expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
      expect(result.data?.member_session?.member_id).toBe(sendRequest.member_id);
      expect(result.data?.member_session?.organization_id).toBe(sendRequest.organization_id);
      expect(result.data?.member_session?.authentication_factors).toContainEqual(
        expect.objectContaining({ type: "otp", delivery_method: "sms" }),
      );
    },
  );

  contractTests(b2bOtpsSmsAuthenticate);
});
