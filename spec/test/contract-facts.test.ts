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

// Pins the login_or_create and sessions operations to shared/reference/stytch-login-flow.md §1-4.
const LOGIN_OR_CREATE = "/v1/otps/sms/login_or_create";
const SESSIONS_AUTHENTICATE = "/v1/sessions/authenticate";
const SESSIONS_REVOKE = "/v1/sessions/revoke";
const B2B_SESSIONS_AUTHENTICATE = "/v1/b2b/sessions/authenticate";
const B2B_SESSIONS_REVOKE = "/v1/b2b/sessions/revoke";
const FLOW_PATHS = [LOGIN_OR_CREATE, SESSIONS_AUTHENTICATE, SESSIONS_REVOKE, B2B_SESSIONS_AUTHENTICATE, B2B_SESSIONS_REVOKE];
const SESSION_PATHS = [SESSIONS_AUTHENTICATE, SESSIONS_REVOKE, B2B_SESSIONS_AUTHENTICATE, B2B_SESSIONS_REVOKE];
const SANDBOX_SESSION_TOKEN = "WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY";
const SANDBOX_MISSING_SESSION_TOKEN = "59cnLELtq5cFVS6uYK9f-pAWzBkhqZl8AvLhbhOvKNWw";

describe("login_or_create", () => {
  it("takes the 5 fields of the SDKs, phone_number required, and none of the send's User or session fields", () => {
    const schema = requestSchema(LOGIN_OR_CREATE);
    expect(propertyNames(schema)).toEqual(["attributes", "create_user_as_pending", "expiration_minutes", "locale", "phone_number"]);
    expect(requiredNames(schema)).toEqual(["phone_number"]);
    expect(schema.additionalProperties).toBe(false);
    expect(at(schema, "properties", "create_user_as_pending")).toMatchObject({ type: "boolean", default: false });
  });

  it("shares the send's phone rule, expiration bounds and locale list", () => {
    const send = requestSchema(CONSUMER);
    for (const name of ["phone_number", "expiration_minutes", "locale", "attributes"]) {
      const { description: _ours, ...ours } = at(requestSchema(LOGIN_OR_CREATE), "properties", name);
      const { description: _theirs, ...theirs } = at(send, "properties", name);
      expect(ours, name).toEqual(theirs);
    }
  });

  it("answers 200 (also on creation) with the 5 required fields, user_created among them", () => {
    const schema = responseSchema(LOGIN_OR_CREATE, "200");
    expect(requiredNames(schema)).toEqual(["phone_id", "request_id", "status_code", "user_created", "user_id"]);
    expect(propertyNames(schema)).toEqual(requiredNames(schema));
    expect(Object.keys(at(operation(LOGIN_OR_CREATE), "responses"))).not.toContain("201");
  });

  it("lists every error type of the facts file, and declares no 404", () => {
    expect(Object.keys(at(operation(LOGIN_OR_CREATE), "responses")).sort()).toEqual(["200", "400", "401", "429", "500", "503"]);
    expect(flowErrorTypes(LOGIN_OR_CREATE)).toEqual([
      "bad_request", "internal_server_error", "invalid_expiration_otp", "invalid_locale", "invalid_phone_number",
      "invalid_phone_number_country_code", "server_unavailable", "too_many_requests", "unauthorized_credentials",
      "unsubscribed_phone_number", "user_lock_limit_reached",
    ]);
  });
});

