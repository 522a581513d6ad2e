// What the gateway sends back: a status, a JSON value and the few headers it chose. Answers are values until the
// last moment, so the secret's redaction always runs on decoded strings and the body is always re-serialised.
import { randomUUID } from "node:crypto";
import { excessiveJson, DEFAULT_BODY_LIMITS } from "@sms-otp/mock/guards";
import type { StytchErrorBody } from "@sms-otp/spec/contract";

export interface Answer {
  status: number;
  /** Sent as JSON; undefined sends no body. */
  body: unknown;
  /** Only headers the gateway sets itself; none is ever copied from a request or the upstream unchecked. */
  headers?: Record<string, string>;
  /** The request body as it goes into the log line; only requests the gateway admitted have one. */
  logged?: string;
}

/** An answer that ends the request early: thrown, so any step can refuse. */
export class Refusal extends Error {
  constructor(readonly answer: Answer) {
    super(answer.status.toString());
  }
}

export function freshRequestId(): string {
  return `request-id-gateway-${randomUUID()}`;
}

// The gateway's own refusals have no Stytch example to copy; they keep Stytch's envelope so clients handle them
// the same way, with an error_type that says what the gateway refused.
export function envelope(status: number, errorType: string, message: string): StytchErrorBody {
  return {
    status_code: status,
    request_id: freshRequestId(),
    error_type: errorType,
    error_message: message,
    error_url: `https://stytch.com/docs/api/errors/${status}`,
  };
}

export function refuse(status: number, errorType: string, message: string, headers: Record<string, string> = {}): never {
  throw new Refusal({ status, body: envelope(status, errorType, message), headers });
}

// The mock's depth limit keeps the redaction's walk of an answer shallow; the key count is left open, as a long
// list (the mock's outbox, say) is honest and costs only linear time.
const UPSTREAM_LIMITS = { maxDepth: DEFAULT_BODY_LIMITS.maxDepth, maxKeys: Number.POSITIVE_INFINITY };
const DELTA_SECONDS = /^\d{1,9}$/;
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * The gateway's answer for what the upstream sent: its status; its body parsed (at most 32 levels deep) so that
 * it is re-serialised, never passed through as bytes; and of its headers only `Retry-After`, when
 * it is a number of seconds or an HTTP date. A body that is not JSON gets 502 without being repeated.
 */
export function upstreamAnswer(upstreamOrigin: string, status: number, body: unknown, headers: Headers): Answer {
  let text: string | undefined;
  try {
    text = typeof body === "string" ? body : JSON.stringify(body);
  } catch {
    text = undefined;
  }
  let value: unknown;
  try {
    if (text === undefined || excessiveJson(text, UPSTREAM_LIMITS) !== undefined) throw new Error("not a bounded JSON body");
    value = JSON.parse(text);
  } catch {
    refuse(502, "upstream_unavailable", `The gateway got an answer from ${upstreamOrigin} that is not a JSON body it can pass on.`);
  }
  const retryAfter = headers.get("retry-after")?.trim();
  const passed: Record<string, string> = {};
  if (retryAfter !== undefined && (DELTA_SECONDS.test(retryAfter) || (IMF_FIXDATE.test(retryAfter) && !Number.isNaN(Date.parse(retryAfter))))) {
    passed["Retry-After"] = retryAfter;
  }
  return { status, body: value, headers: passed };
}
