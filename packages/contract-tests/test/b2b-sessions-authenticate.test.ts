import type { B2BSessionsAuthenticateRequest } from "@sms-otp/client";
import { describe, expect, it } from "vitest";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { firstRequestExample } from "./support/spec.js";
import { answered, CONTRACT, ON_MOCK, testClient } from "./support/target.js";

// The cast lets the property tests send bodies the types forbid, as untyped callers can.
const b2bSessionsAuthenticate = fromContract("b2bSessionsAuthenticate", (client, body) => client.b2b.sessions.authenticate(body as B2BSessionsAuthenticateRequest));

describe("POST /v1/b2b/sessions/authenticate", () => {
  // Stytch would need a real Organization, a Member and a session of the test project; it lists no B2B sandbox.
  (ON_MOCK ? it : it.skip)(
    `200: the Member session that SMS MFA started is found by its token${ON_MOCK ? "" : " [skipped against Stytch: needs an Organization, a Member and a session]"}`,
    async () => {
      const client = testClient();
      const mfa = await client.b2b.otps.sms.authenticate(firstRequestExample(CONTRACT, "b2bOtpsSmsAuthenticate") as never);
      const result = await client.b2b.sessions.authenticate({ session_token: mfa.data?.session_token ?? "" });

      expect(result.error).toBeUndefined();
      const success = responseExample("b2bSessionsAuthenticate", "200", "success");
      expect(result.data).toStrictEqual(answered(success.value));
      expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
      expect(result.data?.member_session).toStrictEqual(mfa.data?.member_session);
      expect(result.data?.member).toStrictEqual(mfa.data?.member);
    },
  );

  contractTests(b2bSessionsAuthenticate);
});
