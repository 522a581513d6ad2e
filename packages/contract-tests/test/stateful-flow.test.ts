// Issue 18's "Done when", through this repository's client: log in or create -> authenticate with a session ->
// sessions authenticate 200 -> revoke 200 -> sessions authenticate gets session_not_found, against the stateful
// mock, each code read from its outbox (mockControl). Stytch's official SDK runs the same flow in
// stateful-sdk.test.ts.
import { createStytchClient, type StytchClient } from "@sms-otp/client";
import { mockControl } from "@sms-otp/mock";
import { beforeAll, expect, it } from "vitest";
import { responseExample } from "./support/operation-suite.js";
import { API_BASE_URL, describeOnMock } from "./support/target.js";

const PROJECT_ID = "project-test-client-stateful-flow";
const PHONE = "+12025550177";
const ORGANIZATION_ID = "organization-test-5a0c2e1b-7d3f-4b6a-8e9c-1f2a3b4c5d6e";
const MEMBER_ID = "member-test-2b4d6f8a-0c1e-4a3b-9d5f-7e9a1b3c5d7f";

describeOnMock("the SMS login through the client against the stateful mock", "it reads codes from the mock's outbox", () => {
  let stytch: StytchClient;
  const control = () => mockControl({ url: API_BASE_URL, projectId: PROJECT_ID });

  beforeAll(async () => {
    await control().reset();
    stytch = createStytchClient({ projectId: PROJECT_ID, secret: "secret-test-DO-NOT-LEAK-client-flow", baseUrl: API_BASE_URL });
  });

  /** login_or_create, then the texted code with a session of `minutes`: the session's token and the User's id. */
  async function signIn(minutes: number) {
    const sent = await stytch.otps.sms.loginOrCreate({ phone_number: PHONE });
    if (sent.error) throw new Error(`login_or_create: ${sent.error.error_type}`);
    const code = await control().waitForCode({ to: PHONE });
    const signedIn = await stytch.otps.authenticate({ method_id: sent.data.phone_id, code, session_duration_minutes: minutes });
    if (signedIn.error) throw new Error(`authenticate: ${signedIn.error.error_type}`);
    return { sent: sent.data, signedIn: signedIn.data };
  }

  it("login_or_create -> authenticate -> sessions.authenticate 200 -> revoke 200 -> sessions.authenticate session_not_found", async () => {
    const { sent, signedIn } = await signIn(60);
    expect(sent.user_created).toBe(true);
    expect(signedIn.user_id).toBe(sent.user_id);
    expect(signedIn.session?.user_id).toBe(sent.user_id);

    const checked = await stytch.sessions.authenticate({ session_token: signedIn.session_token });
    expect(checked.error).toBeUndefined();
    expect(checked.response.status).toBe(200);
    const schema = responseExample("sessionsAuthenticate", "200", "success").validate;
    expect(schema(checked.data), JSON.stringify(schema.errors)).toBe(true);
    expect(checked.data?.session_token).toBe(signedIn.session_token);
    expect(checked.data?.session.session_id).toBe(signedIn.session?.session_id);
    expect(checked.data?.user.user_id).toBe(sent.user_id);
    expect(checked.data?.user.phone_numbers).toContainEqual(expect.objectContaining({ phone_number: PHONE, verified: true }));

    const byJwt = await stytch.sessions.authenticate({ session_jwt: checked.data?.session_jwt ?? "" });
    expect(byJwt.data?.session.session_id).toBe(signedIn.session?.session_id);

    const revoked = await stytch.sessions.revoke({ session_token: signedIn.session_token });
    expect(revoked.error).toBeUndefined();
    expect(revoked.data?.status_code).toBe(200);

    const after = await stytch.sessions.authenticate({ session_token: signedIn.session_token });
    expect(after.data).toBeUndefined();
    expect(after.response.status).toBe(404);
    expect(after.error?.error_type).toBe("session_not_found");
  });

  it("the same number again is a log-in of the same User: user_created false", async () => {
    const again = await stytch.otps.sms.loginOrCreate({ phone_number: PHONE });
    const first = (await control().messages({ to: PHONE }))[0];
    expect(again.data?.user_created).toBe(false);
    expect(again.data?.user_id).toBe(first?.user_id);
  });

  it("a session ends when it expires, and session_duration_minutes moves its end to that many minutes from now", async () => {
    const { signedIn } = await signIn(10);
    await control().clock.advance(9 * 60);
    const extended = await stytch.sessions.authenticate({ session_token: signedIn.session_token, session_duration_minutes: 30 });
    const now = Date.parse(await control().clock.now());
    expect(Date.parse(extended.data?.session.expires_at ?? "") - now).toBeGreaterThan(29 * 60_000);

    await control().clock.advance(31 * 60);
    const expired = await stytch.sessions.authenticate({ session_token: signedIn.session_token });
    expect(expired.error).toMatchObject({ status_code: 404, error_type: "session_not_found" });
  });

  it("B2B: texted code -> Member session -> b2b.sessions.authenticate 200 -> revoke every session of the Member -> session_not_found", async () => {
    await control().createMember({ organization_id: ORGANIZATION_ID, member_id: MEMBER_ID, mfa_phone_number: "+12025550178" });
    const sent = await stytch.b2b.otps.sms.send({ organization_id: ORGANIZATION_ID, member_id: MEMBER_ID });
    expect(sent.error).toBeUndefined();
    const code = await control().waitForCode({ memberId: MEMBER_ID });
    const mfa = await stytch.b2b.otps.sms.authenticate({
      organization_id: ORGANIZATION_ID,
      member_id: MEMBER_ID,
      code,
      intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=",
    });
    const token = mfa.data?.session_token ?? "";
    expect(token).not.toBe("");

    const checked = await stytch.b2b.sessions.authenticate({ session_token: token });
    expect(checked.error).toBeUndefined();
    expect(checked.data?.member_session.member_id).toBe(MEMBER_ID);
    expect(checked.data?.member.member_id).toBe(MEMBER_ID);

    const consumerView = await stytch.sessions.authenticate({ session_token: token });
    expect(consumerView.error?.error_type).toBe("session_not_found");

    const revoked = await stytch.b2b.sessions.revoke({ member_id: MEMBER_ID });
    expect(revoked.data?.status_code).toBe(200);
    const after = await stytch.b2b.sessions.authenticate({ session_token: token });
    expect(after.error).toMatchObject({ status_code: 404, error_type: "session_not_found" });
  });
});
