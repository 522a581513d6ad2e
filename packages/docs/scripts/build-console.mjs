// Builds dist/console.html, the "Try it" console: one self-contained page (styles, script and the contract's
// operations inline) that sends requests to a gateway (@sms-otp/gateway) and shows live curl and TypeScript.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadContract } from "@sms-otp/spec/contract";
import { operationRoute } from "./content.mjs";
import { findExternalFetches } from "./external-urls.mjs";
import { escapeAttribute, FAVICON } from "./html.mjs";
import { CONSOLE_FILE, DEFAULT_GATEWAY_URL } from "./pages.mjs";

const CONSOLE_DIR = fileURLToPath(new URL("../console/", import.meta.url));
export { CONSOLE_FILE };
// What the page needs of a field's schema to build and describe its input.
const FIELD_SCHEMA_KEYS = ["type", "pattern", "minimum", "maximum", "enum", "default", "examples", "minLength", "maxLength", "format"];

/**
 * The part of the contract the page embeds, as JSON-ready data.
 * @param {import("@sms-otp/spec/contract").Contract} contract
 */
export function consoleData(contract) {
  return {
    title: contract.info.title,
    version: contract.info.version,
    operations: contract.operations.map((operation) => ({
      operationId: operation.operationId,
      method: operation.method,
      path: operation.path,
      summary: operation.summary,
      description: operation.description,
      docsRoute: operationRoute(operation),
      fields: operation.requestFields.map((field) => ({
        path: field.path,
        required: field.required,
        description: field.description,
        schema: Object.fromEntries(FIELD_SCHEMA_KEYS.filter((key) => key in field.schema).map((key) => [key, field.schema[key]])),
      })),
      requestExamples: operation.requestExamples.map(({ name, summary, value }) => ({ name, summary, value })),
      examples: operation.examples.map(({ name, status, summary, value }) => ({
        name,
        status,
        summary,
        errorType: /** @type {{ error_type?: string } | undefined} */ (value)?.error_type,
      })),
    })),
  };
}

/** Module code with its `import` lines and `export` keywords removed, to be inlined into one script. */
function inlineModule(/** @type {string} */ file) {
  return readFileSync(join(CONSOLE_DIR, file), "utf8")
    .replace(/^import [^;]*;\n/gm, "")
    .replace(/^export /gm, "");
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Writes `<distDir>/console.html` and returns its size in bytes.
 * @param {string} distDir
 * @param {import("@sms-otp/spec/contract").Contract} [contract]
 */
export function buildConsole(distDir, contract = loadContract()) {
  const data = consoleData(contract);
  // JSON inside <script> must not close the element: escaping every < makes that impossible.
  const json = JSON.stringify(data).replaceAll("<", "\\u003c");
  const script = `${inlineModule("snippets.mjs")}\n${inlineModule("page.js")}`;
  if (/^\s*import\s/m.test(script) || script.includes("</script")) {
    throw new Error("console/ scripts must not import anything but ./snippets.mjs, nor contain </script");
  }
  // Function replacers: a `$` in the inlined code must not be read as a replacement pattern.
  const html = readFileSync(join(CONSOLE_DIR, "console.html"), "utf8")
    .replaceAll("{{TITLE}}", () => escapeHtml(data.title))
    .replaceAll("{{VERSION}}", () => escapeHtml(data.version))
    .replace("{{GATEWAY}}", () => DEFAULT_GATEWAY_URL)
    // In the HTML, not added by the script: the header keeps its height when the script runs (no layout shift).
    .replace("{{OPERATION_LINKS}}", () =>
      data.operations
        .map((operation) => `<li><a href="#${escapeHtml(operation.operationId)}">${escapeHtml(`${operation.method.toUpperCase()} ${operation.path}`)}</a></li>`)
        .join(""),
    )
    .replace("{{DESCRIPTION}}", () => escapeAttribute(`Send the requests of the ${data.title} from your browser, through a local gateway that keeps the credentials, and copy them as curl or TypeScript.`))
    .replace("{{FAVICON}}", () => FAVICON)
    .replace("{{STYLE}}", () => readFileSync(join(CONSOLE_DIR, "console.css"), "utf8"))
    .replace("{{CONTRACT}}", () => json)
    .replace("{{SCRIPT}}", () => script);
  const external = findExternalFetches(html);
  if (external.length > 0) throw new Error(`the console would fetch from outside the machine: ${external.join(", ")}`);
  writeFileSync(join(distDir, CONSOLE_FILE), html);
  return Buffer.byteLength(html);
}

/**
 * Adds "Try it" links to the docs' copy of the spec, in place: one at the top of the page, one per operation.
 * @param {any} spec
 * @param {{ operation: { operationId: string, description?: string } }[]} entries
 */
export function addTryItLinks(spec, entries) {
  const top = `**[Try it](${CONSOLE_FILE})**: send requests to the mock or to Stytch's test environment from this browser, through a local gateway that keeps the credentials.`;
  spec.info.description = `${top}\n\n${spec.info.description ?? ""}`;
  for (const { operation } of entries) {
    operation.description = `${operation.description ?? ""}\n\n**[Try it](${CONSOLE_FILE}#${operation.operationId})** in the console.`;
  }
}
