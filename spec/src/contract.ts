// The one reader of the bundled contract (dist/openapi.yaml). The mock, the gateway, the docs, the console, the
// tests and the bench ask this module instead of parsing the bundle their own way, so the same bad request gets
// the same Stytch error wherever it is checked, and a new operation reaches all of them through the spec alone.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

export type { ValidateFunction } from "ajv/dist/2020.js";
export type JsonObject = Record<string, unknown>;

export interface Contract {
  /** Absolute path of the bundle this contract was read from. */
  readonly path: string;
  /** The parsed bundle. Shared by every user of this module: never modify it. */
  readonly document: JsonObject;
  readonly info: { title: string; version: string; description?: string };
  /** Every operation, in the order of `paths`. */
  readonly operations: readonly Operation[];
  /** The operation with this operationId; throws when the contract has none. */
  operation(operationId: string): Operation;
  /** The operation served at exactly this path with this method (any case), if any. */
  findOperation(method: string, path: string): Operation | undefined;
  /** Follows local `$ref`s; keywords written beside a `$ref` (OpenAPI 3.1 allows a description) win. */
  deref<T = unknown>(node: unknown): T;
  /** Compiles a schema of the contract (JSON Schema 2020-12, as OpenAPI 3.1 uses); its `$ref`s resolve. */
  compileSchema(schema: unknown): ValidateFunction;
  /** Checks a request body against the operation's schema; `undefined` when it is valid, else the Stytch error. */
  validateRequest(operationId: string, body: unknown): RequestRejection | undefined;
  /** The response example whose `x-mock-trigger` the body matches, if any. Meant for bodies that are valid. */
  triggeredExample(operationId: string, body: unknown): ResponseExample | undefined;
  /**
   * What the mock answers a valid request with when no `Prefer` header chooses: the example its trigger selects,
   * else the operation's `x-mock-default`; `undefined` means the first success example.
   */
  mockAnswer(operationId: string, body: unknown): ResponseExample | undefined;
}

export interface Operation {
  operationId: string;
  /** Lower case, as in the document: `post`. */
  method: string;
  path: string;
  summary: string;
  description: string;
  tags: string[];
  /** The request body's schema, dereferenced at the top level. */
  requestSchema: JsonObject;
  /** Every leaf field of the request, in schema order, nested ones named by their path (`attributes.ip_address`). */
  requestFields: RequestField[];
  requestExamples: NamedExample[];
  responses: DeclaredResponse[];
  /** Every named example of every response, in the order the spec lists them. */
  examples: ResponseExample[];
  /**
   * `x-mock-default`: the example the mock answers a valid request that no trigger selects, when that is not the
   * success (authenticate: a code other than the sandbox's is wrong).
   */
  mockDefault: ResponseExample | undefined;
}

export interface RequestField {
  /** Dotted path in the body: `phone_number`, `attributes.ip_address`. */
  path: string;
  /** The field's schema, dereferenced, with the description written beside its `$ref`. */
  schema: JsonObject;
  /** Required in its object, and every object above it is required too. */
  required: boolean;
  description: string;
}

export interface NamedExample {
  name: string;
  summary: string;
  description: string;
  value: unknown;
}

export interface DeclaredResponse {
  /** As the document writes it: `"200"`, `"400"`. */
  status: string;
  description: string;
  /** The JSON body's schema as written (it may hold `$ref`s; `compileSchema` and `deref` follow them). */
  schema: JsonObject | undefined;
  examples: ResponseExample[];
}

export interface ValidationErrorRule {
  /** The request field whose failure Stytch answers with this example, or `*` for any failure (the fallback). */
  field: string;
  /** JSON Schema keywords that fail (`pattern`, `minimum`, `enum`, ...), or `*` for any. */
  keywords: string[];
  /** What Stytch says for this field, when it differs from the example's `error_message`. */
  message?: string;
}

export interface ResponseExample extends NamedExample {
  status: number;
  /** The key under `components/examples`, when the example is shared from there. */
  component: string | undefined;
  /** `x-evidence`: whether a Stytch source shows this status with this error type. */
  evidence: "seen" | "inferred" | undefined;
  /** `x-mock-trigger` for this operation: a request body containing all of it selects this example. */
  trigger: JsonObject | undefined;
  /** `x-validation-errors` for this operation: the schema failures Stytch answers with this example. */
  validationErrors: ValidationErrorRule[];
}

