// Pins the bundled contract to the facts it was written from (shared/reference/stytch-sms-send.md): a change
// that drops a field, loosens a bound or loses an error fails here, not in some developer's production.
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

  it("has exactly the fields of the SDKs, with phone_number the only required one", () => {
    expect(propertyNames(schema)).toEqual(
      ["attributes", "expiration_minutes", "locale", "phone_number", "session_jwt", "session_token", "user_id"],
    );
    expect(requiredNames(schema)).toEqual(["phone_number"]);
  });

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

  it("has exactly the fields of the SDKs, with organization_id and member_id required", () => {
    expect(propertyNames(schema)).toEqual([
      "intermediate_session_token", "locale", "member_id", "mfa_phone_number", "organization_id", "session_jwt", "session_token",
    ]);
    expect(requiredNames(schema)).toEqual(["member_id", "organization_id"]);
  });

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

describe("200 responses", () => {
  it("consumer: request_id, user_id, phone_id and status_code, all required", () => {
    const schema = responseSchema(CONSUMER, "200");
    expect(propertyNames(schema)).toEqual(["phone_id", "request_id", "status_code", "user_id"]);
    expect(requiredNames(schema)).toEqual(["phone_id", "request_id", "status_code", "user_id"]);
  });

  it("B2B: request_id, member_id, member, organization and status_code, all required", () => {
    const schema = responseSchema(B2B, "200");
    expect(requiredNames(schema)).toEqual(["member", "member_id", "organization", "request_id", "status_code"]);
    expect(propertyNames(schema)).toEqual(requiredNames(schema));
  });

  it("B2B Member has the 19 required and 8 optional fields of the SDKs", () => {
    const member = at(responseSchema(B2B, "200"), "properties", "member");
    expect(requiredNames(member)).toEqual([
      "default_mfa_method", "email_address", "email_address_verified", "is_admin", "is_breakglass", "is_locked",
      "member_id", "member_password_id", "mfa_enrolled", "mfa_phone_number", "mfa_phone_number_verified", "name",
      "oauth_registrations", "organization_id", "retired_email_addresses", "roles", "sso_registrations", "status",
      "totp_registration_id",
    ]);
    expect(propertyNames(member).filter((name) => !requiredNames(member).includes(name))).toEqual([
      "created_at", "external_id", "lock_created_at", "lock_expires_at", "scim_registration", "trusted_metadata",
      "untrusted_metadata", "updated_at",
    ]);
  });

  it("B2B Organization has the 23 required and 7 optional fields of the SDKs", () => {
    const organization = at(responseSchema(B2B, "200"), "properties", "organization");
    expect(requiredNames(organization)).toHaveLength(23);
    expect(propertyNames(organization).filter((name) => !requiredNames(organization).includes(name))).toEqual([
      "allowed_oauth_tenants", "created_at", "organization_external_id", "scim_active_connection",
      "sso_default_connection_id", "trusted_metadata", "updated_at",
    ]);
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
  it("consumer: the 8 always-present fields required, session and user_device optional and nullable", () => {
    const schema = responseSchema(CONSUMER_AUTHENTICATE, "200");
    expect(requiredNames(schema)).toEqual([
      "method_id", "request_id", "reset_sessions", "session_jwt", "session_token", "status_code", "user", "user_id",
    ]);
    expect(optionalNames(schema)).toEqual(["session", "user_device"]);
    for (const name of ["session", "user_device"]) {
      expect(at(schema, "properties", name).anyOf).toContainEqual({ type: "null" });
    }
    expect(propertyNames(schema)).not.toContain("email_id");
  });

  it("B2B: 7 required fields, member_session and member_device optional, no primary-auth fields", () => {
    const schema = responseSchema(B2B_AUTHENTICATE, "200");
    expect(requiredNames(schema)).toEqual([
      "member", "member_id", "organization", "request_id", "session_jwt", "session_token", "status_code",
    ]);
    expect(optionalNames(schema)).toEqual(["member_device", "member_session"]);
    for (const absent of ["intermediate_session_token", "mfa_required", "primary_required", "member_authenticated"]) {
      expect(propertyNames(schema)).not.toContain(absent);
    }
    expect(at(schema, "properties", "member").properties).toEqual(at(responseSchema(B2B, "200"), "properties", "member").properties);
  });

  it("User has the 11 required and 8 optional fields of the SDKs, and no updated_at", () => {
    const user = at(responseSchema(CONSUMER_AUTHENTICATE, "200"), "properties", "user");
    expect(requiredNames(user)).toEqual([
      "biometric_registrations", "crypto_wallets", "emails", "is_locked", "phone_numbers", "providers", "roles",
      "status", "totps", "user_id", "webauthn_registrations",
    ]);
    expect(optionalNames(user)).toEqual([
      "created_at", "external_id", "lock_created_at", "lock_expires_at", "name", "password", "trusted_metadata",
      "untrusted_metadata",
    ]);
  });

  it("Session has optional timestamps, MemberSession required ones", () => {
    const schemas = (spec.components as Node).schemas as Node;
    const session = resolve(schemas.Session);
    expect(requiredNames(session)).toEqual(["authentication_factors", "roles", "session_id", "user_id"]);
    expect(optionalNames(session)).toEqual(["attributes", "custom_claims", "expires_at", "last_accessed_at", "started_at"]);
    const memberSession = resolve(schemas.MemberSession);
    expect(requiredNames(memberSession)).toEqual([
      "authentication_factors", "expires_at", "last_accessed_at", "member_id", "member_session_id", "organization_id",
      "organization_slug", "roles", "started_at",
    ]);
    expect(optionalNames(memberSession)).toEqual(["custom_claims"]);
  });

  it("AuthenticationFactor has type, delivery_method, 3 timestamps and the 41 factor objects; its enums stay open", () => {
    const factor = resolve(((spec.components as Node).schemas as Node).AuthenticationFactor);
    expect(requiredNames(factor)).toEqual(["delivery_method", "type"]);
    const factorKeys = propertyNames(factor).filter((name) => name.endsWith("_factor"));
    expect(factorKeys).toHaveLength(41);
    expect(factorKeys).toEqual(expect.arrayContaining([
      "phone_number_factor", "git_lab_oauth_factor", "linked_in_oauth_factor", "tik_tok_oauth_factor",
      "google_oauth_exchange_factor", "saml_sso_factor", "oidc_sso_factor", "trusted_auth_token_factor",
    ]));
    expect(propertyNames(factor).filter((name) => !name.endsWith("_factor"))).toEqual([
      "created_at", "delivery_method", "last_authenticated_at", "type", "updated_at",
    ]);
    for (const name of ["type", "delivery_method"]) expect(at(factor, "properties", name)).toEqual(expect.not.objectContaining({ enum: expect.anything() }));
  });

  it("DeviceInfo has visitor_id required and the 7 optional fields", () => {
    const device = resolve(((spec.components as Node).schemas as Node).DeviceInfo);
    expect(requiredNames(device)).toEqual(["visitor_id"]);
    expect(optionalNames(device)).toEqual([
      "ip_address", "ip_address_details", "ip_geo_city", "ip_geo_country", "ip_geo_country_details", "ip_geo_region",
      "visitor_id_details",
    ]);
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
