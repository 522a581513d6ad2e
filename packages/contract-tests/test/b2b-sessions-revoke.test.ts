import type { B2BSessionsRevokeRequest } from "@sms-otp/client";
import { describe, expect, it } from "vitest";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { answered, ON_MOCK, testClient } from "./support/target.js";

// The cast lets the property tests send bodies the types forbid, as untyped callers can.
const b2bSessionsRevoke = fromContract("b2bSessionsRevoke", (client, body) => client.b2b.sessions.revoke(body as B2BSessionsRevokeRequest));

describe("POST /v1/b2b/sessions/revoke", () => {
  (ON_MOCK ? it : it.skip)(
    `200: every session of the example Member is revoked${ON_MOCK ? "" : " [skipped against Stytch: needs an Organization and a Member]"}`,
    async () => {
      const result = await testClient().b2b.sessions.revoke({ member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f" });

      expect(result.error).toBeUndefined();
      const success = responseExample("b2bSessionsRevoke", "200", "success");
      expect(result.data).toStrictEqual(answered(success.value));
      expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    },
  );

  contractTests(b2bSessionsRevoke);
});
