const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

// Codes that mean no connection was ever made, so Stytch cannot have received the request (Node's undici, Bun).
// A reset or a closed socket is not here: the request may already have been sent, and a re-send texts again.
const PRE_CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ConnectionRefused",
  "FailedToOpenSocket",
]);

export function failedBeforeConnecting(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && PRE_CONNECTION_CODES.has(code)) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((item) => failedBeforeConnecting(item, depth + 1))) {
    return true;
  }
  return failedBeforeConnecting(cause, depth + 1);
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

// RFC 9110 allows both delay-seconds and an HTTP date; an unreadable value falls back to backoff.
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

// Exponential with "equal jitter": at least half the step, so retries never bunch at zero, and spread
// over the other half, so many clients that failed together do not retry together.
export function backoffMs(retryNumber: number): number {
  const step = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (retryNumber - 1));
  return Math.floor(step / 2 + Math.random() * (step / 2));
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
