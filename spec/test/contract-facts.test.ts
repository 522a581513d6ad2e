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
