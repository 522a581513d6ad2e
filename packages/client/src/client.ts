import createClient, { type Client } from "openapi-fetch";
import { basicAuthorization } from "./auth.js";
import {
  createRedactor,
  describeCauses,
  type Redact,
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

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * `T` with an explicit `undefined` allowed in every optional field, at every depth. Under
 * `exactOptionalPropertyTypes`, `{ locale: process.env.LOCALE }` is then accepted; `undefined` fields are left out
 * of the JSON that is sent, exactly as a missing field.
 */
export type AcceptUndefined<T> = T extends object
  ? { [K in keyof T]: AcceptUndefined<T[K]> | (K extends OptionalKeys<T> ? undefined : never) }
  : T;

/** The body of `stytch.otps.sms.send` (`POST /v1/otps/sms/send`), generated from the spec. */
export type OtpsSmsSendRequest = AcceptUndefined<components["schemas"]["OtpsSmsSendRequest"]>;
/** What `stytch.otps.sms.send` resolves `data` with. `phone_id` is the `method_id` of the authenticate call. */
export type OtpsSmsSendResponse = components["schemas"]["OtpsSmsSendResponse"];
/** The body of `stytch.b2b.otps.sms.send` (`POST /v1/b2b/otps/sms/send`), generated from the spec. */
export type B2BOtpsSmsSendRequest = AcceptUndefined<components["schemas"]["B2BOtpsSmsSendRequest"]>;
/** What `stytch.b2b.otps.sms.send` resolves `data` with: the Member and their Organization. */
export type B2BOtpsSmsSendResponse = components["schemas"]["B2BOtpsSmsSendResponse"];
/** The body of `stytch.otps.authenticate` (`POST /v1/otps/authenticate`), generated from the spec. */
export type OtpsAuthenticateRequest = AcceptUndefined<components["schemas"]["OtpsAuthenticateRequest"]>;
/** What `stytch.otps.authenticate` resolves `data` with: the User and, if one was started, the session. */
export type OtpsAuthenticateResponse = components["schemas"]["OtpsAuthenticateResponse"];
/** The body of `stytch.b2b.otps.sms.authenticate` (`POST /v1/b2b/otps/sms/authenticate`), generated from the spec. */
export type B2BOtpsSmsAuthenticateRequest = AcceptUndefined<components["schemas"]["B2BOtpsSmsAuthenticateRequest"]>;
/** What `stytch.b2b.otps.sms.authenticate` resolves `data` with: the Member, the Organization and the session. */
export type B2BOtpsSmsAuthenticateResponse = components["schemas"]["B2BOtpsSmsAuthenticateResponse"];
/** The body of `stytch.otps.sms.loginOrCreate` (`POST /v1/otps/sms/login_or_create`), generated from the spec. */
export type OtpsSmsLoginOrCreateRequest = AcceptUndefined<components["schemas"]["OtpsSmsLoginOrCreateRequest"]>;
/** What `stytch.otps.sms.loginOrCreate` resolves `data` with. `user_created` says whether this call made the User. */
export type OtpsSmsLoginOrCreateResponse = components["schemas"]["OtpsSmsLoginOrCreateResponse"];
/** The body of `stytch.sessions.authenticate` (`POST /v1/sessions/authenticate`), generated from the spec. */
export type SessionsAuthenticateRequest = AcceptUndefined<components["schemas"]["SessionsAuthenticateRequest"]>;
/** What `stytch.sessions.authenticate` resolves `data` with: the session, the User and a fresh JWT. */
export type SessionsAuthenticateResponse = components["schemas"]["SessionsAuthenticateResponse"];
/** The body of `stytch.sessions.revoke` (`POST /v1/sessions/revoke`), generated from the spec. */
export type SessionsRevokeRequest = AcceptUndefined<components["schemas"]["SessionsRevokeRequest"]>;
/** What `stytch.sessions.revoke` resolves `data` with. */
export type SessionsRevokeResponse = components["schemas"]["SessionsRevokeResponse"];
/** The body of `stytch.b2b.sessions.authenticate` (`POST /v1/b2b/sessions/authenticate`), generated from the spec. */
export type B2BSessionsAuthenticateRequest = AcceptUndefined<components["schemas"]["B2BSessionsAuthenticateRequest"]>;
/** What `stytch.b2b.sessions.authenticate` resolves `data` with: the Member session, Member, Organization and a fresh JWT. */
export type B2BSessionsAuthenticateResponse = components["schemas"]["B2BSessionsAuthenticateResponse"];
/** The body of `stytch.b2b.sessions.revoke` (`POST /v1/b2b/sessions/revoke`), generated from the spec. */
export type B2BSessionsRevokeRequest = AcceptUndefined<components["schemas"]["B2BSessionsRevokeRequest"]>;
/** What `stytch.b2b.sessions.revoke` resolves `data` with. */
export type B2BSessionsRevokeResponse = components["schemas"]["SessionsRevokeResponse"];

type LooseBody<Operation> = {
  [K in keyof Operation]: K extends "requestBody"
    ? Operation[K] extends { content: { "application/json": infer Body } }
      ? { content: { "application/json": AcceptUndefined<Body> } }
      : Operation[K]
    : Operation[K];
};

/**
 * The spec's paths as `raw` takes them: each JSON body accepts an explicit `undefined` in optional fields, like
 * the named request types, so `stytch.raw.POST(path, { body })` takes an `OtpsSmsSendRequest` under
 * `exactOptionalPropertyTypes`. `undefined` fields are left out of the JSON, exactly as missing ones.
 */
export type RawPaths = { [P in keyof paths]: { [M in keyof paths[P]]: LooseBody<paths[P][M]> } };

/**
 * What every method resolves with when Stytch answered: either `data` (a 2xx body) or `error` (Stytch's error
 * envelope), never both, and the `Response` (for headers such as `Retry-After`). Anything else throws a
 * {@link StytchRequestError}.
 */
export type SendResult<Data> =
  | { data: Data; error?: never; response: Response }
  | { data?: never; error: StytchError; response: Response };

/**
 * A Stytch client made by {@link createStytchClient}. Each method sends one request (more only with `retry`) and
 * resolves with a {@link SendResult}; it throws a {@link StytchRequestError} when there is no usable answer.
 */
export interface StytchClient {
  readonly otps: {
    readonly sms: {
      /**
       * Texts a one-time passcode to `phone_number` (`POST /v1/otps/sms/send`).
       *
       * **Cost.** Every call is a text message that Stytch bills, and it invalidates the code of any earlier text
       * to that number that has not expired. Rate-limit who may trigger it; never re-send on your own after a
       * timeout.
       *
       * **International SMS.** Texts outside the US and Canada are off by default for Stytch customers who started
       * after October 2023, and some countries are never supported: such numbers come back as `error` with
       * `error_type` `invalid_phone_number_country_code`.
       *
       * **Next step.** Collect the code from the user, then call `POST /v1/otps/authenticate` with it and with
       * `data.phone_id` as `method_id`. A code works once, and expires after `expiration_minutes` (1 to 10,
       * default 2); a newer send to the same number invalidates it.
       *
       * In the test environment, `+10000000000` answers normally and texts no one.
       *
       * @param body `phone_number` in E.164 form (`+` and country code); the other fields are optional.
       * @param options per-call `timeoutMs` and `signal`.
       * @example
       * const { data, error } = await stytch.otps.sms.send({ phone_number: "+10000000000" });
       * if (error) return reply(error.error_type); // e.g. "invalid_phone_number", "too_many_requests"
       * session.methodId = data.phone_id;
       */
      send(body: OtpsSmsSendRequest, options?: SendOptions): Promise<SendResult<OtpsSmsSendResponse>>;
      /**
       * Texts a one-time passcode to `phone_number`, creating a User for it when no User has the number yet
       * (`POST /v1/otps/sms/login_or_create`): the one call a sign-in page needs for new and returning users alike.
       * `data.user_created` says which happened; the status is 200 either way.
       *
       * **Cost.** Every call is a text message that Stytch bills, and it invalidates the code of any earlier text
       * to that number. Rate-limit who may trigger it; never re-send on your own after a timeout (a retry is safe
       * only when the request never reached Stytch, which is all `retry` re-sends on a network failure).
       *
       * **Next step.** Collect the code from the user, then call {@link StytchClient.otps.authenticate} with it and
       * with `data.phone_id` as `method_id`. The code expires after `expiration_minutes` (1 to 10, default 2).
       *
       * `create_user_as_pending: true` keeps a new User `pending` until a code is authenticated. In the test
       * environment, `+10000000000` answers normally and texts no one.
       *
       * @param body `phone_number` in E.164 form; the other fields are optional.
       * @param options per-call `timeoutMs` and `signal`.
       * @example
       * const { data, error } = await stytch.otps.sms.loginOrCreate({ phone_number: "+10000000000" });
       * if (error) return reply(error.error_type); // e.g. "invalid_phone_number", "too_many_requests"
       * pending.methodId = data.phone_id; // data.user_created: a sign-up rather than a log-in
       */
      loginOrCreate(
        body: OtpsSmsLoginOrCreateRequest,
        options?: SendOptions
      ): Promise<SendResult<OtpsSmsLoginOrCreateResponse>>;
    };
    /**
     * Checks the code a User typed (`POST /v1/otps/authenticate`) against the `phone_id` (or `email_id`) of a
     * send, passed as `method_id`; with `session_duration_minutes` it also starts a session.
     *
     * **Retries.** Not billed, but a code works once: a retry after a timeout or a connection lost mid-request can
     * fail with `unable_to_auth_otp_code` although the first attempt succeeded, so enable `retry` only if you
     * handle that. A retry is safe when the request never reached Stytch (the only network failures `retry`
     * re-sends) and after a 429 or 503.
     *
     * **Secrets.** `data.session_token` and `data.session_jwt` are the User's credentials: the client never writes
     * them into an error, even when it cannot read the body.
     *
     * In the test environment, the code `000000` authenticates the `phone_id` of a send to `+10000000000`.
     *
     * @param body `method_id` and the 6-digit `code`; `session_duration_minutes` (5 to 527040) to start a session.
     * @param options per-call `timeoutMs` and `signal`.
     * @example
     * const { data, error } = await stytch.otps.authenticate({ method_id: phoneId, code, session_duration_minutes: 60 });
     * if (error) return reply(error.error_type); // e.g. "otp_code_not_found", "unable_to_auth_otp_code"
     * setSessionCookie(data.session_token);
     */
    authenticate(body: OtpsAuthenticateRequest, options?: SendOptions): Promise<SendResult<OtpsAuthenticateResponse>>;
  };
  readonly sessions: {
    /**
     * Checks that a User's session is alive (`POST /v1/sessions/authenticate`), by exactly one of `session_token`
     * and `session_jwt`, and returns the session, the User and a fresh 5-minute JWT. With
     * `session_duration_minutes` the session then ends that many minutes from now.
     *
     * **Failure.** An unknown, expired or revoked session comes back as `error` 404 `session_not_found`: sign the
     * user out. A failed `authorization_check` is 403 `consumer_session_authorization_error`.
     *
     * **Retries.** Not billed, and it changes nothing you cannot repeat, so a retry is safe after a timeout, a 429 or
     * a 5xx; enable `retry` freely.
     *
     * **Secrets.** The `session_token` and `session_jwt` you pass and get back are the User's credentials: the
     * client never writes them into an error, even when it cannot read the body.
     *
     * In the test environment, `WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY` authenticates a fixed session and
     * `59cnLELtq5cFVS6uYK9f-pAWzBkhqZl8AvLhbhOvKNWw` gets `session_not_found`.
     *
     * @param body `session_token` or `session_jwt`; `session_duration_minutes` (5 to 527040) to extend.
     * @param options per-call `timeoutMs` and `signal`.
     * @example
     * const { data, error } = await stytch.sessions.authenticate({ session_token: cookies.session });
     * if (error) return signOut(error.error_type); // e.g. "session_not_found"
     * request.userId = data.session.user_id;
     */
    authenticate(
      body: SessionsAuthenticateRequest,
      options?: SendOptions
    ): Promise<SendResult<SessionsAuthenticateResponse>>;
    /**
     * Ends one session of a User at once (`POST /v1/sessions/revoke`), by exactly one of `session_id`,
     * `session_token` and `session_jwt`: the "sign out". Afterwards {@link StytchClient.sessions.authenticate}
     * answers its token and JWTs with `session_not_found`; JWTs already issued still verify locally until their
     * own `exp` (at most 5 minutes).
     *
     * **Retries.** Not billed, and the session ends either way, so a retry is safe in effect; but when the first
     * attempt went through, the retry may get 404 `session_not_found`: treat that as signed out too.
     *
     * **Secrets.** `session_token` and `session_jwt` are the User's credentials: the client never writes them into
     * an error. `session_id` is not a secret.
     *
     * @param body one of `session_id`, `session_token`, `session_jwt`.
     * @param options per-call `timeoutMs` and `signal`.
     * @example
     * const { error } = await stytch.sessions.revoke({ session_token: cookies.session });
     * if (error && error.error_type !== "session_not_found") log.warn(error.request_id);
     */
    revoke(body: SessionsRevokeRequest, options?: SendOptions): Promise<SendResult<SessionsRevokeResponse>>;
  };
  readonly b2b: {
    readonly otps: {
      readonly sms: {
        /**
         * Texts a one-time passcode to a Member's MFA phone number (`POST /v1/b2b/otps/sms/send`), as the second
         * factor of a B2B login.
         *
         * **Cost.** Every call is a billed text message and invalidates the Member's previous code; the code
         * expires after 2 minutes. Never re-send on your own after a timeout.
         *
         * **Which number.** If the Member already has an MFA phone number the code goes there; pass
         * `mfa_phone_number` only for a Member who has none (a different number is an error). International numbers
         * follow the same rules as the consumer send.
         *
         * **Next step.** Collect the code from the Member, then call `POST /v1/b2b/otps/sms/authenticate` with
         * `organization_id`, `member_id` and the code. A code works once.
         *
         * @param body `organization_id` and `member_id`, plus the session fields the spec describes.
         * @param options per-call `timeoutMs` and `signal`.
         */
        send(body: B2BOtpsSmsSendRequest, options?: SendOptions): Promise<SendResult<B2BOtpsSmsSendResponse>>;
        /**
         * Checks the code a Member typed (`POST /v1/b2b/otps/sms/authenticate`), as a second factor, and returns a
         * Member session. Pass exactly one of `intermediate_session_token` (to complete MFA after a primary login),
         * `session_token` or `session_jwt` (to add the factor to an existing session).
         *
         * **Retries.** Not billed, but the code and the intermediate session token work once: a retry after a
         * timeout or a connection lost mid-request can fail although the first attempt succeeded. A retry is safe
         * when the request never reached Stytch and after a 429 or 503.
         *
         * **Secrets.** `data.session_token` and `data.session_jwt` are the Member's credentials: the client never
         * writes them into an error, even when it cannot read the body.
         *
         * @param body `organization_id`, `member_id`, the 6-digit `code` and one session argument.
         * @param options per-call `timeoutMs` and `signal`.
         */
        authenticate(
          body: B2BOtpsSmsAuthenticateRequest,
          options?: SendOptions
        ): Promise<SendResult<B2BOtpsSmsAuthenticateResponse>>;
      };
    };
    readonly sessions: {
      /**
       * Checks that a Member's session is alive (`POST /v1/b2b/sessions/authenticate`), by `session_token` or
       * `session_jwt` (not both), and returns the Member session, the Member, the Organization and a fresh 5-minute
       * JWT. With `session_duration_minutes` the session then ends that many minutes from now; without it, it is
       * not extended.
       *
       * **Failure.** An unknown, expired or revoked session comes back as `error` 404 `session_not_found`. A failed
       * `authorization_check` is 403 `session_authorization_error` (or `session_authorization_tenancy_error` for
       * another Organization).
       *
       * **Retries.** Not billed, and it changes nothing you cannot repeat, so a retry is safe after a timeout, a 429
       * or a 5xx.
       *
       * **Secrets.** The `session_token` and `session_jwt` you pass and get back are the Member's credentials: the
       * client never writes them into an error, even when it cannot read the body.
       *
       * @param body `session_token` or `session_jwt`; `session_duration_minutes` (5 to 527040) to extend.
       * @param options per-call `timeoutMs` and `signal`.
       */
      authenticate(
        body: B2BSessionsAuthenticateRequest,
        options?: SendOptions
      ): Promise<SendResult<B2BSessionsAuthenticateResponse>>;
      /**
       * Ends one session of a Member (`member_session_id`, `session_token` or `session_jwt`), or every session of a
       * Member (`member_id`), at once (`POST /v1/b2b/sessions/revoke`).
       *
       * **Retries.** Not billed, and the sessions end either way, so a retry is safe in effect; but when the first
       * attempt went through, the retry may get 404 `session_not_found`.
       *
       * **Secrets.** `session_token` and `session_jwt` are the Member's credentials: the client never writes them
       * into an error. To run the call with a Member's permissions (Stytch's `X-Stytch-Member-Session` header),
       * use `raw`.
       *
       * @param body one session locator, or `member_id` for all of the Member's sessions.
       * @param options per-call `timeoutMs` and `signal`.
       */
      revoke(body: B2BSessionsRevokeRequest, options?: SendOptions): Promise<SendResult<B2BSessionsRevokeResponse>>;
    };
  };
  /**
   * The [openapi-fetch](https://openapi-ts.dev/openapi-fetch/) client underneath, typed from the spec, with the
   * base URL, `Authorization` and `User-Agent` set. It has no timeout and no retries, and returns error bodies as
   * they are; a failed `fetch` throws a redacted {@link StytchRequestError}.
   */
  readonly raw: Client<RawPaths, "application/json">;
}

/** The spec's paths that take a JSON POST and answer 200: each becomes a method with {@link post}. */
type PostPath = {
  [P in keyof paths]: paths[P] extends {
    post: { requestBody: { content: { "application/json": object } }; responses: { 200: object } };
  }
    ? P
    : never;
}[keyof paths];
type PostBody<P extends PostPath> = paths[P]["post"]["requestBody"]["content"]["application/json"];
type PostData<P extends PostPath> = paths[P]["post"]["responses"][200] extends {
  content: { "application/json": infer Data };
}
  ? Data
  : never;

/**
 * Whether a 2xx body of `P` carries session credentials, read from the generated response type: the flag each
 * method passes to {@link post} must match it, so a new endpoint cannot forget it.
 */
type HoldsSessionSecrets<P extends PostPath> = PostData<P> extends { session_token: string } ? true : false;

type FetchInit = RequestInit & { headers: Headers; method: string; signal: AbortSignal };

/**
 * What openapi-fetch builds in place of a `Request` on the send path: the two arguments of `fetch(url, init)`.
 * Node's fetch copies a `Request` it is given (piping the body through a stream, linking the signal again),
 * which cost about 60 µs a call; given a URL and init it builds one Request only.
 */
class FetchArguments {
  constructor(
    readonly url: string,
    readonly init: FetchInit
  ) {}
  // openapi-fetch reads `method`, and copies onto its "Request" every init key that is not already `in` it.
  get method(): string {
    return this.init.method;
  }
  get signal(): AbortSignal {
    return this.init.signal;
  }
}

interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

const USER_AGENT = `sms-otp-client/${VERSION}`;
const BODY_SNIPPET_CHARS = 200;
// A success body of an authenticate call holds session tokens, so no part of it may reach an error: neither a
// snippet nor a JSON parser's message, which quotes the text around the fault.
const WITHHELD_SUCCESS_BODY = "the body is withheld: a success of this operation carries session tokens";
const ABORTED = "was aborted by the caller's signal";
// Request fields that hold a User's or Member's credentials: their values are redacted from every error of the call
// that sent them, as the project secret is (an answer that echoes the request must not carry them into a log).
const SECRET_REQUEST_FIELDS = ["session_token", "session_jwt", "intermediate_session_token"] as const;
// Real tokens are 44 characters and JWTs longer; redacting a value of a few characters would garble every message.
const MIN_REDACTED_CHARS = 16;

/**
 * Creates a client for Stytch's SMS passcode endpoints. Checks the options at once and throws a `TypeError` with
 * a one-line reason (never the secret) when one is wrong, so a misconfiguration fails at start-up.
 *
 * Every send texts someone and is billed: retries are off unless you pass `retry`, timeouts are on (10 s).
 *
 * @example
 * const stytch = createStytchClient({
 *   projectId: process.env.STYTCH_PROJECT_ID ?? "",
 *   secret: process.env.STYTCH_SECRET ?? "",
 * });
 */
export function createStytchClient(options: StytchClientOptions): StytchClient {
  const resolved = resolveOptions(options);
  const authorization = basicAuthorization(resolved.projectId, resolved.secret);
  const clientSecrets = [resolved.secret, authorization, authorization.slice("Basic ".length)];
  const redact = createRedactor(clientSecrets);

  /** The redactor of one call: the client's secrets, plus the session credentials its body carries. */
  function redactorFor(body: unknown): Redact {
    if (typeof body !== "object" || body === null) return redact;
    const fields = body as Record<string, unknown>;
    const secrets = SECRET_REQUEST_FIELDS.map((name) => fields[name]).filter(
      (value): value is string => typeof value === "string" && value.length >= MIN_REDACTED_CHARS
    );
    return secrets.length === 0 ? redact : createRedactor([...clientSecrets, ...secrets]);
  }

  function requestError(
    label: string,
    kind: StytchRequestErrorKind,
    reason: string,
    cause: unknown,
    status?: number,
    redactWith: Redact = redact
  ): StytchRequestError {
    const safeCause = redactedCopy(cause, redactWith);
    const message = kind === "network" ? `${reason}: ${describeCauses(safeCause)}` : reason;
    return new StytchRequestError(`${label} ${message}`, {
      kind,
      status,
      retryable: kind === "network" && failedBeforeConnecting(cause),
      cause: safeCause,
    });
  }

  // The headers are set here, after openapi-fetch's middleware has run, so middleware never sees the secret.
  function authorizedFetch(request: FetchArguments | Request): Promise<Response> {
    if (request instanceof FetchArguments) return fetchWith(request.url, request.init);
    return initOf(request).then((init) => fetchWith(request.url, init));
  }

  function fetchWith(url: string, init: RequestInit & { headers: Headers }): Promise<Response> {
    init.headers.set("Authorization", authorization);
    init.headers.set("User-Agent", USER_AGENT);
    return resolved.fetch(url, init);
  }

  const raw = createClient<paths>({
    baseUrl: resolved.baseUrl,
    // A redirect would carry the secret to another URL (and turn the POST into a GET): report it instead.
    redirect: "manual",
    fetch: (request) =>
      authorizedFetch(request).catch((error: unknown) => {
        const label = `${request.method} ${new URL(request.url).pathname}`;
        throw request.signal.aborted
          ? requestError(label, "aborted", ABORTED, error)
          : requestError(label, "network", "got no response", error);
      }),
  });

  // openapi-fetch hands middleware the Request it builds, and middleware may read, clone, return or replace it:
  // once any has been added, sends let openapi-fetch build a real Request (also after an eject: simpler).
  let requestClass: unknown = FetchArguments;
  const { use } = raw;
  raw.use = (...middleware) => {
    use(...middleware);
    requestClass = Request;
  };

  /**
   * One attempt, settled by whichever comes first: the answer, the timeout or the caller's signal. The abort is
   * also passed to `fetch`, but the attempt does not wait for a `fetch` that ignores it (or a body that stalls).
   */
  function attempt<P extends PostPath>(
    label: string,
    path: P,
    body: PostBody<P>,
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
    successHoldsSecrets: boolean,
    redactWith: Redact
  ): Promise<RawResult> {
    if (callerSignal?.aborted) {
      return Promise.reject(requestError(label, "aborted", ABORTED, callerSignal.reason, undefined, redactWith));
    }
    // One controller per attempt rather than AbortSignal.any, so the listener on a long-lived caller signal is
    // removed when the attempt ends.
    const controller = new AbortController();
    // Set once headers arrive: a failure after that is about the answer, not the connection.
    let response: Response | undefined;
    return new Promise<RawResult>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        callerSignal?.removeEventListener("abort", onCallerAbort);
      };
      const stop = (kind: "timeout" | "aborted", reason: string, cause: unknown) => {
        settle();
        reject(requestError(label, kind, reason, cause, response?.status, redactWith));
        controller.abort(cause);
      };
      const onCallerAbort = () => stop("aborted", ABORTED, callerSignal?.reason);
      const timer = setTimeout(() => {
        const reason = `timed out after ${timeoutMs} ms`;
        stop("timeout", reason, new DOMException(`${label} ${reason}`, "TimeoutError"));
      }, timeoutMs);
      callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

      // The body type of raw.POST is the generated one; AcceptUndefined only adds undefined, which JSON drops.
      const post = raw.POST as (path: P, init: object) => Promise<RawResult>;
      post(path, {
        body,
        signal: controller.signal,
        Request: requestClass,
        fetch: (request: FetchArguments | Request) =>
          authorizedFetch(request).then((answer) => (response = answer)),
      }).then(
        (result) => {
          settle();
          resolve(result);
        },
        (error: unknown) => {
          settle();
          const status = response?.status;
          const cause = successHoldsSecrets && response?.ok === true ? new Error(WITHHELD_SUCCESS_BODY) : error;
          reject(
            status === undefined
              ? requestError(label, "network", "got no response", error, undefined, redactWith)
              : requestError(
                  label,
                  "invalid_response",
                  `got HTTP ${status} with a body that could not be read as JSON`,
                  cause,
                  status,
                  redactWith
                )
          );
        }
      );
    });
  }

  async function pause(label: string, ms: number, signal: AbortSignal | undefined, redactWith: Redact): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw requestError(label, "aborted", `${ABORTED} while waiting to retry`, reason, undefined, redactWith);
    }
  }

  function toSendResult<Data>(
    label: string,
    { data, error, response }: RawResult,
    successHoldsSecrets: boolean,
    redactWith: Redact
  ): SendResult<Data> {
    if (response.ok && typeof data === "object" && data !== null && !Array.isArray(data)) {
      return { data: data as Data, response };
    }
    if (!response.ok && isStytchError(error)) return { error, response };
    const body = response.ok ? data : error;
    const snippet =
      successHoldsSecrets && response.ok
        ? WITHHELD_SUCCESS_BODY
        : typeof body === "string"
          ? body
          : JSON.stringify(body) ?? "";
    const expected = response.ok ? "a JSON object" : "a Stytch error";
    const contentType = redactWith(response.headers.get("Content-Type") ?? "none");
    throw requestError(
      label,
      "invalid_response",
      `got HTTP ${response.status} with a body that is not ${expected} (content-type: ${contentType})`,
      new Error(`response body: ${snippet.slice(0, BODY_SNIPPET_CHARS) || "(empty)"}`),
      response.status,
      redactWith
    );
  }

  async function send<P extends PostPath>(
    path: P,
    body: PostBody<P>,
    sendOptions: SendOptions | undefined,
    successHoldsSecrets: boolean
  ): Promise<SendResult<PostData<P>>> {
    const label = `POST ${path}`;
    const timeoutMs =
      sendOptions?.timeoutMs === undefined
        ? resolved.timeoutMs
        : checkTimeout(sendOptions.timeoutMs, (message) => {
            throw new TypeError(`${label}: ${message}`);
          });
    const signal = sendOptions?.signal;
    const redactWith = redactorFor(body);
    for (let retryNumber = 1; ; retryNumber++) {
      const mayRetry = retryNumber <= resolved.retry.attempts;
      let result: RawResult;
      try {
        result = await attempt(label, path, body, timeoutMs, signal, successHoldsSecrets, redactWith);
      } catch (error) {
        if (!(mayRetry && error instanceof StytchRequestError && error.retryable)) throw error;
        await pause(label, backoffMs(retryNumber), signal, redactWith);
        continue;
      }
      if (mayRetry && isRetryableStatus(result.response.status)) {
        const delay = retryAfterMs(result.response.headers.get("Retry-After")) ?? backoffMs(retryNumber);
        if (delay <= resolved.retry.maxDelayMs) {
          await pause(label, delay, signal, redactWith);
          continue;
        }
      }
      return toSendResult(label, result, successHoldsSecrets, redactWith);
    }
  }

  /** A method for one of the spec's JSON POST operations: a new endpoint is one line below and its JSDoc above. */
  function post<P extends PostPath>(path: P, successHoldsSecrets: HoldsSessionSecrets<P>) {
    return (body: AcceptUndefined<PostBody<P>>, sendOptions?: SendOptions) =>
      send(path, body as PostBody<P>, sendOptions, successHoldsSecrets);
  }

  return {
    otps: {
      sms: {
        send: post("/v1/otps/sms/send", false),
        loginOrCreate: post("/v1/otps/sms/login_or_create", false),
      },
      authenticate: post("/v1/otps/authenticate", true),
    },
    sessions: {
      authenticate: post("/v1/sessions/authenticate", true),
      revoke: post("/v1/sessions/revoke", false),
    },
    b2b: {
      otps: {
        sms: {
          send: post("/v1/b2b/otps/sms/send", false),
          authenticate: post("/v1/b2b/otps/sms/authenticate", true),
        },
      },
      sessions: {
        authenticate: post("/v1/b2b/sessions/authenticate", true),
        revoke: post("/v1/b2b/sessions/revoke", false),
      },
    },
    raw: raw as unknown as Client<RawPaths, "application/json">,
  };
}

// A Request that openapi-fetch or middleware built, as the arguments of fetch(url, init). Its headers are copied,
// so the Authorization header never lands on a Request that openapi-fetch then hands to onResponse middleware,
// and redirects stay manual even on a Request that middleware made with the default "follow".
async function initOf(request: Request): Promise<RequestInit & { headers: Headers }> {
  return {
    method: request.method,
    headers: new Headers(request.headers),
    body: request.body === null ? null : await request.arrayBuffer(),
    redirect: "manual",
    signal: request.signal,
  };
}
