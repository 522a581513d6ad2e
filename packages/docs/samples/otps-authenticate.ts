import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// method_id: the phone_id that POST /v1/otps/sms/send returned.
// In the test environment, a send to +10000000000 and the
// code 000000 authenticate without a text.
const { data, error } = await stytch.otps.authenticate({
  method_id: "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
  code: "000000",
  session_duration_minutes: 60,
});

if (error) {
  // otp_code_not_found: wrong code; unable_to_auth_otp_code:
  // expired or used (send a new one). Keep request_id.
  console.error(error.error_type, error.request_id);
} else {
  // session_token and session_jwt are the user's secrets:
  // put them in a secure cookie, never in a log.
  console.log("Signed in:", data.user_id, data.session?.expires_at);
}
