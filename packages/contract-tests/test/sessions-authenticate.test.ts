import type { SessionsAuthenticateRequest } from "@sms-otp/client";
import { describe, expect, it } from "vitest";
import { contractTests, expectStytchError, fromContract, responseExample } from "./support/operation-suite.js";
import { answered, ON_MOCK, testClient } from "./support/target.js";

const SANDBOX_SESSION_TOKEN = "WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY";
const SANDBOX_MISSING_SESSION_TOKEN = "59cnLELtq5cFVS6uYK9f-pAWzBkhqZl8AvLhbhOvKNWw";

// The cast lets the property tests send bodies the types forbid, as untyped callers can.
const sessionsAuthenticate = fromContract("sessionsAuthenticate", (client, body) => client.sessions.authenticate(body as SessionsAuthenticateRequest));

describe("POST /v1/sessions/authenticate", () => {
  it("200: Stytch's sandbox session token comes back as data with its fixed session", async () => {
    const success = responseExample("sessionsAuthenticate", "200", "success");
    const result = await testClient().sessions.authenticate({ session_token: SANDBOX_SESSION_TOKEN });

    expect(result.error).toBeUndefined();
    expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    expect(result.data?.session.session_id).toBe("session-test-eb94233f-8800-4ebd-8645-51dc15f9d028");
    expect(result.data?.session_token).toBe(SANDBOX_SESSION_TOKEN);
    if (ON_MOCK) expect(result.data).toStrictEqual(answered(success.value));
  });

  it("404: Stytch's sandbox token for a missing session gets session_not_found", async () => {
    const result = await testClient().sessions.authenticate({ session_token: SANDBOX_MISSING_SESSION_TOKEN });
    expectStytchError("sessionsAuthenticate", result, 404);
    expect(result.error?.error_type).toBe("session_not_found");
  });

  (ON_MOCK ? it : it.skip)("200: the session the mock's passcode authenticate started is found by its token", async () => {
    const client = testClient();
    const sent = await client.otps.sms.send({ phone_number: "+10000000000" });
    const started = await client.otps.authenticate({ method_id: sent.data?.phone_id ?? "", code: "000000", session_duration_minutes: 60 });
    const result = await client.sessions.authenticate({ session_token: started.data?.session_token ?? "" });

    expect(result.error).toBeUndefined();
    expect(result.data).toStrictEqual(answered(responseExample("sessionsAuthenticate", "200", "session").value));
    expect(result.data?.session).toStrictEqual(started.data?.session);
    expect(result.data?.user).toStrictEqual(started.data?.user);
  });

  contractTests(sessionsAuthenticate);
});
