import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// The sandbox number: in the test environment no text is sent.
// Optional: expiration_minutes (1-10), locale, user_id, ...
const { data, error } = await stytch.otps.sms.send({
  phone_number: "+10000000000",
});

if (error) {
  // Stytch answered with an error: branch on error_type,
  // keep request_id for Stytch support.
  console.error(error.error_type, error.request_id);
} else {
  // Next: POST /v1/otps/authenticate with the user's code
  // and this phone_id as method_id.
  console.log("Sent, phone_id:", data.phone_id);
}