export interface StytchErrorBody {
  status_code: number;
  request_id: string;
  error_type: string;
  error_message: string;
  error_url: string;
}

export interface ValidationFailure {
  /** Dotted path of the failing field; `""` for the body itself. */
  field: string;
  /** The JSON Schema keyword that failed. */
  keyword: string;
  /** A sentence naming the field, e.g. `expiration_minutes must be at most 10.` */
  message: string;
}

export interface RequestRejection {
  status: number;
  /** The documented example this rejection answers with. */
  example: ResponseExample;
  /** The Stytch error envelope to send; `request_id` is the example's, so callers put a fresh one in. */
  body: StytchErrorBody;
  /** Every schema failure, the one answered first. */
  failures: ValidationFailure[];
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SCHEMA_ID = "https://sms-otp.invalid/openapi.json";
// Field names come from the caller; a hostile one must not make the error message large.
const MAX_FIELD_CHARS = 100;
const cache = new Map<string, Contract>();

/** Where `pnpm --filter @sms-otp/spec build` writes the bundle. Works from `src/` (tests) and `dist/` alike. */
export function bundlePath(): string {
  return fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));
}

/** Reads and indexes the bundle once per path; later calls return the same contract. */
export function loadContract(path: string = bundlePath()): Contract {
  let contract = cache.get(path);
  if (contract === undefined) {
    if (!existsSync(path)) {
      throw new Error(`@sms-otp/spec: no OpenAPI bundle at ${path}; run "pnpm build" first (it writes spec/dist/openapi.yaml)`);
    }
    contract = createContract(path, parse(readFileSync(path, "utf8")) as JsonObject);
    cache.set(path, contract);
  }
  return contract;
}

function createContract(path: string, document: JsonObject): Contract {
  const deref = <T>(node: unknown): T => dereference(document, node) as T;
  const compileSchema = schemaCompiler(document);
  const operations = readOperations(document, deref);
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const requestValidators = new Map<string, ValidateFunction>();

  const operation = (operationId: string): Operation => {
    const found = byId.get(operationId);
    if (found === undefined) throw new Error(`@sms-otp/spec: the contract has no operation ${operationId}`);
    return found;
  };

  const triggeredExample = (operationId: string, body: unknown): ResponseExample | undefined =>
    operation(operationId).examples.find((example) => example.trigger !== undefined && contains(body, example.trigger));

  return {
    path,
    document,
    info: document["info"] as Contract["info"],
    operations,
    operation,
    findOperation: (method, requestPath) =>
      operations.find((op) => op.path === requestPath && op.method === method.toLowerCase()),
    deref,
    compileSchema,
    validateRequest(operationId, body) {
      const op = operation(operationId);
      let validate = requestValidators.get(operationId);
      if (validate === undefined) {
        validate = compileSchema(op.requestSchema);
        requestValidators.set(operationId, validate);
      }
      if (validate(body)) return undefined;
      const failures = orderFailures(op, (validate.errors ?? []).map(toFailure));
      return rejection(op, failures);
    },
    triggeredExample,
    mockAnswer: (operationId, body) => triggeredExample(operationId, body) ?? operation(operationId).mockDefault,
  };
}

function readOperations(document: JsonObject, deref: <T>(node: unknown) => T): Operation[] {
  const paths = (document["paths"] ?? {}) as Record<string, JsonObject>;
  return Object.entries(paths).flatMap(([path, pathItem]) =>
    HTTP_METHODS.filter((method) => isObject(pathItem[method])).map((method) => {
      const op = pathItem[method] as JsonObject;
      const operationId = String(op["operationId"]);
      const requestMedia = jsonMedia(deref<JsonObject | undefined>(op["requestBody"]), deref);
      const requestSchema = deref<JsonObject>(requestMedia?.["schema"] ?? {});
      const responses = Object.entries(deref<Record<string, unknown>>(op["responses"] ?? {})).map(([status, node]) => {
        const response = deref<JsonObject>(node);
        const media = jsonMedia(response, deref);
        return {
          status,
          description: String(response["description"] ?? ""),
          schema: media?.["schema"] as JsonObject | undefined,
          examples: namedExamples(media, deref).map(({ raw, ...example }) => {
            const component = componentName(raw);
            const resolved = deref<JsonObject>(raw);
            return {
              ...example,
              status: Number(status),
              component,
              evidence: resolved["x-evidence"] as ResponseExample["evidence"],
              trigger: forOperation<JsonObject>(resolved["x-mock-trigger"], operationId),
              validationErrors: forOperation<ValidationErrorRule[]>(resolved["x-validation-errors"], operationId) ?? [],
            };
          }),
        };
      });
      const examples = responses.flatMap((response) => response.examples);
      return {
        operationId,
        method,
        path,
        summary: String(op["summary"] ?? ""),
        description: String(op["description"] ?? ""),
        tags: (op["tags"] as string[] | undefined) ?? [],
        requestSchema,
        requestFields: leafFields(requestSchema, "", true, deref),
        requestExamples: namedExamples(requestMedia, deref).map(({ raw: _raw, ...example }) => example),
        responses,
        examples,
        mockDefault: mockDefault(op, operationId, examples),
      };
    }),
  );
}

