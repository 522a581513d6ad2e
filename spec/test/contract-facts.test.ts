// Pins the bundled contract to the facts it was written from (shared/reference/stytch-sms-send.md): a change
// that drops a field, loosens a bound or loses an error fails here, not in some developer's production.
// Which fields each request and 200 response has, which are required and which may be null is compared with
// Stytch's Node SDK by `pnpm drift` (test/drift.test.ts), field by field, instead of frozen here as counts.
import { describe, expect, it } from "vitest";
import { loadContract } from "../src/contract.js";

type Node = Record<string, unknown>;

const contract = loadContract();
const spec = contract.document;
const resolve = (node: unknown): Node => contract.deref<Node>(node);

const at = (node: unknown, ...keys: string[]): Node => keys.reduce<Node>((n, key) => resolve(resolve(n)[key]), resolve(node));
const operation = (path: string) => at(spec, "paths", path, "post");
const requestSchema = (path: string) => at(operation(path), "requestBody", "content", "application/json", "schema");
const responseSchema = (path: string, status: string) =>
  at(operation(path), "responses", status, "content", "application/json", "schema");
const propertyNames = (schema: Node) => Object.keys(resolve(schema).properties as Node).sort();
const requiredNames = (schema: Node) => [...((resolve(schema).required as string[]) ?? [])].sort();

const CONSUMER = "/v1/otps/sms/send";
const B2B = "/v1/b2b/otps/sms/send";
const ERROR_STATUSES = ["400", "401", "404", "429", "500", "503"];

describe("consumer request", () => {
  const schema = requestSchema(CONSUMER);

  it("bounds expiration_minutes to whole minutes 1..10, default 2", () => {
    expect(at(schema, "properties", "expiration_minutes")).toMatchObject({ type: "integer", minimum: 1, maximum: 10, default: 2 });
  });

  it("accepts E.164 phone numbers only", () => {
    const pattern = new RegExp(at(schema, "properties", "phone_number").pattern as string);
    for (const valid of ["+10000000000", "+12025550162", "+442071838750", "+123"]) expect(valid).toMatch(pattern);
    for (const invalid of ["12025550162", "+0123456789", "555-555-5555", "+1 202 555 0162", "+1234567890123456", ""]) {
      expect(invalid).not.toMatch(pattern);
    }
  });

  it("takes only ip_address and user_agent in attributes", () => {
    const attributes = at(schema, "properties", "attributes");
    expect(propertyNames(attributes)).toEqual(["ip_address", "user_agent"]);
    expect(attributes.additionalProperties).toBe(false);
  });
});

describe("B2B request", () => {
  const schema = requestSchema(B2B);

  it("shares the E.164 rule and the locale list with the consumer request", () => {
    expect(at(schema, "properties", "mfa_phone_number").pattern).toBe(at(requestSchema(CONSUMER), "properties", "phone_number").pattern);
    expect(at(schema, "properties", "locale").enum).toEqual(at(requestSchema(CONSUMER), "properties", "locale").enum);
  });
});

describe("locale", () => {
  it("lists the 16 hyphenated values of the newest SDKs", () => {
    expect([...(at(requestSchema(CONSUMER), "properties", "locale").enum as string[])].sort()).toEqual(
      ["ca-ES", "cs", "de-DE", "en", "es", "fa", "fr", "it", "ja", "nl", "pl", "pt-br", "ru", "tr", "vi", "zh-Hans"],
    );
  });
});

