/**
 * Opt-in re-sends. Every re-send is another billed text to the same person, and it invalidates the code of the
 * text before it: a user who already typed the first code gets "code not found". Authenticate codes are
 * single-use, so never retry an authenticate call whose answer you did not get.
 */
export interface RetryOptions {
  /**
   * How many times to re-send after the first request (0, the default, never re-sends). Only 429 and 503 answers
   * and connections that were never made are retried; never a timeout.
   */
  attempts: number;
  /**
   * The longest wait before a retry, in milliseconds (default 30000). A 429 or 503 whose Retry-After asks for
   * longer is returned as it is.
   */
  maxDelayMs?: number | undefined;
}

/** The `fetch` the client calls: the standard signature, so `globalThis.fetch` and most fetch mocks fit. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createStytchClient}. Optional ones accept `undefined`, as an unset environment variable is. */
export interface StytchClientOptions {
  /**
   * The Stytch project id (`project-test-...` or `project-live-...`), from the Stytch dashboard. It also chooses
   * the default `baseUrl`.
   */
  projectId: string;
  /**
   * The project's secret (`secret-test-...` or `secret-live-...`). Keep it on your server: it is sent only in the
   * `Authorization` header and never appears in an error the client throws.
   */
  secret: string;
  /**
   * Where to send requests. Defaults to https://api.stytch.com for `project-live-` ids and
   * https://test.stytch.com otherwise; set it for a proxy or a local mock (a path prefix is kept).
   * http:// is accepted only for localhost, 127.0.0.1 and [::1], so a typo never sends the secret in clear text.
   */
  baseUrl?: string | undefined;
  /**
   * How long one attempt may take, from sending the request to reading the whole body, in milliseconds (default
   * 10000). The client stops waiting then even if `fetch` ignores the abort. A send that timed out may still
   * have texted the user: let them ask for another code rather than re-sending on your own.
   */
  timeoutMs?: number | undefined;
  /**
   * The `fetch` to call, as `fetch(url, init)`: `url` a string, `init` a plain object with `method`, `headers` (a
   * `Headers` holding `Authorization` and `User-Agent`), `body` (the JSON text), `signal` and
   * `redirect: "manual"`. Defaults to the global `fetch`, looked up at each call (so a mock installed later
   * applies). Timeouts and aborts hold even if this `fetch` ignores `init.signal`.
   */
  fetch?: Fetch | undefined;
  /**
   * Off by default: a re-sent passcode texts the user again, invalidates the earlier code, and is billed. See
   * {@link RetryOptions}.
   */
  retry?: RetryOptions | undefined;
  /**
   * Allows construction where `window` and `document` exist. A secret in a web page is readable by anyone who
   * opens it.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/** Per-call options of every client method. */
export interface SendOptions {
  /** How long one attempt may take, in milliseconds; overrides the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /**
   * Aborting it ends the call at once with a `StytchRequestError` of kind `aborted` (also while waiting to
   * retry). The request may already have reached Stytch.
   */
  signal?: AbortSignal | undefined;
}

export interface ResolvedOptions {
  projectId: string;
  secret: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: Fetch;
  retry: { attempts: number; maxDelayMs: number };
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
const LIVE_BASE_URL = "https://api.stytch.com";
const TEST_BASE_URL = "https://test.stytch.com";
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
// setTimeout fires at once for larger delays.
const MAX_TIMER_MS = 2_147_483_647;

function fail(message: string): never {
  throw new TypeError(`createStytchClient: ${message}`);
}

export function resolveOptions(options: StytchClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) fail("pass an options object with projectId and secret");
  if (options.dangerouslyAllowBrowser !== true && isBrowser()) {
    fail(
      "refusing to run in a browser, where anyone who opens the page can read the Stytch secret; call Stytch from your backend (or pass dangerouslyAllowBrowser: true if this is not a web page)"
    );
  }
  const projectId = requireCredential(options.projectId, "projectId");
  const secret = requireCredential(options.secret, "secret");
  // Basic auth splits user and password at the first colon, so a colon in the id would change both.
  if (projectId.includes(":")) fail("projectId must not contain ':'");
  if (options.fetch !== undefined && typeof options.fetch !== "function") fail("fetch must be a function");
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
    fail("this runtime has no global fetch; pass options.fetch");
  }
  return {
    projectId,
    secret,
    baseUrl: resolveBaseUrl(options.baseUrl, projectId),
    timeoutMs: options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkTimeout(options.timeoutMs, fail),
    // Looked up at call time, so fetch mocks installed after construction still apply.
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    retry: resolveRetry(options.retry),
  };
}

function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown };
  return scope.window !== undefined && scope.document !== undefined;
}

function requireCredential(value: unknown, name: "projectId" | "secret"): string {
  if (typeof value !== "string" || value.trim() === "") fail(`${name} is missing or empty`);
  return value;
}

function resolveBaseUrl(baseUrl: string | undefined, projectId: string): string {
  if (baseUrl === undefined) return projectId.startsWith("project-live-") ? LIVE_BASE_URL : TEST_BASE_URL;
  if (typeof baseUrl !== "string" || baseUrl.trim() === "")
    fail("baseUrl is empty; leave it out to use Stytch's own host");
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // The value is not echoed: it could be a secret passed in the wrong field.
    fail("baseUrl is not an absolute URL such as https://test.stytch.com");
  }
  if (url.username !== "" || url.password !== "")
    fail("baseUrl must not contain credentials; pass projectId and secret");
  if (url.search !== "" || url.hash !== "") fail(`baseUrl ${url.origin} must not have a query or fragment`);
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    fail(
      `baseUrl ${url.origin} would send the secret unencrypted; use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") fail(`baseUrl must use https:// (got ${url.protocol})`);
  return url.href.replace(/\/+$/, "");
}

export function checkTimeout(value: unknown, onError: (message: string) => never): number {
  if (typeof value !== "number" || !(value > 0 && value <= MAX_TIMER_MS)) {
    onError(`timeoutMs must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}`);
  }
  return value;
}

function resolveRetry(retry: RetryOptions | undefined): ResolvedOptions["retry"] {
  if (retry === undefined) return { attempts: 0, maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS };
  if (typeof retry !== "object" || retry === null) fail("retry must be an object such as { attempts: 2 }");
  if (!Number.isSafeInteger(retry.attempts) || retry.attempts < 0)
    fail("retry.attempts must be a whole number, 0 or more");
  const maxDelayMs = retry.maxDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  if (typeof maxDelayMs !== "number" || !(maxDelayMs >= 0 && maxDelayMs <= MAX_TIMER_MS)) {
    fail(`retry.maxDelayMs must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`);
  }
  return { attempts: retry.attempts, maxDelayMs };
}