describe("sessions requests", () => {
  it.each([SESSIONS_AUTHENTICATE, B2B_SESSIONS_AUTHENTICATE])("%s: the 5 fields of the SDKs, none required (exactly one locator, in prose)", (path) => {
    const schema = requestSchema(path);
    expect(propertyNames(schema)).toEqual(["authorization_check", "session_custom_claims", "session_duration_minutes", "session_jwt", "session_token"]);
    expect(requiredNames(schema)).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.oneOf).toBeUndefined();
    expect(at(schema, "properties", "session_duration_minutes")).toMatchObject({ type: "integer", minimum: 5, maximum: 527040 });
    expect(at(schema, "properties", "session_duration_minutes").default).toBeUndefined();
  });

  it("authorization_check: resource_id and action, plus organization_id for B2B, all required", () => {
    const consumer = at(requestSchema(SESSIONS_AUTHENTICATE), "properties", "authorization_check");
    expect(requiredNames(consumer)).toEqual(["action", "resource_id"]);
    expect(propertyNames(consumer)).toEqual(requiredNames(consumer));
    const b2b = at(requestSchema(B2B_SESSIONS_AUTHENTICATE), "properties", "authorization_check");
    expect(requiredNames(b2b)).toEqual(["action", "organization_id", "resource_id"]);
    expect(propertyNames(b2b)).toEqual(requiredNames(b2b));
  });

  it("consumer revoke: session_id, session_token, session_jwt, none required; session_id is session-(test|live)- and 36 characters of a UUID", () => {
    const schema = requestSchema(SESSIONS_REVOKE);
    expect(propertyNames(schema)).toEqual(["session_id", "session_jwt", "session_token"]);
    expect(requiredNames(schema)).toEqual([]);
    const pattern = new RegExp(at(schema, "properties", "session_id").pattern as string);
    for (const valid of ["session-test-fe6c042b-6286-479f-8a4f-b046a6c46509", "session-live-eb94233f-8800-4ebd-8645-51dc15f9d028"]) {
      expect(valid).toMatch(pattern);
    }
    for (const invalid of ["session-fe6c042b", "fe6c042b-6286-479f-8a4f-b046a6c46509", "session-test-", ""]) expect(invalid).not.toMatch(pattern);
  });

  it("B2B revoke: one session by id, token or JWT, or every session of a member_id; the two Member headers", () => {
    const schema = requestSchema(B2B_SESSIONS_REVOKE);
    expect(propertyNames(schema)).toEqual(["member_id", "member_session_id", "session_jwt", "session_token"]);
    expect(requiredNames(schema)).toEqual([]);
    const headers = (operation(B2B_SESSIONS_REVOKE).parameters as Node[]).map(resolve);
    expect(headers.map((header) => [header.name, header.in, header.required])).toEqual([
      ["X-Stytch-Member-Session", "header", false],
      ["X-Stytch-Member-SessionJWT", "header", false],
    ]);
  });
});

describe("sessions 200 responses", () => {
  it("consumer authenticate: session required (unlike OTP authenticate), no top-level user_id, optional verdict", () => {
    const schema = responseSchema(SESSIONS_AUTHENTICATE, "200");
    expect(requiredNames(schema)).toEqual(["request_id", "session", "session_jwt", "session_token", "status_code", "user"]);
    expect(optionalNames(schema)).toEqual(["verdict"]);
    expect(at(schema, "properties", "session").title).toBe("Session");
    expect(at(schema, "properties", "user").title).toBe("User");
  });

  it("B2B authenticate: member_session required, member and organization, no member_id, optional verdict", () => {
    const schema = responseSchema(B2B_SESSIONS_AUTHENTICATE, "200");
    expect(requiredNames(schema)).toEqual(["member", "member_session", "organization", "request_id", "session_jwt", "session_token", "status_code"]);
    expect(optionalNames(schema)).toEqual(["verdict"]);
    expect(at(schema, "properties", "member_session").title).toBe("MemberSession");
    expect(requiredNames(at(schema, "properties", "verdict"))).toEqual(["authorized", "granting_roles"]);
  });

  it.each([SESSIONS_REVOKE, B2B_SESSIONS_REVOKE])("%s answers request_id and status_code only", (path) => {
    const schema = responseSchema(path, "200");
    expect(requiredNames(schema)).toEqual(["request_id", "status_code"]);
    expect(propertyNames(schema)).toEqual(["request_id", "status_code"]);
  });
});

