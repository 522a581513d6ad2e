// Stytch's error envelope, for every error the mock answers itself rather than from a documented example.
import { randomUUID } from "node:crypto";
import type { StytchErrorBody } from "@sms-otp/spec/contract";
import { printable } from "./guards.js";

/** Stytch's error envelope, as the contract declares it. */
export type StytchErrorEnvelope = StytchErrorBody;

/**
 * The errors only the mock gives: Stytch documents none of these cases for its endpoints, so each gets the closest
 * status and a name in Stytch's style. The contract's own examples cover everything a valid HTTP request can get.
 */
export const MOCK_ERRORS = {
  invalid_json: { status: 400, message: "The request body is not valid JSON." },
  invalid_content_type: { status: 400, message: "Send the request body as Content-Type: application/json." },
  request_too_complex: { status: 400, message: "The request body nests too deep or has too many fields." },
  invalid_prefer_header: { status: 400, message: "The Prefer header asks for something this operation does not document." },
  bad_request: { status: 400, message: "The request could not be read." },
  unauthorized_credentials: { status: 401, message: "Send the project ID and secret as HTTP Basic credentials." },
  route_not_found: { status: 404, message: "No endpoint is served at this path." },
  method_not_allowed: { status: 405, message: "This endpoint does not accept this method." },
  request_timeout: { status: 408, message: "The request did not arrive in time." },
  request_too_large: { status: 413, message: "The request body is too large." },
  host_not_allowed: { status: 421, message: "The mock answers only requests addressed to a loopback host or an allowed host." },
  request_headers_too_large: { status: 431, message: "The request headers are too large." },
  internal_server_error: { status: 500, message: "The mock could not answer this request." },
} as const satisfies Record<string, { status: number; message: string }>;

export type MockErrorType = keyof typeof MOCK_ERRORS;

/** A request id in the form of Stytch's test environment, fresh for every request. */
export function newRequestId(): string {
  return `request-id-test-${randomUUID()}`;
}

/** The envelope of `errorType`; `message` replaces the generic one when the mock can say more. */
export function mockError(errorType: MockErrorType, requestId: string, message?: string): StytchErrorEnvelope {
  const { status } = MOCK_ERRORS[errorType];
  return {
    status_code: status,
    request_id: requestId,
    error_type: errorType,
    error_message: message ?? MOCK_ERRORS[errorType].message,
    error_url: `https://stytch.com/docs/api/errors/${status}`,
  };
}

// Whatever the client sent and an error message repeats stays short and printable, however hostile it was.
const MAX_ECHOED_CHARS = 120;

/** `text` as ASCII (anything else becomes `?`), cut to a readable length. */
export function echo(text: string): string {
  return printable(text, MAX_ECHOED_CHARS);
}