function mockDefault(op: JsonObject, operationId: string, examples: ResponseExample[]): ResponseExample | undefined {
  const name = op["x-mock-default"];
  if (name === undefined) return undefined;
  const example = examples.find((candidate) => candidate.name === name);
  if (example === undefined) throw new Error(`@sms-otp/spec: ${operationId} has x-mock-default ${String(name)}, which is none of its examples`);
  return example;
}

function jsonMedia(node: JsonObject | undefined, deref: <T>(node: unknown) => T): JsonObject | undefined {
  const content = node?.["content"] as Record<string, unknown> | undefined;
  const media = content?.["application/json"];
  return media === undefined ? undefined : deref<JsonObject>(media);
}

function namedExamples(media: JsonObject | undefined, deref: <T>(node: unknown) => T): (NamedExample & { raw: unknown })[] {
  return Object.entries((media?.["examples"] ?? {}) as JsonObject).map(([name, raw]) => {
    const example = deref<JsonObject>(raw);
    return {
      name,
      summary: String(example["summary"] ?? ""),
      description: String(example["description"] ?? ""),
      value: example["value"],
      raw,
    };
  });
}

function componentName(node: unknown): string | undefined {
  const ref = isObject(node) ? node["$ref"] : undefined;
  const prefix = "#/components/examples/";
  return typeof ref === "string" && ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

function forOperation<T>(extension: unknown, operationId: string): T | undefined {
  return isObject(extension) ? (extension[operationId] as T | undefined) : undefined;
}

function leafFields(schema: JsonObject, prefix: string, required: boolean, deref: <T>(node: unknown) => T): RequestField[] {
  const properties = (schema["properties"] ?? {}) as Record<string, unknown>;
  const requiredNames = new Set((schema["required"] as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([name, node]) => {
    const field = deref<JsonObject>(node);
    const path = `${prefix}${name}`;
    const fieldRequired = required && requiredNames.has(name);
    if (isObject(field["properties"])) return leafFields(field, `${path}.`, fieldRequired, deref);
    return [{ path, schema: field, required: fieldRequired, description: String(field["description"] ?? "") }];
  });
}

function dereference(document: JsonObject, node: unknown, hops = 0): unknown {
  if (!isObject(node) || typeof node["$ref"] !== "string") return node;
  const { $ref: ref, ...siblings } = node as JsonObject & { $ref: string };
  if (!ref.startsWith("#/")) throw new Error(`@sms-otp/spec: cannot follow the non-local $ref ${ref}`);
  if (hops > 32) throw new Error(`@sms-otp/spec: the $ref ${ref} is circular`);
  const target = ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((parent, key) => (isObject(parent) ? parent[key] : undefined), document);
  if (target === undefined) throw new Error(`@sms-otp/spec: the bundle has a dangling $ref ${ref}`);
  const resolved = dereference(document, target, hops + 1);
  return Object.keys(siblings).length === 0 ? resolved : { ...(resolved as JsonObject), ...siblings };
}

function schemaCompiler(document: JsonObject): (schema: unknown) => ValidateFunction {
  const addFormats = addFormatsModule.default;
  // Not strict: OpenAPI adds keywords (discriminator, xml, x-...) that plain JSON Schema does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const toDefs = (schema: unknown): JsonObject =>
    JSON.parse(JSON.stringify(schema ?? {}).replaceAll('"#/components/schemas/', `"${SCHEMA_ID}#/$defs/`)) as JsonObject;
  const components = (document["components"] ?? {}) as JsonObject;
  ajv.addSchema({ $id: SCHEMA_ID, $defs: toDefs(components["schemas"] ?? {}) });
  const compiled = new WeakMap<object, ValidateFunction>();
  return (schema) => {
    const key = isObject(schema) ? schema : undefined;
    const cached = key && compiled.get(key);
    if (cached) return cached;
    const validate = ajv.compile(toDefs(schema));
    if (key) compiled.set(key, validate);
    return validate;
  };
}

function toFailure(error: ErrorObject): ValidationFailure {
  const base = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  const params = error.params as Record<string, unknown>;
  const child =
    error.keyword === "required"
      ? params["missingProperty"]
      : error.keyword === "additionalProperties"
        ? params["additionalProperty"]
        : undefined;
  const field = [...base, ...(typeof child === "string" ? [child] : [])].join(".");
  return { field, keyword: error.keyword, message: failureMessage(field, error) };
}

function failureMessage(field: string, error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const name = field.length > MAX_FIELD_CHARS ? `${field.slice(0, MAX_FIELD_CHARS)}...` : field;
  if (name === "") return "the body must be a JSON object.";
  switch (error.keyword) {
    case "required":
      return `${name} is required.`;
    case "additionalProperties":
      return `${name} is not a field of this request.`;
    case "type":
      return `${name} must be ${article(String(params["type"]))}.`;
    case "enum":
      return `${name} must be one of: ${((params["allowedValues"] as unknown[]) ?? []).join(", ")}.`;
    case "minimum":
      return `${name} must be at least ${String(params["limit"])}.`;
    case "maximum":
      return `${name} must be at most ${String(params["limit"])}.`;
    case "minLength":
      return `${name} must be at least ${String(params["limit"])} characters long.`;
    case "maxLength":
      return `${name} must be at most ${String(params["limit"])} characters long.`;
    case "pattern":
    case "format":
      return `${name} format is invalid.`;
    default:
      return `${name} is invalid (${error.keyword}).`;
  }
}

function article(type: string): string {
  const first = type.split(",")[0] ?? type;
  return /^[aeiou]/.test(first) ? `an ${type}` : `a ${type}`;
}

/**
 * The failure answered is the first by the request schema's field order: the body itself, then declared fields as
 * the schema lists them, then fields the schema does not know. Ties keep the validator's order.
 */
function orderFailures(op: Operation, failures: ValidationFailure[]): ValidationFailure[] {
  const rank = (field: string): number => {
    if (field === "") return -1;
    const index = op.requestFields.findIndex((f) => f.path === field || f.path.startsWith(`${field}.`));
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return failures.map((failure, index) => ({ failure, index, rank: rank(failure.field) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ failure }) => failure);
}

function rejection(op: Operation, failures: ValidationFailure[]): RequestRejection {
  const first = failures[0] ?? { field: "", keyword: "type", message: "the body is invalid." };
  const matches = (rule: ValidationErrorRule) =>
    (rule.field === first.field || rule.field === "*") && (rule.keywords.includes(first.keyword) || rule.keywords.includes("*"));
  const specific = findRule(op, (rule) => rule.field !== "*" && matches(rule));
  const chosen = specific ?? findRule(op, (rule) => rule.field === "*" && matches(rule));
  if (chosen === undefined) {
    throw new Error(`@sms-otp/spec: ${op.operationId} has no example marked x-validation-errors field "*" to answer invalid requests`);
  }
  const { example, rule } = chosen;
  const value = example.value as StytchErrorBody;
  const errorMessage = rule.field === "*" ? `Request body failed validation: ${first.message}` : (rule.message ?? value.error_message);
  return { status: example.status, example, body: { ...value, error_message: errorMessage }, failures };
}

function findRule(
  op: Operation,
  predicate: (rule: ValidationErrorRule) => boolean,
): { example: ResponseExample; rule: ValidationErrorRule } | undefined {
  for (const example of op.examples) {
    const rule = example.validationErrors.find(predicate);
    if (rule !== undefined) return { example, rule };
  }
  return undefined;
}

/** True when `value` holds everything `pattern` has: same scalars, and objects that contain the pattern's keys. */
function contains(value: unknown, pattern: unknown): boolean {
  if (isObject(pattern)) {
    return isObject(value) && Object.entries(pattern).every(([key, expected]) => Object.hasOwn(value, key) && contains(value[key], expected));
  }
  if (Array.isArray(pattern)) {
    return Array.isArray(value) && value.length === pattern.length && pattern.every((item, i) => contains(value[i], item));
  }
  return Object.is(value, pattern);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
