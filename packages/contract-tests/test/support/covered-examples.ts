import type { CoveredExamples } from "./spec.js";

/**
 * Every (operation, status, named example) the suites exercise, kept by hand on purpose: test/spec-coverage.test.ts
 * compares it with the bundled spec both ways, so a status or example added to the spec without a line here, or
 * an example removed from the spec, fails `pnpm test`. The operation files run one test per entry.
 */
export const COVERED_EXAMPLES = {
  otpsSmsSend: {
    "200": ["success"],
    "400": [
      "bad_request",
      "invalid_phone_number",
      "invalid_phone_number_country_code",
      "unsubscribed_phone_number",
      "invalid_expiration_otp",
      "invalid_locale",
      "too_many_unverified_factors",
      "invalid_session_token",
    ],
    "401": ["unauthorized_credentials"],
    "404": ["user_not_found", "session_not_found"],
    "429": ["too_many_requests"],
    "500": ["internal_server_error"],
    "503": ["server_unavailable"],
  },
  b2bOtpsSmsSend: {
    "200": ["success"],
    "400": [
      "bad_request",
      "action_available_only_for_active_members",
      "duplicate_member_phone_number",
      "duplicate_member_phone_number_for_member",
      "invalid_phone_number",
      "invalid_phone_number_country_code",
      "unsubscribed_phone_number",
      "invalid_locale",
    ],
    "401": ["unauthorized_credentials"],
    "404": ["member_not_found", "organization_not_found", "secondary_factor_not_found", "intermediate_session_not_found"],
    "429": ["too_many_requests"],
    "500": ["internal_server_error"],
    "503": ["server_unavailable"],
  },
} as const satisfies CoveredExamples;
