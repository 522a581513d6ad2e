// Page text generated from the contract at build time: the table of errors of each operation, links between the
// operations and to the schemas, and the routes of Redoc's hash router that those links point at.
import { contract } from "./spec.mjs";

// Redoc lists the component schemas under a sidebar section of this name (redocly.yaml schemaDefinitionsTagName).
export const SCHEMAS_SECTION = "Schemas";

/** Redoc's slug of a tag or heading: lower case, spaces as dashes. */
const slug = (/** @type {string} */ text) => text.trim().toLowerCase().replace(/\s+/g, "-");

/** The hash route of an operation: `#/b2b/b2botpssmssend`. */
export function operationRoute(/** @type {{ tags: string[], operationId: string }} */ operation) {
  return `#/${slug(operation.tags[0] ?? "")}/${operation.operationId.toLowerCase()}`;
}

/** The hash route of a component schema in the Schemas section: `#/schemas/locale`. */
export const schemaRoute = (/** @type {string} */ name) => `#/${slug(SCHEMAS_SECTION)}/${name.toLowerCase()}`;

const isB2B = (/** @type {string} */ path) => path.split("/").includes("b2b");
const lastSegment = (/** @type {string} */ path) => path.split("/").at(-1);

/**
 * The operation of the other kind of project (consumer for a B2B one, and back) that does the same thing: the same
 * path without `/b2b`, else the same last path segment (`/v1/otps/authenticate` and `/v1/b2b/otps/sms/authenticate`).
 * @param {import("@sms-otp/spec/contract").Operation} operation
 */
export function counterpartOf(operation) {
  const others = contract().operations.filter((other) => isB2B(other.path) !== isB2B(operation.path));
  const withoutB2B = operation.path.replace("/b2b/", "/");
  return (
    others.find((other) => other.path.replace("/b2b/", "/") === withoutB2B) ??
    others.find((other) => lastSegment(other.path) === lastSegment(operation.path))
  );
}

/**
 * Whether Stytch's sources show this status with this error type: the example's `x-evidence`, else what its
 * description says.
 * @param {import("@sms-otp/spec/contract").ResponseExample} example
 * @returns {"seen" | "inferred" | "not stated"}
 */
export function evidenceOf(example) {
  if (example.evidence) return example.evidence;
  if (/\binferred\b/i.test(example.description)) return "inferred";
  if (/\b(seen|shown together)\b/i.test(example.description)) return "seen";
  return "not stated";
}

const cell = (/** @type {string} */ text) => text.replaceAll("|", "\\|").replace(/\s+/g, " ");
const code = (/** @type {string} */ text) => `\`${cell(text)}\``;

/**
 * One row per error example of the operation, in the spec's order.
 * @param {import("@sms-otp/spec/contract").Operation} operation
 */
export function errorRows(operation) {
  return operation.examples
    .filter((example) => example.status >= 400)
    .map((example) => ({
      status: String(example.status),
      errorType: String(/** @type {{ error_type?: unknown }} */ (example.value)?.error_type ?? ""),
      when: [example.summary, validationSentence(example)].filter(Boolean).join(". "),
      evidence: evidenceOf(example),
      trigger: example.trigger ? JSON.stringify(example.trigger) : "",
    }));
}

/**
 * Which schema failures the mock (and Stytch) answer with this example, from its `x-validation-errors`.
 * @param {import("@sms-otp/spec/contract").ResponseExample} example
 */
function validationSentence(example) {
  const failures = example.validationErrors.map((rule) =>
    rule.field === "*" ? "any other field fails the schema" : `\`${rule.field}\` fails ${rule.keywords.map((k) => `\`${k}\``).join(" or ")}`,
  );
  return failures.length === 0 ? "" : `Answered when ${failures.join("; ")}`;
}

/**
 * The Markdown table of the operation's errors, appended to its description.
 * @param {import("@sms-otp/spec/contract").Operation} operation
 */
export function errorsTable(operation) {
  const rows = errorRows(operation);
  if (rows.length === 0) return "";
  return [
    "**Errors.** Every error this operation is documented to return. *Evidence* says whether a Stytch source shows",
    "this status with this `error_type` (seen) or the status is inferred from Stytch's naming; *mock trigger* is a",
    "request value that makes the local mock answer with this error, without a `Prefer` header. Where *When* names a",
    "failing field, that schema failure gets this error, from Stytch and from the mock; with several failures, the",
    "first field in the request schema's order decides.",
    "",
    "| Status | error_type | When | Evidence | Mock trigger |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((row) =>
      [row.status, code(row.errorType), cell(row.when), row.evidence, row.trigger ? code(row.trigger) : "–"]
        .join(" | ")
        .replace(/^/, "| ")
        .concat(" |"),
    ),
  ].join("\n");
}

/**
 * Turns mentions into links: "the `Locale` schema" to the schema, "`POST /v1/...`" to the operation when the contract
 * has it.
 * @param {string} markdown
 */
export function linkMentions(markdown) {
  const schemas = new Set(Object.keys(/** @type {any} */ (contract().document).components?.schemas ?? {}));
  return markdown
    .replace(/(?<!\[)`(\w+)` schema\b/g, (mention, name) =>
      schemas.has(name) ? `[\`${name}\` schema](${schemaRoute(name)})` : mention,
    )
    .replace(/(?<!\[)`(GET|PUT|POST|DELETE|PATCH) (\/[^`\s]+)`/g, (mention, method, path) => {
      const target = contract().findOperation(method, path);
      return target ? `[${mention}](${operationRoute(target)})` : mention;
    });
}

/**
 * The sentence that links an operation to its counterpart for the other kind of project, if it has one.
 * @param {import("@sms-otp/spec/contract").Operation} operation
 */
export function counterpartSentence(operation) {
  const other = counterpartOf(operation);
  if (!other) return "";
  const kind = isB2B(other.path) ? "B2B projects (Members)" : "consumer projects (Users)";
  return `**For ${kind}:** [${other.summary}](${operationRoute(other)}) (${other.method.toUpperCase()} ${other.path}).`;
}
