// The contract module is what the mock, the gateway, the docs and the tests ask about the spec: these tests pin the
// answers they rely on (Stytch-faithful errors, triggers, field lists) to the bundle built from spec/.
import { describe, expect, it } from "vitest";
import { bundlePath, loadContract } from "../src/contract.js";

const contract = loadContract();
const SEND_OPERATIONS = ["otpsSmsSend", "b2bOtpsSmsSend"];
const validConsumer = { phone_number: "+10000000000" };
const validB2B = {
  organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
  member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
};

describe("loading", () => {
  it("reads the bundle once and returns the same contract for the same path", () => {
    expect(loadContract(bundlePath())).toBe(contract);
  });

  it("says in one line what to do when the bundle is missing", () => {
    expect(() => loadContract("/nonexistent/openapi.yaml")).toThrow(/^@sms-otp\/spec: no OpenAPI bundle at .*run "pnpm build" first/);
  });

  it("finds operations by id and by method and path, and nothing else", () => {
    for (const operationId of SEND_OPERATIONS) {
      const op = contract.operation(operationId);
      expect(contract.findOperation("POST", op.path)).toBe(op);
      expect(contract.findOperation("GET", op.path)).toBeUndefined();
      expect(contract.findOperation("POST", `${op.path}/`)).toBeUndefined();
    }
    expect(() => contract.operation("nope")).toThrow("the contract has no operation nope");
  });
});

describe("request fields", () => {
  it("lists leaves in schema order, nested ones by path, required only when required all the way up", () => {
    const fields = contract.operation("otpsSmsSend").requestFields;
    expect(fields.map((f) => f.path).slice(0, 4)).toEqual(["phone_number", "expiration_minutes", "attributes.ip_address", "attributes.user_agent"]);
    expect(fields.filter((f) => f.required).map((f) => f.path)).toEqual(["phone_number"]);
  });

  it("resolves each field's schema and keeps the description written beside its $ref", () => {
    const phone = contract.operation("otpsSmsSend").requestFields.find((f) => f.path === "phone_number");
    expect(phone?.schema["pattern"]).toBe("^\\+[1-9][0-9]{1,14}$");
    expect(phone?.description).toMatch(/^The phone number to text the passcode to/);
    const locale = contract.operation("b2bOtpsSmsSend").requestFields.find((f) => f.path === "locale");
    expect(locale?.schema["enum"]).toContain("pt-br");
  });
});

describe("validateRequest", () => {
  it("accepts the spec's own request examples", () => {
    for (const op of contract.operations) {
      for (const example of op.requestExamples) {
        expect(contract.validateRequest(op.operationId, example.value), `${op.operationId} ${example.name}`).toBeUndefined();
      }
    }
  });

  it.each([
    ["otpsSmsSend", { phone_number: "12345" }, "invalid_phone_number", "phone_number format is invalid."],
    ["otpsSmsSend", { ...validConsumer, expiration_minutes: 11 }, "invalid_expiration_otp", undefined],
    ["otpsSmsSend", { ...validConsumer, expiration_minutes: 0 }, "invalid_expiration_otp", undefined],
    ["otpsSmsSend", { ...validConsumer, locale: "de" }, "invalid_locale", undefined],
    ["b2bOtpsSmsSend", { ...validB2B, mfa_phone_number: "12345" }, "invalid_phone_number", "mfa_phone_number format is invalid."],
    ["b2bOtpsSmsSend", { ...validB2B, locale: "klingon" }, "invalid_locale", undefined],
  ])("%s %j answers with Stytch's %s", (operationId, body, errorType, message) => {
    const rejection = contract.validateRequest(operationId, body);
    expect(rejection?.status).toBe(400);
    expect(rejection?.body).toMatchObject({ status_code: 400, error_type: errorType });
    if (message !== undefined) expect(rejection?.body.error_message).toBe(message);
  });

  it.each([
    ["otpsSmsSend", {}, "phone_number is required."],
    ["otpsSmsSend", { phone_number: 15550100 }, "phone_number must be a string."],
    ["otpsSmsSend", { ...validConsumer, phone: "+1" }, "phone is not a field of this request."],
    ["otpsSmsSend", { ...validConsumer, attributes: { ip_address: 7 } }, "attributes.ip_address must be a string."],
    ["otpsSmsSend", ["+10000000000"], "the body must be a JSON object."],
    ["otpsSmsSend", null, "the body must be a JSON object."],
    ["b2bOtpsSmsSend", { organization_id: validB2B.organization_id }, "member_id is required."],
  ])("%s %j answers bad_request naming the field: %s", (operationId, body, sentence) => {
    const rejection = contract.validateRequest(operationId, body);
    expect(rejection?.body).toMatchObject({ status_code: 400, error_type: "bad_request" });
    expect(rejection?.body.error_message).toBe(`Request body failed validation: ${sentence}`);
  });

  it("answers the first failure by field order and lists every failure", () => {
    const rejection = contract.validateRequest("otpsSmsSend", { locale: "de", unknown_field: 1, expiration_minutes: 99 });
    expect(rejection?.body.error_type).toBe("bad_request");
    expect(rejection?.failures.map((f) => `${f.field}:${f.keyword}`)).toEqual([
      "phone_number:required",
      "expiration_minutes:maximum",
      "locale:enum",
      "unknown_field:additionalProperties",
    ]);
    const mapped = contract.validateRequest("otpsSmsSend", { phone_number: "0", locale: "de", expiration_minutes: 99 });
    expect(mapped?.body.error_type).toBe("invalid_phone_number");
  });

  it("keeps a hostile field name out of the message's length", () => {
    const rejection = contract.validateRequest("otpsSmsSend", { ...validConsumer, ["ж".repeat(5000)]: 1 });
    expect(rejection?.body.error_message.length).toBeLessThan(200);
  });
});

describe("triggers", () => {
  it("selects an example by a value in an otherwise valid request", () => {
    expect(contract.triggeredExample("otpsSmsSend", { phone_number: "+15005554290", locale: "fr" })?.name).toBe("too_many_requests");
    expect(contract.triggeredExample("b2bOtpsSmsSend", { ...validB2B, member_id: "member-test-00000000-0000-4000-8000-000000004040" })?.name).toBe(
      "member_not_found",
    );
    expect(contract.triggeredExample("otpsSmsSend", { phone_number: "+12025550162" })).toBeUndefined();
  });

  it("reads the evidence of every error example", () => {
    for (const op of contract.operations) {
      for (const example of op.examples.filter((e) => e.status >= 400)) {
        expect(["seen", "inferred"], `${op.operationId} ${example.name}`).toContain(example.evidence);
      }
    }
  });
});

describe("mockAnswer", () => {
  const authenticate = { method_id: "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0" };

  it("is the triggered example when a trigger matches, else the operation's x-mock-default", () => {
    expect(contract.mockAnswer("otpsAuthenticate", { ...authenticate, code: "000000" })?.status).toBe(200);
    expect(contract.mockAnswer("otpsAuthenticate", { ...authenticate, code: "404001" })?.name).toBe("otp_code_not_found");
    const wrong = contract.mockAnswer("otpsAuthenticate", { ...authenticate, code: "123456" });
    expect(wrong).toBe(contract.operation("otpsAuthenticate").mockDefault);
    expect(wrong).toMatchObject({ status: 404, value: { error_type: "otp_code_not_found" } });
  });

  it("leaves the success to the mock when an operation has no x-mock-default", () => {
    expect(contract.operation("otpsSmsSend").mockDefault).toBeUndefined();
    expect(contract.mockAnswer("otpsSmsSend", { phone_number: "+12025550162" })).toBeUndefined();
  });
});
