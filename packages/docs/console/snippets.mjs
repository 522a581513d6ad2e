// The request body and the code snippets of the "Try it" console, from the form's values. Shared as one module:
// the build inlines it into console.html (so it must stay free of imports and of anything Node- or DOM-only), and
// the tests import it to type-check the TypeScript it writes and run the curl it writes.

/**
 * @typedef {{ type?: string | string[], pattern?: string, minimum?: number, maximum?: number, enum?: unknown[],
 *   default?: unknown, examples?: unknown[], minLength?: number, maxLength?: number, format?: string }} FieldSchema
 * @typedef {{ path: string, required: boolean, description: string, schema: FieldSchema }} ConsoleField
 * @typedef {{ operationId: string, method: string, path: string }} ConsoleOperation
 */

/** The JSON type a field takes: the first of its `type` list that is not "null". @param {FieldSchema} schema */
export function fieldType(schema) {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.find((type) => type !== undefined && type !== "null") ?? "string";
}

/**
 * What a form input's text means for a field: numbers and booleans are converted when they parse, and kept as
 * typed otherwise, so the gateway (not the page) says what is wrong with them.
 * @param {FieldSchema} schema
 * @param {string} text
 * @returns {unknown}
 */
export function valueFromInput(schema, text) {
  const type = fieldType(schema);
  if (type === "integer" || type === "number") {
    const number = Number(text);
    return text.trim() !== "" && Number.isFinite(number) ? number : text;
  }
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (type === "array" || type === "object") {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The request body from the form: one entry per non-empty input, nested by the field's dotted path.
 * @param {readonly ConsoleField[]} fields
 * @param {Readonly<Record<string, string>>} values input text by field path
 * @returns {Record<string, unknown>}
 */
export function requestBody(fields, values) {
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const field of fields) {
    const text = values[field.path];
    if (text === undefined || text === "") continue;
    const keys = field.path.split(".");
    const last = /** @type {string} */ (keys.pop());
    let parent = body;
    for (const key of keys) {
      const child = parent[key];
      parent = /** @type {Record<string, unknown>} */ (
        typeof child === "object" && child !== null ? child : (parent[key] = {})
      );
    }
    parent[last] = valueFromInput(field.schema, text);
  }
  return body;
}

/**
 * The form's input text for a body (a request example, say): the inverse of `requestBody`.
 * @param {readonly ConsoleField[]} fields
 * @param {unknown} body
 * @returns {Record<string, string>}
 */
export function inputsFromBody(fields, body) {
  /** @type {Record<string, string>} */
  const values = {};
  for (const field of fields) {
    /** @type {unknown} */
    let value = body;
    for (const key of field.path.split(".")) {
      value = typeof value === "object" && value !== null ? /** @type {Record<string, unknown>} */ (value)[key] : undefined;
    }
    if (value === undefined) values[field.path] = "";
    else values[field.path] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return values;
}

/** `/v1/b2b/otps/sms/send` -> `b2b.otps.sms.send`: how @sms-otp/client names the method of a path. */
export function clientMethod(/** @type {string} */ path) {
  return path.replace(/^\/v\d+\//, "").split("/").filter(Boolean).join(".");
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A TypeScript literal for a JSON value, indented like the rest of the snippet.
 * @param {unknown} value
 * @param {string} indent
 * @returns {string}
 */
function literal(value, indent) {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([key, item]) => `${inner}${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${literal(item, inner)},`);
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  // JSON's strings, numbers, booleans and null are valid TypeScript as they are; \u2028 and \u2029 are too.
  return JSON.stringify(value) ?? "undefined";
}

/**
 * The TypeScript a developer would write for this request with @sms-otp/client, on their backend.
 * @param {ConsoleOperation} operation
 * @param {unknown} body
 * @param {readonly string[]} [missingRequired] required fields the form leaves empty: named in a comment, since
 *   the call does not compile without them
 */
export function typescriptSnippet(operation, body, missingRequired = []) {
  const reminder = missingRequired.length === 0 ? [] : [`// Still required: ${missingRequired.join(", ")}.`];
  return [
    `import { createStytchClient } from "@sms-otp/client";`,
    ``,
    `// On your backend: the secret never belongs in a browser.`,
    `const stytch = createStytchClient({`,
    `  projectId: process.env.STYTCH_PROJECT_ID ?? "",`,
    `  secret: process.env.STYTCH_SECRET ?? "",`,
    `});`,
    ``,
    ...reminder,
    `const { data, error } = await stytch.${clientMethod(operation.path)}(${literal(body, "")});`,
    `if (error) {`,
    `  console.error(error.error_type, error.request_id);`,
    `} else {`,
    `  console.log(data);`,
    `}`,
    ``,
  ].join("\n");
}

/** Quotes text for a POSIX shell: single quotes, with each ' written as '\''. @param {string} text */
export function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The curl command that sends what the console sends: to the gateway, which adds the credentials.
 * @param {string} gatewayUrl
 * @param {ConsoleOperation} operation
 * @param {unknown} body
 */
export function curlSnippet(gatewayUrl, operation, body) {
  return [
    `curl --request ${operation.method.toUpperCase()} \\`,
    `  --url ${shellQuote(`${gatewayUrl.replace(/\/+$/, "")}${operation.path}`)} \\`,
    `  --header 'Content-Type: application/json' \\`,
    `  --data ${shellQuote(JSON.stringify(body, null, 2))}`,
    ``,
  ].join("\n");
}
