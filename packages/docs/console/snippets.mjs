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

/**
 * `/v1/b2b/otps/sms/send` -> `b2b.otps.sms.send`, `/v1/otps/sms/login_or_create` -> `otps.sms.loginOrCreate`: how
 * @sms-otp/client names the method of a path (Stytch's SDK names).
 */
export function clientMethod(/** @type {string} */ path) {
  return path
    .replace(/^\/v\d+\//, "")
    .split("/")
    .filter(Boolean)
    .map((segment) => segment.replace(/_([a-z])/g, (_match, letter) => letter.toUpperCase()))
    .join(".");
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

// Where the snippets send when the console knows no upstream yet: the mock of ./scripts/start and pnpm mock.
export const DEFAULT_UPSTREAM = "http://127.0.0.1:4010";
// The credentials the gateway uses for a loopback mock when none are set (packages/gateway/src/config.ts): the
// mock checks only that they are well formed, and its state is per project id, so the snippets share the console's.
const MOCK_PROJECT_ID = "project-test-00000000-0000-0000-0000-000000000000";
const MOCK_SECRET = "secret-test-local-mock-only";

/** Whether `url` is on this machine, as the gateway's mock upstream is. @param {string} url */
export function isLoopbackUrl(url) {
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * The environment both snippets read, for the upstream the console's gateway forwards to: shell `export` lines.
 * For a mock, the credentials the gateway itself uses; for Stytch, placeholders for the reader's own.
 * @param {string} upstream
 */
export function environmentSnippet(upstream) {
  const local = isLoopbackUrl(upstream);
  return [
    `export STYTCH_BASE_URL=${shellQuote(upstream.replace(/\/+$/, ""))}`,
    `export STYTCH_PROJECT_ID=${local ? MOCK_PROJECT_ID : "project-test-...   # yours, from Stytch's dashboard"}`,
    `export STYTCH_SECRET=${local ? MOCK_SECRET : "secret-test-...     # yours; never put it in a browser"}`,
    ``,
  ].join("\n");
}

/**
 * The TypeScript a developer would write for this request with @sms-otp/client, on their backend. It sends to
 * STYTCH_BASE_URL, which environmentSnippet sets to where the console's gateway sent the request.
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
    `  baseUrl: process.env.STYTCH_BASE_URL, // unset: Stytch, chosen from the project id`,
    `});`,
    ``,
    ...reminder,
    `const { data, error } = await stytch.${clientMethod(operation.path)}(${literal(body, "")});`,
    `if (error) {`,
    `  console.error(error.status_code, error.error_type, error.request_id);`,
    `} else {`,
    `  console.log(data.status_code, data);`,
    `}`,
    ``,
  ].join("\n");
}

/** Quotes text for a POSIX shell: single quotes, with each ' written as '\''. @param {string} text */
export function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The curl command that sends what the console sends, to the same URL as the TypeScript: STYTCH_BASE_URL when it
 * is set, else the upstream the console's gateway forwards to, with the credentials from the environment.
 * @param {string} upstream
 * @param {ConsoleOperation} operation
 * @param {unknown} body
 */
export function curlSnippet(upstream, operation, body) {
  const base = upstream.replace(/\/+$/, "");
  // Inside double quotes only $ ` \ " and ! are special; an http(s) URL and the contract's paths have none of them.
  if (/[$`\\"!\s]/.test(base + operation.path)) throw new Error(`cannot quote ${base}${operation.path} for a shell`);
  return [
    `curl --request ${operation.method.toUpperCase()} \\`,
    `  --url "\${STYTCH_BASE_URL:-${base}}${operation.path}" \\`,
    `  --user "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \\`,
    `  --header 'Content-Type: application/json' \\`,
    `  --data ${shellQuote(JSON.stringify(body, null, 2))}`,
    ``,
  ].join("\n");
}