describe("errors", () => {
  const stytchError = resolve((spec.components as Node).schemas as Node).StytchError as Node;

  it("StytchError is the wire envelope, with error_type an open string", () => {
    expect(requiredNames(stytchError)).toEqual(["error_message", "error_type", "error_url", "request_id", "status_code"]);
    expect(propertyNames(stytchError)).toContain("error_details");
    expect(at(stytchError, "properties", "error_type")).toMatchObject({ type: "string" });
    expect(at(stytchError, "properties", "error_type").enum).toBeUndefined();
  });

  it.each([CONSUMER, B2B])("%s declares 400, 401, 404, 429, 500 and 503, each a StytchError with examples", (path) => {
    const responses = at(operation(path), "responses");
    expect(Object.keys(responses).sort()).toEqual(["200", ...ERROR_STATUSES]);
    for (const status of ERROR_STATUSES) {
      const media = at(responses, status, "content", "application/json");
      expect(media.schema).toEqual({ $ref: "#/components/schemas/StytchError" });
      const examples = Object.values(media.examples as Node).map((example) => resolve(example).value as Node);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(example.status_code).toBe(Number(status));
    }
  });

  it("B2B has an example for each of the six common error types on Stytch's page", () => {
    const responses = at(operation(B2B), "responses");
    const errorTypes = ERROR_STATUSES.flatMap((status) =>
      Object.values(at(responses, status, "content", "application/json").examples as Node).map(
        (example) => (resolve(example).value as Node).error_type,
      ),
    );
    expect(errorTypes).toEqual(expect.arrayContaining([
      "action_available_only_for_active_members", "duplicate_member_phone_number",
      "duplicate_member_phone_number_for_member", "invalid_phone_number", "invalid_phone_number_country_code",
      "secondary_factor_not_found",
    ]));
  });
});

describe("security", () => {
  it.each([CONSUMER, B2B])("%s uses HTTP basic auth", (path) => {
    expect(operation(path).security).toEqual([{ basicAuth: [] }]);
    expect(at(spec, "components", "securitySchemes", "basicAuth")).toMatchObject({ type: "http", scheme: "basic" });
  });
});

// Pins the authenticate operations to shared/reference/stytch-otp-authenticate.md.
const CONSUMER_AUTHENTICATE = "/v1/otps/authenticate";
const B2B_AUTHENTICATE = "/v1/b2b/otps/sms/authenticate";
const AUTHENTICATE_PATHS = [CONSUMER_AUTHENTICATE, B2B_AUTHENTICATE];
const optionalNames = (schema: Node) => propertyNames(schema).filter((name) => !requiredNames(schema).includes(name));

function errorExamples(path: string): Node[] {
  const responses = at(operation(path), "responses");
  return ERROR_STATUSES.flatMap((status) =>
    Object.values(at(responses, status, "content", "application/json").examples as Node).map(resolve),
  );
}
const errorTypesOf = (path: string) => errorExamples(path).map((example) => (example.value as Node).error_type);

describe("authenticate requests", () => {
  it("consumer: the 9 fields of the SDKs, method_id and code required", () => {
    const schema = requestSchema(CONSUMER_AUTHENTICATE);
    expect(propertyNames(schema)).toEqual([
      "attributes", "code", "method_id", "options", "session_custom_claims", "session_duration_minutes", "session_jwt",
      "session_token", "telemetry_id",
    ]);
    expect(requiredNames(schema)).toEqual(["code", "method_id"]);
    expect(schema.additionalProperties).toBe(false);
    // The same Attributes as the send's (the description beside each $ref differs).
    expect(at(schema, "properties", "attributes").properties).toEqual(at(requestSchema(CONSUMER), "properties", "attributes").properties);
  });

  it("consumer: options has the two match flags, neither required (Go never sends false)", () => {
    const options = at(requestSchema(CONSUMER_AUTHENTICATE), "properties", "options");
    expect(propertyNames(options)).toEqual(["ip_match_required", "user_agent_match_required"]);
    expect(requiredNames(options)).toEqual([]);
    expect(options.additionalProperties).toBe(false);
  });

  it("B2B: the 12 fields of the SDKs, organization_id, member_id and code required", () => {
    const schema = requestSchema(B2B_AUTHENTICATE);
    expect(propertyNames(schema)).toEqual([
      "code", "intermediate_session_token", "member_id", "organization_id", "session_custom_claims",
      "session_duration_minutes", "session_jwt", "session_token", "set_default_mfa", "set_mfa_enrollment", "telemetry_id",
    ]);
    expect(requiredNames(schema)).toEqual(["code", "member_id", "organization_id"]);
    expect(schema.additionalProperties).toBe(false);
    expect(at(schema, "properties", "set_mfa_enrollment").enum).toEqual(["enroll", "unenroll"]);
  });

  it.each(AUTHENTICATE_PATHS)("%s bounds session_duration_minutes to 5..527040 with no schema default", (path) => {
    const duration = at(requestSchema(path), "properties", "session_duration_minutes");
    expect(duration).toMatchObject({ type: "integer", minimum: 5, maximum: 527040 });
    expect(duration.default).toBeUndefined();
  });

  it.each(AUTHENTICATE_PATHS)("%s takes a 6-digit code, the sandbox 000000 included", (path) => {
    const pattern = new RegExp(at(requestSchema(path), "properties", "code").pattern as string);
    for (const valid of ["000000", "123456", "999999"]) expect(valid).toMatch(pattern);
    for (const invalid of ["1234", "12345", "1234567", "12 345", "abcdef", "12345a", ""]) expect(invalid).not.toMatch(pattern);
  });
});

