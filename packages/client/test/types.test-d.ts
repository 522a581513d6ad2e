import { describe, expectTypeOf, test } from "vitest";
import type { Client } from "openapi-fetch";
import type { components, paths } from "../src/generated/schema.js";
import {
  createStytchClient,
  isStytchError,
  StytchRequestError,
  type AcceptUndefined,
  type Fetch,
  type KnownErrorType,
  type B2BOtpsSmsAuthenticateRequest,
  type B2BOtpsSmsAuthenticateResponse,
  type B2BOtpsSmsSendRequest,
  type B2BOtpsSmsSendResponse,
  type OtpsAuthenticateRequest,
  type OtpsAuthenticateResponse,
  type OtpsSmsSendRequest,
  type OtpsSmsSendResponse,
  type SessionsRevokeRequest,
  type StytchError,
  type StytchRequestErrorKind,
} from "../src/index.js";

const stytch = createStytchClient({ projectId: "project-test-x", secret: "secret-test-DO-NOT-LEAK-types" });
const b2bBody = { organization_id: "organization-test-x", member_id: "member-test-x" };

describe("exported types are the generated ones", () => {
  test("request types are the generated ones, accepting an explicit undefined in optional fields", () => {
    expectTypeOf<OtpsSmsSendRequest>().toEqualTypeOf<AcceptUndefined<components["schemas"]["OtpsSmsSendRequest"]>>();
    expectTypeOf<B2BOtpsSmsSendRequest>().toEqualTypeOf<
      AcceptUndefined<components["schemas"]["B2BOtpsSmsSendRequest"]>
    >();
    expectTypeOf<components["schemas"]["OtpsSmsSendRequest"]>().toExtend<OtpsSmsSendRequest>();
  });

  test("response types are the generated ones", () => {
    expectTypeOf<OtpsSmsSendResponse>().toEqualTypeOf<components["schemas"]["OtpsSmsSendResponse"]>();
    expectTypeOf<B2BOtpsSmsSendResponse>().toEqualTypeOf<components["schemas"]["B2BOtpsSmsSendResponse"]>();
  });

  test("fields with a default stay optional", () => {
    expectTypeOf<OtpsSmsSendRequest["expiration_minutes"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{ phone_number: string }>().toExtend<OtpsSmsSendRequest>();
  });
});

describe("exactOptionalPropertyTypes (on in this package's tsconfig)", () => {
  const fromEnv = (): string | undefined => undefined;
  const minutes = (): number | undefined => undefined;

  test("an explicit undefined in an optional field is accepted by send, at any depth", () => {
    void stytch.otps.sms.send({
      phone_number: "+10000000000",
      expiration_minutes: minutes(),
      locale: undefined,
      attributes: { ip_address: fromEnv(), user_agent: undefined },
      user_id: fromEnv(),
    });
    void stytch.b2b.otps.sms.send({ ...b2bBody, mfa_phone_number: fromEnv(), locale: undefined });
    const body: OtpsSmsSendRequest = { phone_number: "+10000000000", session_token: fromEnv() };
    void stytch.otps.sms.send(body);
  });

  test("the generated type alone would reject it, which is why the wrapper maps it", () => {
    // @ts-expect-error TS2375: exactOptionalPropertyTypes
    const strict: components["schemas"]["OtpsSmsSendRequest"] = { phone_number: "+1", expiration_minutes: minutes() };
    void strict;
  });

  test("a named request type is assignable to raw's body (issue 18: TS2375 before RawPaths)", () => {
    const body: OtpsSmsSendRequest = { phone_number: "+10000000000", locale: undefined, user_id: fromEnv() };
    void stytch.raw.POST("/v1/otps/sms/send", { body });
    const revoke: SessionsRevokeRequest = { session_token: fromEnv() };
    void stytch.raw.POST("/v1/sessions/revoke", { body: revoke });
    const headers = { "X-Stytch-Member-Session": "token" };
    void stytch.raw.POST("/v1/b2b/sessions/revoke", { body: { member_id: "member-test-x" }, params: { header: headers } });
  });

  test("raw typed on the generated paths alone would reject it, which is why raw takes RawPaths", () => {
    const strictRaw = stytch.raw as unknown as Client<paths, "application/json">;
    const body: OtpsSmsSendRequest = { phone_number: "+10000000000", locale: undefined };
    // @ts-expect-error TS2375: exactOptionalPropertyTypes
    void strictRaw.POST("/v1/otps/sms/send", { body });
  });

  test("required fields still refuse undefined", () => {
    // @ts-expect-error phone_number is required
    void stytch.otps.sms.send({ phone_number: fromEnv() });
    // @ts-expect-error member_id is required
    void stytch.b2b.otps.sms.send({ organization_id: "o", member_id: undefined });
  });

  test("a wrong type is still wrong", () => {
    // @ts-expect-error a locale outside the spec's list
    void stytch.otps.sms.send({ phone_number: "+10000000000", locale: "pt_BR" as "pt_BR" | undefined });
  });
});

describe("error_type", () => {
  test("is the known values from the spec, or any other string", () => {
    expectTypeOf<StytchError["error_type"]>().toEqualTypeOf<KnownErrorType | (string & {})>();
    expectTypeOf<"too_many_requests">().toExtend<KnownErrorType>();
    expectTypeOf<"invalid_phone_number_country_code">().toExtend<KnownErrorType>();
    expectTypeOf<"a_new_error_stytch_adds_tomorrow">().toExtend<StytchError["error_type"]>();
    expectTypeOf<"a_new_error_stytch_adds_tomorrow">().not.toExtend<KnownErrorType>();
  });

  test("a switch over it compiles with known cases and a default", async () => {
    const { error } = await stytch.otps.sms.send({ phone_number: "+10000000000" });
    if (!error) return;
    switch (error.error_type) {
      case "too_many_requests":
      case "invalid_phone_number":
        break;
      default:
        expectTypeOf(error.error_type).toExtend<string>();
    }
    const stillAString: string = error.error_type;
    void stillAString;
  });

  test("the rest of the envelope is the generated one", () => {
    expectTypeOf<Omit<StytchError, "error_type">>().toEqualTypeOf<
      Omit<components["schemas"]["StytchError"], "error_type">
    >();
  });
});

describe("the fetch option", () => {
  test("takes the standard fetch signature: globalThis.fetch and (url, init) functions fit", () => {
    createStytchClient({ projectId: "p", secret: "s", fetch: globalThis.fetch });
    createStytchClient({ projectId: "p", secret: "s", fetch: (url, init) => globalThis.fetch(url, init) });
    expectTypeOf<Fetch>().toEqualTypeOf<(input: string | URL | Request, init?: RequestInit) => Promise<Response>>();
  });

  test("a fetch that only takes a Request does not fit", () => {
    // @ts-expect-error the client calls fetch(url, init), with a string URL
    createStytchClient({ projectId: "p", secret: "s", fetch: (request: Request) => globalThis.fetch(request) });
  });
});

describe("createStytchClient options", () => {
  test("projectId and secret are required strings", () => {
    // @ts-expect-error secret is missing
    createStytchClient({ projectId: "project-test-x" });
    // @ts-expect-error projectId is missing
    createStytchClient({ secret: "s" });
    // @ts-expect-error projectId must be a string
    createStytchClient({ projectId: 1, secret: "s" });
  });

  test("optional options accept undefined, as an unset environment variable is", () => {
    const fromEnv: string | undefined = undefined;
    createStytchClient({ projectId: "p", secret: "s", baseUrl: fromEnv, timeoutMs: undefined, retry: undefined });
    createStytchClient({
      projectId: "p",
      secret: "s",
      retry: { attempts: 2, maxDelayMs: 5_000 },
      dangerouslyAllowBrowser: true,
    });
    createStytchClient({ projectId: "p", secret: "s", fetch: globalThis.fetch });
    // @ts-expect-error retry needs attempts
    createStytchClient({ projectId: "p", secret: "s", retry: {} });
  });
});

describe("otps.sms.send", () => {
  test("a missing phone_number fails to compile", () => {
    // @ts-expect-error phone_number is required
    void stytch.otps.sms.send({ expiration_minutes: 5 });
  });

  test("expiration_minutes as a string fails to compile", () => {
    // @ts-expect-error expiration_minutes is a number
    void stytch.otps.sms.send({ phone_number: "+10000000000", expiration_minutes: "5" });
  });

  test("a B2B-only field on the consumer call fails to compile", () => {
    // @ts-expect-error mfa_phone_number belongs to the B2B endpoint
    void stytch.otps.sms.send({ phone_number: "+10000000000", mfa_phone_number: "+10000000000" });
  });

  test("a locale outside the spec's list fails to compile", () => {
    // @ts-expect-error "pt_BR" is not a Locale
    void stytch.otps.sms.send({ phone_number: "+10000000000", locale: "pt_BR" });
  });

  test("per-call options are optional and typed", () => {
    void stytch.otps.sms.send({ phone_number: "+10000000000" }, { timeoutMs: 5_000, signal: AbortSignal.timeout(1) });
    // @ts-expect-error timeoutMs is a number
    void stytch.otps.sms.send({ phone_number: "+10000000000" }, { timeoutMs: "5000" });
  });

  test("data and error narrow each other", async () => {
    const { data, error, response } = await stytch.otps.sms.send({ phone_number: "+10000000000" });
    expectTypeOf(response).toEqualTypeOf<Response>();
    if (error) {
      expectTypeOf(error).toEqualTypeOf<StytchError>();
      expectTypeOf(data).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(data).toEqualTypeOf<OtpsSmsSendResponse>();
      expectTypeOf(error).toEqualTypeOf<undefined>();
    }
  });

  test("checking data narrows error too", async () => {
    const result = await stytch.otps.sms.send({ phone_number: "+10000000000" });
    if (result.data) {
      expectTypeOf(result.error).toEqualTypeOf<undefined>();
      expectTypeOf(result.data.phone_id).toEqualTypeOf<string>();
    } else {
      expectTypeOf(result.error).toEqualTypeOf<StytchError>();
    }
    // @ts-expect-error data may be undefined until narrowed
    void result.data.phone_id;
  });
});

describe("b2b.otps.sms.send", () => {
  test("a missing member_id fails to compile", () => {
    // @ts-expect-error member_id is required
    void stytch.b2b.otps.sms.send({ organization_id: "organization-test-x" });
  });

  test("a consumer-only field fails to compile", () => {
    // @ts-expect-error expiration_minutes belongs to the consumer endpoint
    void stytch.b2b.otps.sms.send({ ...b2bBody, expiration_minutes: 5 });
  });

  test("data is the B2B response and narrows against error", async () => {
    const { data, error } = await stytch.b2b.otps.sms.send(b2bBody, { timeoutMs: 5_000 });
    if (error) {
      expectTypeOf(error.error_type).toEqualTypeOf<KnownErrorType | (string & {})>();
    } else {
      expectTypeOf(data).toEqualTypeOf<B2BOtpsSmsSendResponse>();
      expectTypeOf(data.member).toEqualTypeOf<components["schemas"]["Member"]>();
    }
  });
});

describe("otps.authenticate", () => {
  test("the exported types are the generated ones, requests accepting an explicit undefined", () => {
    expectTypeOf<OtpsAuthenticateRequest>().toEqualTypeOf<AcceptUndefined<components["schemas"]["OtpsAuthenticateRequest"]>>();
    expectTypeOf<OtpsAuthenticateResponse>().toEqualTypeOf<components["schemas"]["OtpsAuthenticateResponse"]>();
    const duration: number | undefined = undefined;
    void stytch.otps.authenticate({ method_id: "phone-number-test-x", code: "000000", session_duration_minutes: duration });
  });

  test("method_id and code are required; send-only fields fail to compile", () => {
    // @ts-expect-error code is required
    void stytch.otps.authenticate({ method_id: "phone-number-test-x" });
    // @ts-expect-error method_id is required
    void stytch.otps.authenticate({ code: "000000" });
    // @ts-expect-error phone_number belongs to the send endpoint
    void stytch.otps.authenticate({ method_id: "phone-number-test-x", code: "000000", phone_number: "+10000000000" });
    // @ts-expect-error session_duration_minutes is a number of minutes
    void stytch.otps.authenticate({ method_id: "phone-number-test-x", code: "000000", session_duration_minutes: "60" });
  });

  test("data narrows to the response; session may be null or absent", async () => {
    const { data, error } = await stytch.otps.authenticate({ method_id: "phone-number-test-x", code: "000000" });
    if (error) {
      expectTypeOf(error).toEqualTypeOf<StytchError>();
    } else {
      expectTypeOf(data.session_token).toEqualTypeOf<string>();
      expectTypeOf(data.user).toEqualTypeOf<components["schemas"]["User"]>();
      expectTypeOf(data.session).toEqualTypeOf<components["schemas"]["Session"] | null | undefined>();
    }
  });
});

describe("b2b.otps.sms.authenticate", () => {
  test("the exported types are the generated ones", () => {
    expectTypeOf<B2BOtpsSmsAuthenticateRequest>().toEqualTypeOf<
      AcceptUndefined<components["schemas"]["B2BOtpsSmsAuthenticateRequest"]>
    >();
    expectTypeOf<B2BOtpsSmsAuthenticateResponse>().toEqualTypeOf<components["schemas"]["B2BOtpsSmsAuthenticateResponse"]>();
  });

  test("code is required and set_mfa_enrollment takes only enroll or unenroll", () => {
    // @ts-expect-error code is required
    void stytch.b2b.otps.sms.authenticate(b2bBody);
    // @ts-expect-error set_mfa_enrollment is enroll or unenroll
    void stytch.b2b.otps.sms.authenticate({ ...b2bBody, code: "000000", set_mfa_enrollment: "yes" });
    void stytch.b2b.otps.sms.authenticate({ ...b2bBody, code: "000000", set_mfa_enrollment: "unenroll" });
  });

  test("data carries the Member session", async () => {
    const { data, error } = await stytch.b2b.otps.sms.authenticate({ ...b2bBody, code: "000000" }, { timeoutMs: 5_000 });
    if (!error) {
      expectTypeOf(data.member_session).toEqualTypeOf<components["schemas"]["MemberSession"] | undefined>();
      expectTypeOf(data.member).toEqualTypeOf<components["schemas"]["Member"]>();
    }
  });
});

describe("raw", () => {
  test("a path that is not in the spec fails to compile", () => {
    // @ts-expect-error /v1/otps/email/send is not in the spec
    void stytch.raw.POST("/v1/otps/email/send", { body: { email: "ada@example.com" } });
  });

  test("a method that the spec does not declare fails to compile", () => {
    // @ts-expect-error the spec has no GET on this path
    void stytch.raw.GET("/v1/otps/sms/send");
  });

  test("bodies are checked against the spec", async () => {
    const { data } = await stytch.raw.POST("/v1/otps/sms/send", { body: { phone_number: "+10000000000" } });
    expectTypeOf(data).toEqualTypeOf<OtpsSmsSendResponse | undefined>();
    // @ts-expect-error member_id is required on the B2B path
    void stytch.raw.POST("/v1/b2b/otps/sms/send", { body: { organization_id: "o" } });
  });
});

describe("errors", () => {
  test("isStytchError narrows unknown values", () => {
    const value: unknown = JSON.parse("{}");
    if (isStytchError(value)) expectTypeOf(value).toEqualTypeOf<StytchError>();
  });

  test("StytchRequestError has kind, status and cause", () => {
    const error = new StytchRequestError("x", { kind: "timeout", cause: new Error("x") });
    expectTypeOf(error).toExtend<Error>();
    expectTypeOf(error.kind).toEqualTypeOf<StytchRequestErrorKind>();
    expectTypeOf<StytchRequestErrorKind>().toEqualTypeOf<"network" | "timeout" | "aborted" | "invalid_response">();
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.cause).toEqualTypeOf<Error>();
    expectTypeOf(error.retryable).toEqualTypeOf<boolean>();
    // @ts-expect-error "offline" is not a kind
    void new StytchRequestError("x", { kind: "offline", cause: new Error("x") });
  });
});
