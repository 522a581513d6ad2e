import type { KnownErrorType } from "./generated/error-types.js";
import type { components } from "./generated/schema.js";

export type { KnownErrorType };

/**
 * Stytch's error envelope: what a method resolves `error` with when Stytch answered with an HTTP error. Branch on
 * `error_type`, never on `error_message`; quote `request_id` to Stytch support.
 */
export interface StytchError extends Omit<components["schemas"]["StytchError"], "error_type"> {
  /**
   * A snake_case code for what went wrong. The values the spec knows autocomplete ({@link KnownErrorType}); any
   * other string may still arrive, so keep a default branch.
   */
  error_type: KnownErrorType | (string & {});
}

/**
 * Why a call threw a {@link StytchRequestError}: `network` (no response; safe to retry only if `retryable`),
 * `timeout` (no complete answer within `timeoutMs`; the text may have been sent), `aborted` (your signal),
 * `invalid_response` (an answer that is not Stytch's, such as a proxy's HTML page or a redirect).
 */
export type StytchRequestErrorKind = "network" | "timeout" | "aborted" | "invalid_response";

/**
 * Whether `value` has the shape of Stytch's error envelope, checked field by field (not with `instanceof`, so a
 * body parsed elsewhere counts too). Useful on what `raw` returns.
 */
export function isStytchError(value: unknown): value is StytchError {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.status_code === "number" &&
    ENVELOPE_STRINGS.every((field) => typeof body[field] === "string") &&
    (body.error_details === undefined || (typeof body.error_details === "object" && body.error_details !== null))
  );
}

const ENVELOPE_STRINGS = ["request_id", "error_type", "error_message", "error_url"] as const;

export interface StytchRequestErrorDetails {
  kind: StytchRequestErrorKind;
  status?: number | undefined;
  retryable?: boolean | undefined;
  cause: Error;
}

/**
 * Thrown when there is no usable answer from Stytch; an HTTP error with Stytch's envelope is returned as `error`
 * instead. `message` is one line, and neither it nor anything reachable from the error holds the secret.
 */
export class StytchRequestError extends Error {
  override readonly name = "StytchRequestError";
  /** What went wrong; see {@link StytchRequestErrorKind}. */
  readonly kind: StytchRequestErrorKind;
  /** The HTTP status, when a response arrived (a timeout or a bad body after the headers, say). */
  readonly status?: number;
  /**
   * `true` only when the connection was never made, so Stytch cannot have texted anyone and a retry is safe.
   * Otherwise a retry may text the user twice and invalidate the code they have.
   */
  readonly retryable: boolean;
  /** A redacted copy of the underlying error (name, message, stack, `code` and its own `cause`). */
  override readonly cause: Error;

  constructor(message: string, details: StytchRequestErrorDetails) {
    super(oneLine(message));
    this.kind = details.kind;
    if (details.status !== undefined) this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.cause = details.cause;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      status: this.status,
      retryable: this.retryable,
      cause: serializeError(this.cause, 0),
    };
  }
}

export type Redact = (text: string) => string;

export function createRedactor(sensitive: readonly string[]): Redact {
  // Longest first, so the full header value is replaced before the token inside it.
  const needles = sensitive.filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
  return (text) => needles.reduce((result, needle) => result.split(needle).join("[redacted]"), text);
}

const MAX_CAUSE_DEPTH = 5;
// Enough to tell what failed (ECONNREFUSED, the address...) without keeping objects that may hold the request.
const COPIED_FIELDS = ["code", "errno", "syscall", "address", "port", "hostname"] as const;

type ErrorCopy = Error & Record<string, unknown>;

// A thrown value may reference the Request that carried the Authorization header (an injected fetch can throw
// anything), so errors of this package never keep it: they keep a copy with only redacted strings and numbers.
export function redactedCopy(value: unknown, redact: Redact, depth = 0): Error {
  if (typeof value !== "object" || value === null || typeof (value as { message?: unknown }).message !== "string") {
    return new Error(redact(typeof value === "string" ? value : `non-error value of type ${typeof value}`));
  }
  const original = value as Record<string, unknown> & { message: string };
  const copy: ErrorCopy = new Error(redact(original.message)) as ErrorCopy;
  copy.name = typeof original.name === "string" ? redact(original.name) : "Error";
  copy.stack = typeof original.stack === "string" ? redact(original.stack) : `${copy.name}: ${copy.message}`;
  for (const field of COPIED_FIELDS) {
    const fieldValue = original[field];
    if (typeof fieldValue === "string") copy[field] = redact(fieldValue);
    else if (typeof fieldValue === "number") copy[field] = fieldValue;
  }
  if (depth < MAX_CAUSE_DEPTH) {
    if (original.cause !== undefined) copy.cause = redactedCopy(original.cause, redact, depth + 1);
    if (Array.isArray(original.errors)) {
      copy.errors = original.errors.map((item: unknown) => redactedCopy(item, redact, depth + 1));
    }
  }
  return copy;
}

function serializeError(error: unknown, depth: number): unknown {
  if (!(error instanceof Error)) return undefined;
  const fields = error as ErrorCopy;
  const json: Record<string, unknown> = { name: error.name, message: error.message };
  for (const field of COPIED_FIELDS) {
    if (fields[field] !== undefined) json[field] = fields[field];
  }
  if (depth < MAX_CAUSE_DEPTH && error.cause !== undefined) json.cause = serializeError(error.cause, depth + 1);
  return json;
}

// Messages go into one-line logs; a cause's message may span lines.
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// "fetch failed: connect ECONNREFUSED 127.0.0.1:1234": the outer message alone hides the reason.
export function describeCauses(error: Error): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth <= MAX_CAUSE_DEPTH; depth++) {
    const code = (current as ErrorCopy).code;
    const text = current.message || (typeof code === "string" ? code : current.name);
    if (!messages.includes(text)) messages.push(text);
    current = current.cause;
  }
  return messages.join(": ") || error.name;
}
