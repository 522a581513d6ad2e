// The extensions that drive the mock, checked through the contract module the mock itself uses: every documented
// answer can be chosen by a request value (x-mock-trigger), and every Stytch-faithful validation error
// (x-validation-errors) is what some invalid request actually gets. The lint rule sms-otp/mock-extensions checks
// that they name real operations and fields; this checks that they work.
import { describe, expect, it } from "vitest";
import { loadContract, type JsonObject, type Operation, type ResponseExample } from "../src/contract.js";

const contract = loadContract();

/** `base` with `partial` written over it, nested objects merged. */
function merged(base: unknown, partial: JsonObject): JsonObject {
  const result: JsonObject = { ...(base as JsonObject) };
  for (const [key, value] of Object.entries(partial)) {
    const current = result[key];
    result[key] = isObject(current) && isObject(value) ? merged(current, value) : value;
  }
  return result;
}

function firstRequest(operation: Operation): JsonObject {
  const value = operation.requestExamples[0]?.value;
  if (!isObject(value)) throw new Error(`${operation.operationId} has no request example to start from`);
  return value;
}

/** The first request example with `path` (dotted) set to `value`, or removed when `value` is `REMOVE`. */
const REMOVE = Symbol("remove");
function withField(operation: Operation, path: string, value: unknown): JsonObject {
  const body = structuredClone(firstRequest(operation));
  const names = path.split(".");
  let parent = body;
  for (const name of names.slice(0, -1)) {
    if (!isObject(parent[name])) parent[name] = {};
    parent = parent[name] as JsonObject;
  }
  const last = names.at(-1) as string;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return body;
}

/** A value that fails `keyword` of `schema` and nothing before it, or undefined when there is no such value. */
function failing(schema: JsonObject, keyword: string): unknown {
  switch (keyword) {
    case "required":
      return REMOVE;
    case "type":
    case "*":
      return schema["type"] === "string" ? 12345 : "not-of-this-type";
    case "pattern": {
      const pattern = new RegExp(String(schema["pattern"]), "u");
      return ["12345", "", "not valid", "+"].find((candidate) => !pattern.test(candidate));
    }
    case "enum":
      return schema["type"] === "string" ? "zz-not-in-the-enum" : -1;
    case "minimum":
      return Number(schema["minimum"]) - 1;
    case "maximum":
      return Number(schema["maximum"]) + 1;
    case "minLength":
      return "";
    case "maxLength":
      return "x".repeat(Number(schema["maxLength"]) + 1);
    case "format":
      return `not-a-${String(schema["format"])}`;
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

describe.each(contract.operations.map((operation) => [operation.operationId, operation] as const))("%s", (_id, operation) => {
  const examples = operation.examples;

  it("has at least one request example and one response example", () => {
    expect(operation.requestExamples.length).toBeGreaterThan(0);
    expect(examples.length).toBeGreaterThan(0);
  });

  it("gives every response example an x-mock-trigger", () => {
    expect(examples.filter((example) => example.trigger === undefined).map((example) => `${example.status} ${example.name}`)).toEqual([]);
  });

  it("gives each example a trigger of its own: no two triggers are equal", () => {
    const triggers = examples.map((example) => JSON.stringify(example.trigger));
    expect(triggers.filter((trigger, index) => triggers.indexOf(trigger) !== index)).toEqual([]);
  });

  it("lets the first request example, as written, select no error: it is what a user tries first", () => {
    expect(contract.triggeredExample(operation.operationId, firstRequest(operation))?.status ?? 200).toBeLessThan(300);
  });

  describe.each(examples.filter((example) => example.trigger !== undefined).map((example) => [`${example.status} ${example.name}`, example] as const))(
    "trigger of %s",
    (_name, example: ResponseExample) => {
      it("merged into the first request example, passes validation and selects this example", () => {
        const body = merged(firstRequest(operation), example.trigger as JsonObject);
        expect(contract.validateRequest(operation.operationId, body)?.failures).toBeUndefined();
        expect(contract.triggeredExample(operation.operationId, body)).toBe(example);
      });
    },
  );

  const rules = examples.flatMap((example) => example.validationErrors.map((rule) => ({ example, rule })));

  it("has exactly one fallback example (x-validation-errors field *) for failures mapped to nothing specific", () => {
    expect(rules.filter(({ rule }) => rule.field === "*")).toHaveLength(1);
  });

  describe.each(rules.map(({ example, rule }) => [`${rule.field} ${rule.keywords.join("/")} -> ${example.status} ${example.name}`, example, rule] as const))(
    "x-validation-errors %s",
    (_name, example, rule) => {
      it("is what a request failing that field and keyword gets", () => {
        const field = rule.field === "*" ? undefined : operation.requestFields.find((candidate) => candidate.path === rule.field);
        if (rule.field !== "*") expect(field, `${rule.field} is not a request field`).toBeDefined();
        for (const keyword of rule.keywords) {
          const body =
            field === undefined ? { ...firstRequest(operation), "x-not-a-field": true } : withField(operation, field.path, failing(field.schema, keyword));
          const rejection = contract.validateRequest(operation.operationId, body);
          expect(rejection?.example, `${JSON.stringify(body)} with ${keyword}`).toBe(example);
          expect(rejection?.status).toBe(example.status);
          if (field !== undefined && keyword !== "*") expect(rejection?.failures[0]).toMatchObject({ field: field.path, keyword });
        }
      });
    },
  );
});