describe("authenticate 200 responses", () => {
  // Stytch adds factor types and delivery methods over time; an enum would break clients on the next one.
  it("AuthenticationFactor's type and delivery_method are required, open strings", () => {
    const factor = resolve(((spec.components as Node).schemas as Node).AuthenticationFactor);
    expect(requiredNames(factor)).toEqual(["delivery_method", "type"]);
    for (const name of ["type", "delivery_method"]) expect(at(factor, "properties", name)).toEqual(expect.not.objectContaining({ enum: expect.anything() }));
  });
});

describe("authenticate errors", () => {
  it.each(AUTHENTICATE_PATHS)("%s declares 400, 401, 404, 429, 500 and 503, each a StytchError with examples", (path) => {
    const responses = at(operation(path), "responses");
    expect(Object.keys(responses).sort()).toEqual(["200", ...ERROR_STATUSES]);
    for (const status of ERROR_STATUSES) {
      const media = at(responses, status, "content", "application/json");
      expect(media.schema).toEqual({ $ref: "#/components/schemas/StytchError" });
      for (const example of Object.values(media.examples as Node)) expect((resolve(example).value as Node).status_code).toBe(Number(status));
    }
  });

  it("consumer lists every error type of the facts file for it", () => {
    expect(errorTypesOf(CONSUMER_AUTHENTICATE).sort()).toEqual([
      "attribute_mismatch", "bad_request", "custom_claims_too_large", "email_not_found", "internal_server_error",
      "invalid_code", "invalid_method_id", "invalid_session_duration", "invalid_session_duration_minutes",
      "invalid_session_token", "otp_code_not_found", "phone_number_not_found", "reserved_claims_in_custom_claims",
      "server_unavailable", "session_not_found", "session_on_code_does_not_match_session_passed_in",
      "stytch_claims_in_custom_claims", "too_few_tokens_authenticated", "too_many_requests",
      "too_many_session_arguments", "unable_to_auth_otp_code", "unable_to_parse_session_jwt",
      "unable_to_represent_custom_claims_json", "unauthorized_credentials", "user_lock_limit_reached",
      "user_not_found",
    ]);
  });

  it("B2B lists every error type of the facts file for it", () => {
    expect(errorTypesOf(B2B_AUTHENTICATE).sort()).toEqual([
      "action_available_only_for_active_members", "action_available_only_once_primary_authentication_is_met",
      "bad_request", "custom_claims_too_large", "default_mfa_member_missing_factor", "intermediate_session_not_found",
      "internal_server_error", "invalid_code", "invalid_intermediate_session_token_for_organization",
      "invalid_mfa_default_method", "invalid_organization_id", "invalid_session_duration",
      "invalid_session_duration_minutes", "invalid_session_token", "member_not_found",
      "member_phone_number_not_found", "member_session_member_id_mismatch", "no_session_arguments",
      "operation_restricted_by_organization_mfa_methods", "organization_not_found", "otp_code_not_found",
      "reserved_claims_in_custom_claims", "secondary_factor_not_found", "server_unavailable", "session_not_found",
      "stytch_claims_in_custom_claims", "too_few_tokens_authenticated", "too_many_requests",
      "too_many_session_arguments", "unable_to_auth_otp_code", "unable_to_parse_session_jwt",
      "unable_to_represent_custom_claims_json", "unauthorized_credentials",
    ]);
  });

  it.each([
    ["otp_code_not_found", 404], ["unable_to_auth_otp_code", 401], ["attribute_mismatch", 401],
    ["user_lock_limit_reached", 429], ["session_not_found", 404], ["invalid_code", 400],
  ])("%s is answered with HTTP %i", (errorType, status) => {
    const example = AUTHENTICATE_PATHS.flatMap(errorExamples).find((candidate) => (candidate.value as Node).error_type === errorType);
    expect((example?.value as Node).status_code).toBe(status);
  });

  it.each(AUTHENTICATE_PATHS)("%s: every example says whether its status was seen, and only V pairings are seen", (path) => {
    const seen = new Set([
      "attribute_mismatch", "user_lock_limit_reached", "too_many_requests", "too_few_tokens_authenticated",
      "action_available_only_once_primary_authentication_is_met", "action_available_only_for_active_members",
      "unauthorized_credentials", "bad_request", "internal_server_error", "user_not_found",
    ]);
    for (const example of errorExamples(path)) {
      const errorType = (example.value as Node).error_type as string;
      if (example["x-evidence"] === undefined) continue; // send examples are annotated on their own branch
      expect([errorType, example["x-evidence"]]).toEqual([errorType, seen.has(errorType) ? "seen" : "inferred"]);
    }
  });
});