describe("sessions errors", () => {
  it.each([
    [SESSIONS_AUTHENTICATE, ["200", "400", "401", "403", "404", "429", "500", "503"]],
    [SESSIONS_REVOKE, ["200", "400", "401", "404", "429", "500", "503"]],
    [B2B_SESSIONS_AUTHENTICATE, ["200", "400", "401", "403", "404", "429", "500", "503"]],
    [B2B_SESSIONS_REVOKE, ["200", "400", "401", "403", "404", "429", "500", "503"]],
  ])("%s declares %j, each error a StytchError whose examples carry its status", (path, statuses) => {
    const responses = at(operation(path), "responses");
    expect(Object.keys(responses).sort()).toEqual(statuses);
    for (const status of statuses.filter((s) => s !== "200")) {
      const media = at(responses, status, "content", "application/json");
      expect(media.schema).toEqual({ $ref: "#/components/schemas/StytchError" });
      for (const example of Object.values(media.examples as Node)) expect((resolve(example).value as Node).status_code).toBe(Number(status));
    }
  });

  it.each([
    [SESSIONS_AUTHENTICATE, [
      "bad_request", "consumer_session_authorization_error", "custom_claims_too_large", "internal_server_error",
      "invalid_session_duration", "invalid_session_duration_minutes", "invalid_session_token", "jwt_invalid_audience",
      "jwt_invalid_claims", "jwt_invalid_issuer", "no_session_arguments", "reserved_claims_in_custom_claims",
      "server_unavailable", "session_not_found", "stytch_claims_in_custom_claims", "too_many_requests",
      "too_many_session_arguments", "unable_to_parse_session_jwt", "unable_to_represent_custom_claims_json",
      "unauthorized_credentials",
    ]],
    [SESSIONS_REVOKE, [
      "bad_request", "internal_server_error", "invalid_session_id", "invalid_session_token", "no_session_revoke_arguments",
      "server_unavailable", "session_not_found", "too_many_requests", "too_many_session_revoke_arguments",
      "unable_to_parse_session_jwt", "unauthorized_credentials",
    ]],
    [B2B_SESSIONS_AUTHENTICATE, [
      "bad_request", "custom_claims_too_large", "internal_server_error", "invalid_session_duration",
      "invalid_session_duration_minutes", "invalid_session_token", "jwt_invalid_audience", "jwt_invalid_claims",
      "jwt_invalid_issuer", "no_session_arguments", "reserved_claims_in_custom_claims", "server_unavailable",
      "session_authorization_error", "session_authorization_tenancy_error", "session_not_found",
      "stytch_claims_in_custom_claims", "too_many_requests", "too_many_session_arguments", "unable_to_parse_session_jwt",
      "unable_to_represent_custom_claims_json", "unauthorized_credentials",
    ]],
    [B2B_SESSIONS_REVOKE, [
      "bad_request", "internal_server_error", "invalid_session_token", "member_not_found", "server_unavailable",
      "session_not_found", "too_many_requests", "too_many_session_arguments", "unable_to_parse_session_jwt",
      "unauthorized_action", "unauthorized_credentials",
    ]],
  ])("%s lists every error type of the facts file", (path, errorTypes) => {
    expect(flowErrorTypes(path)).toEqual(errorTypes);
  });

  it.each([
    [SESSIONS_AUTHENTICATE, "session_not_found", 404], [SESSIONS_REVOKE, "session_not_found", 404],
    [B2B_SESSIONS_AUTHENTICATE, "session_not_found", 404], [SESSIONS_REVOKE, "invalid_session_id", 400],
    [SESSIONS_AUTHENTICATE, "consumer_session_authorization_error", 403],
    [B2B_SESSIONS_AUTHENTICATE, "session_authorization_error", 403],
    [B2B_SESSIONS_AUTHENTICATE, "session_authorization_tenancy_error", 403],
  ])("%s answers %s with HTTP %i", (path, errorType, status) => {
    const example = flowErrorExamples(path).find((candidate) => (candidate.value as Node).error_type === errorType);
    expect((example?.value as Node).status_code).toBe(status);
  });

  it.each(FLOW_PATHS)("%s: every error example says whether its status was seen, and only V pairings are seen", (path) => {
    const seen: Record<string, string[]> = {
      [LOGIN_OR_CREATE]: ["bad_request", "invalid_phone_number", "unauthorized_credentials", "too_many_requests", "internal_server_error"],
      [SESSIONS_AUTHENTICATE]: ["bad_request", "session_not_found", "consumer_session_authorization_error", "unauthorized_credentials", "too_many_requests", "internal_server_error"],
      [SESSIONS_REVOKE]: ["bad_request", "invalid_session_id", "unauthorized_credentials", "too_many_requests", "internal_server_error"],
      [B2B_SESSIONS_AUTHENTICATE]: ["bad_request", "session_authorization_error", "session_authorization_tenancy_error", "unauthorized_credentials", "too_many_requests", "internal_server_error"],
      [B2B_SESSIONS_REVOKE]: ["bad_request", "unauthorized_credentials", "too_many_requests", "internal_server_error"],
    };
    for (const example of flowErrorExamples(path)) {
      const errorType = (example.value as Node).error_type as string;
      expect([errorType, example["x-evidence"]]).toEqual([errorType, seen[path]?.includes(errorType) ? "seen" : "inferred"]);
    }
  });
});

