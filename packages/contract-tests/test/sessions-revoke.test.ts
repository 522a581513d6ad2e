import type { SessionsRevokeRequest } from "@sms-otp/client";
import { describe, expect, it } from "vitest";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { answered, ON_MOCK, testClient } from "./support/target.js";

// The cast lets the property tests send bodies the types forbid, as untyped callers can.
const sessionsRevoke = fromContract("sessionsRevoke", (client, body) => client.sessions.revoke(body as SessionsRevokeRequest));

describe("POST /v1/sessions/revoke", () => {
  // Against Stytch the sandbox session cannot be revoked, so this revokes a session of the sandbox number.
  it("200: a session started with the sandbox code is revoked by its token", async () => {
    const client = testClient();
    const sent = await client.otps.sms.send({ phone_number: "+10000000000" });
    const started = await client.otps.authenticate({ method_id: sent.data?.phone_id ?? "", code: "000000", session_duration_minutes: 60 });
    expect(started.data?.session_token).toBeTruthy();

    const result = await client.sessions.revoke({ session_token: started.data?.session_token ?? "" });

    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
    const success = responseExample("sessionsRevoke", "200", "success");
    expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    if (ON_MOCK) expect(result.data).toStrictEqual(answered(success.value));
  });

  contractTests(sessionsRevoke);
});
