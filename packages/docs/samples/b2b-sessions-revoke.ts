import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// Sign a Member out everywhere: member_id revokes every session.
// One session: member_session_id, session_token or session_jwt.
const { error } = await stytch.b2b.sessions.revoke({
  member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
});

if (error) {
  // e.g. member_not_found. Keep request_id.
  console.error(error.error_type, error.request_id);
} else {
  console.log("Signed out everywhere");
}
