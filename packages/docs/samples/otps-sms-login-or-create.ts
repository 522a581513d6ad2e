import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// A new number gets a User; a known one is a log-in. Each call
// is a billed text: do not retry it on your own.
// In the test environment +10000000000 gets no text; its code is 000000.
const { data, error } = await stytch.otps.sms.loginOrCreate({
  phone_number: "+10000000000",
});

if (error) {
  // e.g. invalid_phone_number, too_many_requests. Keep request_id.
  console.error(error.error_type, error.request_id);
} else {
  // Next: stytch.otps.authenticate with method_id: data.phone_id.
  console.log("Code sent:", data.phone_id, "new user:", data.user_created);
}
