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
  const { data, error } = await stytch.b2b.otps.sms.send(
    {
      organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
      member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
      // The code goes to the Member's MFA phone number. Pass
      // mfa_phone_number only for a Member who has none yet.
    },
    { timeoutMs: 5000 },
  );
  if (error) {
    // Stytch answered with an error: branch on error_type,
    // keep request_id for Stytch support.
    console.error(error.error_type, error.request_id);
  } else {
    // Next: POST /v1/b2b/otps/sms/authenticate with the code.
    console.log("Sent to", data.member_id);
  }
} catch (thrown) {
  // No usable answer (network, timeout, abort, not Stytch's
  // body): the text may have gone out; do not resend blindly.
  if (thrown instanceof StytchRequestError) {
    console.error("No answer from Stytch:", thrown.kind);
  }
  throw thrown;
}