describe("sessions mock triggers", () => {
  it("Stytch's sandbox tokens: the 200 fixture and session_not_found, as Stytch answers them", () => {
    const fixture = contract.mockAnswer("sessionsAuthenticate", { session_token: SANDBOX_SESSION_TOKEN });
    expect(fixture).toMatchObject({ status: 200, name: "success" });
    expect(fixture?.value).toMatchObject({
      session_token: SANDBOX_SESSION_TOKEN,
      session: { session_id: "session-test-eb94233f-8800-4ebd-8645-51dc15f9d028", started_at: "2021-08-28T00:41:58.935673Z" },
      user: { user_id: "user-test-e3795c81-f849-4167-bfda-e4a6e9c280fd" },
    });
    expect(contract.mockAnswer("sessionsAuthenticate", { session_token: SANDBOX_MISSING_SESSION_TOKEN })).toMatchObject({
      status: 404, name: "session_not_found", evidence: "seen", value: { error_type: "session_not_found" },
    });
  });

  it("the session the OTP authenticate examples start is the one sessions authenticate finds", () => {
    const consumer = contract.operation("otpsAuthenticate").examples[0]?.value as Node;
    const found = contract.mockAnswer("sessionsAuthenticate", { session_token: consumer.session_token })?.value as Node;
    expect(found.session).toEqual(consumer.session);
    expect(found.user).toEqual(consumer.user);
    const b2b = contract.operation("b2bOtpsSmsAuthenticate").examples[0]?.value as Node;
    const b2bFound = contract.mockAnswer("b2bSessionsAuthenticate", { session_token: b2b.session_token })?.value as Node;
    expect(b2bFound.member_session).toEqual(b2b.member_session);
    expect(b2bFound.member).toEqual(b2b.member);
  });

  it.each(["sessionsAuthenticate", "b2bSessionsAuthenticate"])("%s: any other token or JWT is unknown: 404 session_not_found", (operationId) => {
    for (const body of [{ session_token: "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7X" }, { session_jwt: "eyJ.e30.c2ln" }]) {
      expect(contract.mockAnswer(operationId, body)).toMatchObject({ status: 404, name: "session_not_found" });
    }
  });

  it("login_or_create: the sandbox number is a returning User, any other number a new one", () => {
    expect(contract.mockAnswer("otpsSmsLoginOrCreate", { phone_number: "+10000000000" })?.value).toMatchObject({ user_created: false });
    expect(contract.mockAnswer("otpsSmsLoginOrCreate", { phone_number: "+12025550162" })?.value).toMatchObject({ user_created: true });
  });

  it.each(SESSION_PATHS)("%s: every error example but session_not_found and member_not_found has its own reserved token", (path) => {
    const operationId = contract.findOperation("POST", path)?.operationId ?? "";
    const tokens = contract.operation(operationId).examples
      .filter((example) => example.status >= 400 && !["session_not_found", "member_not_found"].includes(example.name))
      .map((example) => {
        expect(Object.keys(example.trigger ?? {}), example.name).toEqual(["session_token"]);
        return String(example.trigger?.["session_token"]);
      });
    for (const [index, token] of tokens.entries()) {
      expect(token).toMatch(/^mock-session-token-[0-9]{25}$/);
      expect(token.length).toBe(44);
      expect(tokens.indexOf(token)).toBe(index);
    }
  });
});

function flowErrorExamples(path: string): Node[] {
  const responses = at(operation(path), "responses");
  return Object.keys(responses)
    .filter((status) => status !== "200")
    .flatMap((status) => Object.values(at(responses, status, "content", "application/json").examples as Node).map(resolve));
}

function flowErrorTypes(path: string): string[] {
  return flowErrorExamples(path).map((example) => (example.value as Node).error_type as string).sort();
}

it.each(FLOW_PATHS)("%s uses HTTP basic auth", (path) => {
  expect(operation(path).security).toEqual([{ basicAuth: [] }]);
});

it.each([
  ["otpsSmsLoginOrCreate", { phone_number: "12345" }, "invalid_phone_number"],
  ["otpsSmsLoginOrCreate", { phone_number: "+10000000000", expiration_minutes: 11 }, "invalid_expiration_otp"],
  ["otpsSmsLoginOrCreate", { phone_number: "+10000000000", locale: "de" }, "invalid_locale"],
  ["otpsSmsLoginOrCreate", { phone_number: "+10000000000", user_id: "user-test-x" }, "bad_request"],
  ["sessionsAuthenticate", { session_token: SANDBOX_SESSION_TOKEN, session_duration_minutes: 4 }, "invalid_session_duration_minutes"],
  ["b2bSessionsAuthenticate", { session_token: "t", session_duration_minutes: 527041 }, "invalid_session_duration_minutes"],
  ["sessionsAuthenticate", { session_token: "t", authorization_check: { resource_id: "documents" } }, "bad_request"],
  ["sessionsRevoke", { session_id: "session-123" }, "invalid_session_id"],
  ["b2bSessionsRevoke", { member_session_id: 7 }, "bad_request"],
])("%s with %j is answered with 400 %s", (operationId, body, errorType) => {
  const rejection = contract.validateRequest(operationId, body);
  expect(rejection?.status).toBe(400);
  expect(rejection?.body.error_type).toBe(errorType);
});
