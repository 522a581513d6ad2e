import { inspect } from "node:util";
import { expect } from "vitest";
import type { B2BOtpsSmsAuthenticateResponse, OtpsAuthenticateResponse } from "../src/index.js";
import { B2B_SEND_RESPONSE } from "./helpers.js";

export const SESSION_TOKEN = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q-DO-NOT-LEAK";
export const SESSION_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLXRlc3QifQ.c2lnbmF0dXJlLURPLU5PVC1MRUFL";

export const AUTHENTICATE_RESPONSE: OtpsAuthenticateResponse = {
  request_id: "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141",
  status_code: 200,
  user_id: "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
  method_id: "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
  session_token: SESSION_TOKEN,
  session_jwt: SESSION_JWT,
  reset_sessions: false,
  user: {
    user_id: "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
    emails: [],
    status: "active",
    phone_numbers: [
      { phone_id: "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0", phone_number: "+10000000000", verified: true },
    ],
    webauthn_registrations: [],
    providers: [],
    totps: [],
    crypto_wallets: [],
    biometric_registrations: [],
    is_locked: false,
    roles: ["stytch_user"],
  },
  session: {
    session_id: "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509",
    user_id: "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
    authentication_factors: [
      {
        type: "otp",
        delivery_method: "sms",
        phone_number_factor: { phone_id: "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0", phone_number: "+10000000000" },
      },
    ],
    roles: ["stytch_user"],
    expires_at: "2026-12-01T11:15:30.935673Z",
  },
};

export const B2B_AUTHENTICATE_RESPONSE: B2BOtpsSmsAuthenticateResponse = {
  request_id: B2B_SEND_RESPONSE.request_id,
  member_id: B2B_SEND_RESPONSE.member_id,
  member: B2B_SEND_RESPONSE.member,
  organization: B2B_SEND_RESPONSE.organization,
  session_token: SESSION_TOKEN,
  session_jwt: SESSION_JWT,
  status_code: 200,
  member_session: {
    member_session_id: "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509",
    member_id: B2B_SEND_RESPONSE.member_id,
    started_at: "2026-12-01T10:14:02.118044Z",
    last_accessed_at: "2026-12-01T10:15:30.935673Z",
    expires_at: "2026-12-01T11:15:30.935673Z",
    authentication_factors: [{ type: "otp", delivery_method: "sms" }],
    organization_id: B2B_SEND_RESPONSE.member.organization_id,
    roles: ["stytch_member"],
    organization_slug: "example-corp",
  },
};

// A success body cut short, as a dropped connection or a broken proxy leaves it; each ends right after a secret,
// where a JSON parser's message quotes the text before the fault.
export const BROKEN_SUCCESS_BODIES: [string, string][] = [
  ["truncated after the session token", `{"status_code":200,"session_token":"${SESSION_TOKEN}",`],
  ["a stray token after the JWT", `{"status_code":200,"session_jwt":"${SESSION_JWT}" x}`],
  ["an array holding the token", JSON.stringify([SESSION_TOKEN, SESSION_JWT])],
  ["a JSON string holding the token", JSON.stringify(`session_token=${SESSION_TOKEN}`)],
];

// Every 8-character piece of each session secret: an error must not quote even part of one.
const SECRET_PIECES = [SESSION_TOKEN, SESSION_JWT].flatMap((secret) =>
  Array.from({ length: secret.length - 7 }, (_, start) => secret.slice(start, start + 8)),
);

/** Fails if the error's message, stack, JSON or inspected form holds any piece of a session secret. */
export function expectNoSessionSecret(error: Error): void {
  const written = [error.message, error.stack ?? "", JSON.stringify(error), inspect(error, { depth: null, showHidden: true })];
  for (const piece of SECRET_PIECES) expect(written.join("\n")).not.toContain(piece);
}
