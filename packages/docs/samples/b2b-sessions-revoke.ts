import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// Sign the Member out. The token is a secret: never log it.
// member_id instead revokes every session of the Member.
const { error } = await stytch.b2b.sessions.revoke({
  session_token: "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
});

// session_not_found: already ended (a retried revoke, say).
if (error && error.error_type !== "session_not_found") {
  console.error(error.error_type, error.request_id);
} else {
  console.log("Signed out");
}
