export interface RetryOptions {
  /** How many times to re-send after the first request (0, the default, never re-sends). */
  attempts: number;
  /**
   * The longest wait before a retry, in milliseconds (default 30000). A 429 or 503 whose Retry-After asks for
   * longer is returned as it is.
   */
  maxDelayMs?: number | undefined;
}

export interface StytchClientOptions {
  projectId: string;
  secret: string;
  /**
   * Defaults to https://api.stytch.com for `project-live-` ids and https://test.stytch.com otherwise.
   * http:// is accepted only for localhost, 127.0.0.1 and [::1].
   */
  baseUrl?: string | undefined;
  /** Per attempt, in milliseconds (default 10000). */
  timeoutMs?: number | undefined;
  /** Called with a Request that carries the Authorization header. Defaults to the global fetch. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Off by default: a re-sent passcode texts the user again, invalidates the earlier code, and is billed. */
  retry?: RetryOptions | undefined;
  /**
   * Allows construction where `window` and `document` exist. A secret in a web page is readable by anyone who
   * opens it.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

export interface SendOptions {
  /** Per attempt, in milliseconds; overrides the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface ResolvedOptions {
  projectId: string;
  secret: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: (request: Request) => Promise<Response>;
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
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
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
