import {
  createStytchClient,
  StytchRequestError,
} from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

try {
  const { data, error } = await stytch.b2b.otps.sms.authenticate(
    {
      organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
      member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
      code: "000000",
      // From the primary login that answered mfa_required.
      intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=",
      session_duration_minutes: 60,
    },
    { timeoutMs: 5000 },
  );
  if (error) {
    // Branch on error_type; keep request_id for Stytch support.
    console.error(error.error_type, error.request_id);
  } else {
    // session_token and session_jwt are the Member's secrets:
    // put them in a secure cookie, never in a log.
    console.log("MFA complete for", data.member_id);
  }
} catch (thrown) {
  // No usable answer: the code may already be used up, so
  // ask the Member for a new one rather than retrying.
  if (thrown instanceof StytchRequestError) {
    console.error("No answer from Stytch:", thrown.kind);
  }
  throw thrown;
}
