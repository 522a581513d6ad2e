import createClient, { type Client } from "openapi-fetch";
import { basicAuthorization } from "./auth.js";
import {
  createRedactor,
  describeCauses,
  isStytchError,
  redactedCopy,
  StytchRequestError,
  type StytchError,
  type StytchRequestErrorKind,
} from "./errors.js";
import type { components, paths } from "./generated/schema.js";
import { checkTimeout, resolveOptions, type SendOptions, type StytchClientOptions } from "./options.js";
import { backoffMs, failedBeforeConnecting, isRetryableStatus, retryAfterMs, sleep } from "./retry.js";
import { VERSION } from "./version.js";

export type OtpsSmsSendRequest = components["schemas"]["OtpsSmsSendRequest"];
export type OtpsSmsSendResponse = components["schemas"]["OtpsSmsSendResponse"];
export type B2BOtpsSmsSendRequest = components["schemas"]["B2BOtpsSmsSendRequest"];
export type B2BOtpsSmsSendResponse = components["schemas"]["B2BOtpsSmsSendResponse"];

export type SendResult<Data> =
  | { data: Data; error?: never; response: Response }
  | { data?: never; error: StytchError; response: Response };

export interface StytchClient {
  readonly otps: {
    readonly sms: {
      send(body: OtpsSmsSendRequest, options?: SendOptions): Promise<SendResult<OtpsSmsSendResponse>>;
    };
  };
  readonly b2b: {
    readonly otps: {
      readonly sms: {
        send(body: B2BOtpsSmsSendRequest, options?: SendOptions): Promise<SendResult<B2BOtpsSmsSendResponse>>;
      };
    };
  };
  readonly raw: Client<paths, "application/json">;
}

type Fetch = (request: Request) => Promise<Response>;
interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
type Call = (init: { signal: AbortSignal; fetch: Fetch }) => Promise<RawResult>;

const USER_AGENT = `sms-otp-client/${VERSION}`;
const BODY_SNIPPET_CHARS = 200;

