import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// session_token: the Member's, from POST /v1/b2b/otps/sms/authenticate.
// authorization_check (optional) also checks an RBAC permission.
const { data, error } = await stytch.b2b.sessions.authenticate({
  session_token: "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
});

if (error) {
  // session_not_found: unknown, expired or revoked. Sign out.
  console.error(error.error_type, error.request_id);
} else {
  // data.session_jwt is fresh (5 min); both tokens are secrets.
  console.log("Member:", data.member.member_id, data.member_session.expires_at);
}
