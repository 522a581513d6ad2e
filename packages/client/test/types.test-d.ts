import { describe, expectTypeOf, test } from "vitest";
import type { components } from "../src/generated/schema.js";
import {
  createStytchClient,
  isStytchError,
  StytchRequestError,
  type B2BOtpsSmsSendRequest,
  type B2BOtpsSmsSendResponse,
  type OtpsSmsSendRequest,
  type OtpsSmsSendResponse,
  type StytchError,
  type StytchRequestErrorKind,
} from "../src/index.js";

const stytch = createStytchClient({ projectId: "project-test-x", secret: "secret-test-DO-NOT-LEAK-types" });
const b2bBody = { organization_id: "organization-test-x", member_id: "member-test-x" };

describe("exported types are the generated ones", () => {
  test("request, response and error types", () => {
    expectTypeOf<OtpsSmsSendRequest>().toEqualTypeOf<components["schemas"]["OtpsSmsSendRequest"]>();
    expectTypeOf<OtpsSmsSendResponse>().toEqualTypeOf<components["schemas"]["OtpsSmsSendResponse"]>();
    expectTypeOf<B2BOtpsSmsSendRequest>().toEqualTypeOf<components["schemas"]["B2BOtpsSmsSendRequest"]>();
    expectTypeOf<B2BOtpsSmsSendResponse>().toEqualTypeOf<components["schemas"]["B2BOtpsSmsSendResponse"]>();
    expectTypeOf<StytchError>().toEqualTypeOf<components["schemas"]["StytchError"]>();
  });

  test("fields with a default stay optional", () => {
    expectTypeOf<OtpsSmsSendRequest["expiration_minutes"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{ phone_number: string }>().toExtend<OtpsSmsSendRequest>();
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
      expectTypeOf(error.error_type).toEqualTypeOf<string>();
    } else {
      expectTypeOf(data).toEqualTypeOf<B2BOtpsSmsSendResponse>();
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
