import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// session_token: from the user's cookie. In the test environment
// this sandbox token always authenticates a fixed session.
// session_duration_minutes (optional) extends it from now.
const { data, error } = await stytch.sessions.authenticate({
  session_token: "WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY",
});

if (error) {
  // session_not_found: unknown, expired or revoked. Sign out.
  console.error(error.error_type, error.request_id);
} else {
  // data.session_jwt is fresh (5 min); both tokens are secrets.
  console.log("Signed in:", data.session.user_id, data.session.expires_at);
}