describe("authenticate mock triggers", () => {
  const operationIds: Record<string, string> = { [CONSUMER_AUTHENTICATE]: "otpsAuthenticate", [B2B_AUTHENTICATE]: "b2bOtpsSmsAuthenticate" };

  it.each(AUTHENTICATE_PATHS)("%s: every response example has its own reserved 6-digit code, 000000 the first 200", (path) => {
    const operationId = operationIds[path] ?? "";
    const responses = at(operation(path), "responses");
    const codes = Object.keys(responses).flatMap((status) =>
      Object.values(at(responses, status, "content", "application/json").examples as Node).map((example) => {
        const trigger = (resolve(example)["x-mock-trigger"] as Node | undefined)?.[operationId] as Node | undefined;
        expect(Object.keys(trigger ?? {})).toEqual(["code"]);
        return trigger?.code as string;
      }),
    );
    expect(codes[0]).toBe("000000");
    for (const code of codes) expect(code).toMatch(/^[0-9]{6}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("authenticate security", () => {
  it.each(AUTHENTICATE_PATHS)("%s uses HTTP basic auth", (path) => {
    expect(operation(path).security).toEqual([{ basicAuth: [] }]);
  });
});

describe("authenticate through the contract module, as the mock answers", () => {

  it.each(["otpsAuthenticate", "b2bOtpsSmsAuthenticate"])(
    "%s: each example's trigger, merged into the first request example, is valid and selects that example",
    (operationId) => {
      const operation = contract.operation(operationId);
      const base = operation.requestExamples[0]?.value as Node;
      for (const example of operation.examples) {
        const body = { ...base, ...example.trigger };
        expect(contract.validateRequest(operationId, body), `${example.status} ${example.name}`).toBeUndefined();
        expect(contract.triggeredExample(operationId, body)?.name, `${example.status} ${example.name}`).toBe(example.name);
      }
    },
  );

  it.each([
    ["otpsAuthenticate", { code: "12345" }, "invalid_code"],
    ["otpsAuthenticate", { code: "12345a" }, "invalid_code"],
    ["otpsAuthenticate", { session_duration_minutes: 4 }, "invalid_session_duration_minutes"],
    ["b2bOtpsSmsAuthenticate", { session_duration_minutes: 527041 }, "invalid_session_duration_minutes"],
    ["b2bOtpsSmsAuthenticate", { code: "1234" }, "invalid_code"],
    ["b2bOtpsSmsAuthenticate", { set_mfa_enrollment: "yes" }, "bad_request"],
    ["otpsAuthenticate", { code: 123456 }, "bad_request"],
  ])("%s with %j is answered with 400 %s", (operationId, change, errorType) => {
    const base = contract.operation(operationId).requestExamples[0]?.value as Node;
    const rejection = contract.validateRequest(operationId, { ...base, ...change });
    expect(rejection?.status).toBe(400);
    expect(rejection?.body.error_type).toBe(errorType);
  });
});
