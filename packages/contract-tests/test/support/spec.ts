// Reads the bundled contract (spec/dist/openapi.yaml), the same file the mock serves: test cases, examples and
// schemas all come from it, never from a copy.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

export type OperationId = "otpsSmsSend" | "b2bOtpsSmsSend";
export type JsonObject = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document these tests read; everything else is left as unknown. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject> } & JsonObject;
}

export interface DeclaredResponse {
  operationId: string;
  path: string;
  status: string;
  /** Named examples of the JSON body, name to value, in the spec's order. */
  examples: Map<string, unknown>;
  schema: JsonObject | undefined;
}

/** Which named examples the tests cover: operationId, then status, then example names. */
export type CoveredExamples = Record<string, Record<string, readonly string[]>>;

export function loadSpec(path: string): OpenApiDocument {
  return parse(readFileSync(path, "utf8")) as OpenApiDocument;
}

/** Follows local `$ref`s (`#/components/...`) until it reaches a node that is not a reference. */
export function deref<T = JsonObject>(spec: OpenApiDocument, node: unknown): T {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current["$ref"] === "string"; hops++) {
    const ref = current["$ref"];
    if (!ref.startsWith("#/") || hops > 20) throw new Error(`unsupported or circular $ref ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((parent, key) => (isObject(parent) ? parent[key] : undefined), spec);
    if (current === undefined) throw new Error(`$ref ${ref} points at nothing`);
  }
  return current as T;
}

export function operation(spec: OpenApiDocument, operationId: string): { path: string; method: string; operation: JsonObject } {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, candidate] of Object.entries(item)) {
      if (isObject(candidate) && candidate["operationId"] === operationId) return { path, method, operation: candidate };
    }
  }
  throw new Error(`the bundled spec has no operation ${operationId}`);
}

export function operationIds(spec: OpenApiDocument): string[] {
  return Object.values(spec.paths).flatMap((item) =>
    Object.values(item).flatMap((candidate) =>
      isObject(candidate) && typeof candidate["operationId"] === "string" ? [candidate["operationId"]] : [],
    ),
  );
}

export function declaredResponses(spec: OpenApiDocument): DeclaredResponse[] {
  return operationIds(spec).flatMap((operationId) => {
    const { path, operation: op } = operation(spec, operationId);
    return Object.entries(deref<Record<string, unknown>>(spec, op["responses"] ?? {})).map(([status, response]) => {
      const media = deref<JsonObject>(spec, response)["content"] as Record<string, JsonObject> | undefined;
      const json = media?.["application/json"];
      const examples = new Map<string, unknown>();
      for (const [name, example] of Object.entries((json?.["examples"] ?? {}) as JsonObject)) {
        examples.set(name, deref<JsonObject>(spec, example)["value"]);
      }
      return { operationId, path, status, examples, schema: json?.["schema"] as JsonObject | undefined };
    });
  });
}

export function declaredResponse(spec: OpenApiDocument, operationId: string, status: string): DeclaredResponse {
  const found = declaredResponses(spec).find((r) => r.operationId === operationId && r.status === status);
  if (found === undefined) throw new Error(`the bundled spec declares no ${status} response for ${operationId}`);
  return found;
}

/**
 * Everything that keeps "every (operation, status, example) has a test" from being true, as messages:
 * an operation, status or example in the spec but not covered, a status without a named example (nothing to
 * select with Prefer), and a covered example the spec no longer has.
 */
export function coverageProblems(spec: OpenApiDocument, covered: CoveredExamples): string[] {
  const problems: string[] = [];
  const responses = declaredResponses(spec);
  for (const operationId of operationIds(spec)) {
    if (covered[operationId] === undefined) problems.push(`${operationId}: operation has no tests`);
  }
  for (const { operationId, status, examples } of responses) {
    if (examples.size === 0) problems.push(`${operationId} ${status}: response has no named example to test`);
    for (const name of examples.keys()) {
      if (!covered[operationId]?.[status]?.includes(name)) problems.push(`${operationId} ${status} ${name}: no test`);
    }
  }
  for (const [operationId, statuses] of Object.entries(covered)) {
    for (const [status, names] of Object.entries(statuses)) {
      const declared = responses.find((r) => r.operationId === operationId && r.status === status);
      for (const name of names) {
        if (!declared?.examples.has(name)) problems.push(`${operationId} ${status} ${name}: tested but not in the spec`);
      }
    }
  }
  return problems;
}

const SPEC_SCHEMA_ID = "https://sms-otp.invalid/openapi.json";

/**
 * Compiles schemas of the spec with ajv's JSON Schema 2020-12 dialect, which OpenAPI 3.1 uses. The component
 * schemas become `$defs` of one schema document, so their `$ref`s between each other keep working.
 */
export function schemaValidator(spec: OpenApiDocument): (schema: unknown) => ValidateFunction {
  const addFormats = addFormatsModule.default;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const toDefs = (schema: unknown): JsonObject =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SPEC_SCHEMA_ID}#/$defs/`)) as JsonObject;
  ajv.addSchema({ $id: SPEC_SCHEMA_ID, $defs: toDefs(spec.components.schemas) });
  return (schema) => ajv.compile(toDefs(schema));
}

export function requestSchema(spec: OpenApiDocument, operationId: string): JsonObject {
  const { operation: op } = operation(spec, operationId);
  const body = deref<JsonObject>(spec, op["requestBody"]);
  const content = body["content"] as Record<string, JsonObject>;
  return deref<JsonObject>(spec, content["application/json"]?.["schema"]);
}

/** The spec's first named request example of the operation: a valid request to send when any will do. */
export function firstRequestExample(spec: OpenApiDocument, operationId: string): JsonObject {
  const { operation: op } = operation(spec, operationId);
  const content = deref<JsonObject>(spec, op["requestBody"])["content"] as Record<string, JsonObject>;
  const first = Object.values((content["application/json"]?.["examples"] ?? {}) as JsonObject)[0];
  if (first === undefined) throw new Error(`the bundled spec has no request example for ${operationId}`);
  return deref<JsonObject>(spec, first)["value"] as JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