export function createStytchClient(options: StytchClientOptions): StytchClient {
  const resolved = resolveOptions(options);
  const authorization = basicAuthorization(resolved.projectId, resolved.secret);
  const redact = createRedactor([resolved.secret, authorization, authorization.slice("Basic ".length)]);

  // Set on openapi-fetch's own Request, after its onRequest middleware has run, so middleware never sees the
  // secret going out. Copying the Request instead (new Request(request, { headers })) tees its body and cost
  // about 75 µs a call, more than everything else the client does (see packages/bench).
  function authorize(request: Request): Request {
    request.headers.set("Authorization", authorization);
    request.headers.set("User-Agent", USER_AGENT);
    return request;
  }

  function requestError(
    label: string,
    kind: StytchRequestErrorKind,
    reason: string,
    cause: unknown,
    status?: number
  ): StytchRequestError {
    const safeCause = redactedCopy(cause, redact);
    const message = kind === "network" ? `${reason}: ${describeCauses(safeCause)}` : reason;
    return new StytchRequestError(`${label} ${message}`, {
      kind,
      status,
      retryable: kind === "network" && failedBeforeConnecting(cause),
      cause: safeCause,
    });
  }

  const raw = createClient<paths>({
    baseUrl: resolved.baseUrl,
    // A redirect would carry the secret to another URL (and turn the POST into a GET): report it instead.
    redirect: "manual",
    fetch: async (request) => {
      // Read again after the await, which keeps it alive (see `sent` in attempt below).
      const authorized = authorize(request);
      try {
        return await resolved.fetch(authorized);
      } catch (error) {
        const label = `${request.method} ${new URL(request.url).pathname}`;
        throw authorized.signal.aborted
          ? requestError(label, "aborted", "was aborted by the caller's signal", error)
          : requestError(label, "network", "got no response", error);
      }
    },
  });

  async function attempt(label: string, call: Call, timeoutMs: number, callerSignal?: AbortSignal): Promise<RawResult> {
    if (callerSignal?.aborted) {
      throw requestError(label, "aborted", "was aborted by the caller's signal", callerSignal.reason);
    }
    // One controller per attempt instead of AbortSignal.any (missing on Node 18), which also lets the
    // listener on a long-lived caller signal be removed when the attempt ends.
    const controller = new AbortController();
    let abortedBy: "timeout" | "caller" | undefined;
    const onCallerAbort = () => {
      abortedBy ??= "caller";
      controller.abort(callerSignal?.reason);
    };
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      abortedBy ??= "timeout";
      controller.abort(new DOMException(`${label} timed out after ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    // `response` is set once headers arrive: a failure after that is about the answer, not the connection.
    // `request` is held until the attempt ends because undici links a Request's signal to its source only
    // weakly: a fetch that keeps nothing but an abort listener would otherwise lose the Request, and the abort.
    const sent: { request?: Request; response?: Response } = {};
    try {
      return await call({
        signal: controller.signal,
        fetch: async (request) => {
          sent.request = authorize(request);
          sent.response = await resolved.fetch(sent.request);
          return sent.response;
        },
      });
    } catch (error) {
      const status = sent.response?.status;
      if (abortedBy === "timeout")
        throw requestError(label, "timeout", `timed out after ${timeoutMs} ms`, error, status);
      if (abortedBy === "caller") {
        throw requestError(label, "aborted", "was aborted by the caller's signal", error, status);
      }
      if (status !== undefined) {
        throw requestError(
          label,
          "invalid_response",
          `got HTTP ${status} with a body that could not be read as JSON`,
          error,
          status
        );
      }
      throw requestError(label, "network", "got no response", error);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    }
  }

  async function pause(label: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw requestError(label, "aborted", "was aborted by the caller's signal while waiting to retry", reason);
    }
  }

  function toSendResult<Data>(label: string, { data, error, response }: RawResult): SendResult<Data> {
    if (response.ok && typeof data === "object" && data !== null && !Array.isArray(data)) {
      return { data: data as Data, response };
    }
    if (!response.ok && isStytchError(error)) return { error, response };
    const body = response.ok ? data : error;
    const snippet = typeof body === "string" ? body : JSON.stringify(body) ?? "";
    const expected = response.ok ? "a JSON object" : "a Stytch error";
    const contentType = redact(response.headers.get("Content-Type") ?? "none");
    throw requestError(
      label,
      "invalid_response",
      `got HTTP ${response.status} with a body that is not ${expected} (content-type: ${contentType})`,
      new Error(`response body: ${snippet.slice(0, BODY_SNIPPET_CHARS) || "(empty)"}`),
      response.status
    );
  }

  async function send<Data>(
    path: keyof paths,
    call: Call,
    sendOptions: SendOptions | undefined
  ): Promise<SendResult<Data>> {
    const label = `POST ${path}`;
    const timeoutMs =
      sendOptions?.timeoutMs === undefined
        ? resolved.timeoutMs
        : checkTimeout(sendOptions.timeoutMs, (message) => {
            throw new TypeError(`${label}: ${message}`);
          });
    const signal = sendOptions?.signal;
    for (let retryNumber = 1; ; retryNumber++) {
      const mayRetry = retryNumber <= resolved.retry.attempts;
      let result: RawResult;
      try {
        result = await attempt(label, call, timeoutMs, signal);
      } catch (error) {
        if (!(mayRetry && error instanceof StytchRequestError && error.retryable)) throw error;
        await pause(label, backoffMs(retryNumber), signal);
        continue;
      }
      if (mayRetry && isRetryableStatus(result.response.status)) {
        const delay = retryAfterMs(result.response.headers.get("Retry-After")) ?? backoffMs(retryNumber);
        if (delay <= resolved.retry.maxDelayMs) {
          await pause(label, delay, signal);
          continue;
        }
      }
      return toSendResult<Data>(label, result);
    }
  }

  return {
    otps: {
      sms: {
        send: (body, sendOptions) =>
          send("/v1/otps/sms/send", (init) => raw.POST("/v1/otps/sms/send", { body, ...init }), sendOptions),
      },
    },
    b2b: {
      otps: {
        sms: {
          send: (body, sendOptions) =>
            send("/v1/b2b/otps/sms/send", (init) => raw.POST("/v1/b2b/otps/sms/send", { body, ...init }), sendOptions),
        },
      },
    },
    raw,
  };
}
