import { createStytchClient } from "@sms-otp/client";

// Missing credentials fail at construction.
const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
});

// session_token: the Member's, from POST /v1/b2b/otps/sms/authenticate.
const { data, error } = await stytch.b2b.sessions.authenticate({
  session_token: "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
  authorization_check: {
    organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
    resource_id: "invoices",
    action: "read",
  },
});

if (error) {
  // session_not_found: sign out; session_authorization_error: 403.
  console.error(error.error_type, error.request_id);
} else {
  console.log("Member:", data.member.member_id, data.verdict?.granting_roles);
}
