/// <reference lib="dom" />
// The console's behaviour in the browser. The build inlines snippets.mjs and this file into one module script of
// console.html (import lines dropped), with the contract's data embedded as JSON in #console-contract.
import { curlSnippet, fieldType, inputsFromBody, requestBody, typescriptSnippet } from "./snippets.mjs";

/**
 * @typedef {import("./snippets.mjs").ConsoleField} ConsoleField
 * @typedef {{ name: string, summary: string, value: unknown }} RequestExample
 * @typedef {{ name: string, status: number, summary: string, errorType: string | undefined }} ResponseExample
 * @typedef {{ operationId: string, method: string, path: string, summary: string, description: string,
 *   docsRoute: string, fields: ConsoleField[], requestExamples: RequestExample[], examples: ResponseExample[] }} ConsoleOperation
 * @typedef {{ title: string, version: string, operations: ConsoleOperation[] }} ConsoleContract
 */

const DEFAULT_GATEWAY = "http://127.0.0.1:8787";
const STORAGE_KEY = "sms-otp-console.gateway-url";
const HEALTH_TIMEOUT_MS = 3000;
const SEND_TIMEOUT_MS = 20_000;

/** @type {ConsoleContract} */
const contract = JSON.parse(/** @type {HTMLElement} */ (document.getElementById("console-contract")).textContent ?? "{}");

/**
 * @param {string} tag
 * @param {Record<string, string | boolean>} [attributes]
 * @param {(Node | string)[]} [children]
 */
function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

/**
 * Descriptions are Markdown; this renders the parts they use (code, emphasis, links) and escapes the rest.
 * @param {string} markdown
 */
function renderMarkdown(markdown) {
  const container = element("div", { class: "markdown" });
  for (const paragraph of markdown.split(/\n{2,}/)) {
    const escaped = paragraph
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      .replaceAll('"', "&quot;");
    const html = escaped
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/\[([^\]]+)\]\((https:\/\/[^)\s]+)\)/g, '<a href="$2" rel="noreferrer">$1</a>')
      .replace(/^#{1,6} (.*)$/gm, "<strong>$1</strong>");
    const block = element("p");
    block.innerHTML = html;
    container.append(block);
  }
  return container;
}

// ---- gateway ----------------------------------------------------------------------------------------------------

const gatewayInput = /** @type {HTMLInputElement} */ (document.getElementById("gateway-url"));
const gatewayStatus = /** @type {HTMLElement} */ (document.getElementById("gateway-status"));
const gatewayCheck = /** @type {HTMLButtonElement} */ (document.getElementById("gateway-check"));
/** @type {Set<HTMLButtonElement>} */
const sendButtons = new Set();
/** @type {Set<() => void>} */
const snippetRefreshers = new Set();
let gatewayReady = false;
let healthCheck = 0;

function gatewayUrl() {
  return gatewayInput.value.trim().replace(/\/+$/, "");
}

/** @param {boolean} ready @param {string} message */
function setGatewayState(ready, message) {
  gatewayReady = ready;
  gatewayStatus.textContent = message;
  gatewayStatus.dataset["state"] = ready ? "ready" : "missing";
  for (const button of sendButtons) button.disabled = !ready;
}

async function checkGateway() {
  const check = ++healthCheck;
  const base = gatewayUrl();
  const howToStart = "Start one with ./scripts/start (mock, docs and gateway) or pnpm gateway, then press Check.";
  let url;
  try {
    url = new URL(`${base}/health`);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
  } catch {
    setGatewayState(false, `"${base}" is not a gateway URL such as ${DEFAULT_GATEWAY}. ${howToStart}`);
    return;
  }
  setGatewayState(false, `Checking ${base} ...`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS), cache: "no-store" });
    const health = await response.json();
    if (check !== healthCheck) return;
    if (!response.ok || health.status !== "ok") throw new Error(`HTTP ${response.status}`);
    setGatewayState(true, `Connected: the gateway at ${base} forwards to ${health.upstream} and adds the credentials there.`);
  } catch {
    if (check !== healthCheck) return;
    setGatewayState(false, `No gateway answers at ${base}. Sending stays off until one does. ${howToStart}`);
  }
}

gatewayInput.value = localStorage.getItem(STORAGE_KEY) ?? DEFAULT_GATEWAY;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let gatewayTyping;
gatewayInput.addEventListener("input", () => {
  localStorage.setItem(STORAGE_KEY, gatewayInput.value.trim());
  for (const refresh of snippetRefreshers) refresh();
  setGatewayState(false, "Waiting for you to finish typing the gateway URL ...");
  clearTimeout(gatewayTyping);
  gatewayTyping = setTimeout(checkGateway, 400);
});
gatewayCheck.addEventListener("click", () => void checkGateway());

// ---- one section per operation ----------------------------------------------------------------------------------

/** @param {ConsoleOperation} operation @param {ConsoleField} field */
function fieldInput(operation, field) {
  const id = `${operation.operationId}--${field.path}`;
  const { schema } = field;
  const type = fieldType(schema);
  const describedBy = `${id}--description`;
  /** @type {Record<string, string | boolean>} */
  const common = { id, name: field.path, "aria-describedby": describedBy, required: field.required };
  /** @type {HTMLInputElement | HTMLSelectElement} */
  let input;
  if (Array.isArray(schema.enum) || type === "boolean") {
    const choices = Array.isArray(schema.enum) ? schema.enum.map(String) : ["true", "false"];
    const unset = schema.default === undefined ? "(not set)" : `(not set: ${String(schema.default)})`;
    input = /** @type {HTMLSelectElement} */ (
      element("select", common, [element("option", { value: "" }, [unset]), ...choices.map((choice) => element("option", { value: choice }, [choice]))])
    );
  } else if (type === "integer" || type === "number") {
    input = /** @type {HTMLInputElement} */ (
      element("input", {
        ...common,
        type: "number",
        inputmode: type === "integer" ? "numeric" : "decimal",
        step: type === "integer" ? "1" : "any",
        ...(schema.minimum === undefined ? {} : { min: String(schema.minimum) }),
        ...(schema.maximum === undefined ? {} : { max: String(schema.maximum) }),
        placeholder: schema.default === undefined ? "" : `default ${String(schema.default)}`,
      })
    );
  } else {
    const example = Array.isArray(schema.examples) ? schema.examples[0] : type === "object" ? {} : type === "array" ? [] : undefined;
    input = /** @type {HTMLInputElement} */ (
      element("input", {
        ...common,
        type: "text",
        autocomplete: "off",
        spellcheck: "false",
        ...(schema.pattern === undefined ? {} : { pattern: schema.pattern }),
        ...(schema.maxLength === undefined ? {} : { maxlength: String(schema.maxLength) }),
        placeholder: example === undefined ? "" : `e.g. ${typeof example === "string" ? example : JSON.stringify(example)}`,
      })
    );
  }
  const constraints = [
    type === "string" && schema.pattern ? `pattern ${schema.pattern}` : "",
    schema.minimum !== undefined || schema.maximum !== undefined ? `${schema.minimum ?? "…"} to ${schema.maximum ?? "…"}` : "",
    schema.default !== undefined ? `default ${String(schema.default)}` : "",
  ].filter(Boolean);
  const label = element("label", { for: id }, [
    element("code", {}, [field.path]),
    " ",
    element("span", { class: "type" }, [Array.isArray(schema.enum) ? "enum" : type === "object" || type === "array" ? `${type} (JSON)` : type]),
    ...(field.required ? [" ", element("span", { class: "required" }, ["required"])] : []),
  ]);
  const description = element("div", { id: describedBy, class: "description" }, [
    renderMarkdown(field.description),
    ...(constraints.length > 0 ? [element("p", { class: "constraints" }, [constraints.join(" · ")])] : []),
  ]);
  return { input, row: element("div", { class: "field" }, [label, input, description]) };
}

/** @param {ConsoleOperation} operation @param {number} status @param {any} body */
function documentedExample(operation, status, body) {
  const errorType = typeof body?.error_type === "string" ? body.error_type : undefined;
  if (errorType === undefined) return undefined;
  const sameType = operation.examples.filter((example) => example.errorType === errorType);
  return sameType.find((example) => example.status === status) ?? sameType[0];
}

/** @param {ConsoleOperation} operation */
function operationSection(operation) {
  const id = operation.operationId;
  /** @type {Map<string, HTMLInputElement | HTMLSelectElement>} */
  const inputs = new Map();
  const fieldRows = operation.fields.map((field) => {
    const { input, row } = fieldInput(operation, field);
    inputs.set(field.path, input);
    return row;
  });
  const values = () => Object.fromEntries([...inputs].map(([path, input]) => [path, input.value]));
  const body = () => requestBody(operation.fields, values());

  const send = /** @type {HTMLButtonElement} */ (element("button", { type: "submit", class: "send", disabled: !gatewayReady }, ["Send"]));
  sendButtons.add(send);
  const form = /** @type {HTMLFormElement} */ (
    // novalidate: a request the contract rejects is worth sending, to see Stytch's error for it.
    element("form", { novalidate: true, "aria-label": `${operation.summary}: request` }, [
      ...fieldRows,
      element("div", { class: "actions" }, [send, " ", element("button", { type: "reset" }, ["Clear"])]),
    ])
  );

  const curl = element("code", { "data-snippet": "curl" });
  const typescript = element("code", { "data-snippet": "typescript" });
  const refresh = () => {
    curl.textContent = curlSnippet(gatewayUrl() || DEFAULT_GATEWAY, operation, body());
    const missing = operation.fields.filter((field) => field.required && inputs.get(field.path)?.value === "").map((field) => field.path);
    typescript.textContent = typescriptSnippet(operation, body(), missing);
  };
  snippetRefreshers.add(refresh);
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  form.addEventListener("reset", () => setTimeout(refresh));

  const exampleButtons = operation.requestExamples.map((example) => {
    const button = element("button", { type: "button", title: example.summary }, [example.name]);
    button.addEventListener("click", () => {
      const filled = inputsFromBody(operation.fields, example.value);
      for (const [path, input] of inputs) input.value = filled[path] ?? "";
      refresh();
    });
    return button;
  });

  const answer = element("div", { class: "answer", "aria-live": "polite", "data-testid": "answer" }, [
    element("p", { class: "hint" }, ["The answer appears here."]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!gatewayReady) return;
    const sent = body();
    answer.replaceChildren(element("p", {}, ["Sending ..."]));
    const started = performance.now();
    try {
      const response = await fetch(`${gatewayUrl()}${operation.path}`, {
        method: operation.method.toUpperCase(),
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(sent),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      const text = await response.text();
      const milliseconds = Math.round(performance.now() - started);
      /** @type {any} */
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const example = response.ok ? undefined : documentedExample(operation, response.status, parsed);
      answer.replaceChildren(
        element("dl", {}, [
          element("dt", {}, ["Status"]),
          element("dd", { "data-testid": "status", class: response.ok ? "ok" : "error" }, [`${response.status} ${response.statusText}`.trim()]),
          element("dt", {}, ["Time"]),
          element("dd", {}, [`${milliseconds} ms`]),
          element("dt", {}, ["request_id"]),
          element("dd", { "data-testid": "request-id" }, [element("code", {}, [String(parsed?.request_id ?? "none")])]),
          ...(response.ok
            ? []
            : [
                element("dt", {}, ["Documented error"]),
                element("dd", { "data-testid": "documented-example" }, [
                  example
                    ? `${example.name} (${example.status}): ${example.summary}`
                    : `not one of this operation's documented examples (error_type ${String(parsed?.error_type ?? "missing")})`,
                ]),
              ]),
        ]),
        element("pre", { tabindex: "0", "aria-label": "Response body" }, [
          element("code", { "data-testid": "response-body" }, [parsed === undefined ? text : JSON.stringify(parsed, null, 2)]),
        ]),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      answer.replaceChildren(
        element("p", { class: "error", "data-testid": "status" }, [`No answer from the gateway at ${gatewayUrl()}: ${reason}`]),
      );
      void checkGateway();
    }
  });

  refresh();
  return element("section", { id, class: "operation", "aria-labelledby": `${id}--title` }, [
    element("h2", { id: `${id}--title` }, [operation.summary]),
    element("p", { class: "endpoint" }, [
      element("span", { class: "method" }, [operation.method.toUpperCase()]),
      " ",
      element("code", {}, [operation.path]),
      " · ",
      element("a", { href: `index.html${operation.docsRoute}` }, ["In the API reference"]),
    ]),
    element("details", {}, [element("summary", {}, ["Description"]), renderMarkdown(operation.description)]),
    element("div", { class: "examples", role: "group", "aria-label": "Fill the form with a request example" }, [
      element("span", {}, ["Fill with an example: "]),
      ...exampleButtons.flatMap((button) => [button, " "]),
    ]),
    element("div", { class: "columns" }, [
      element("div", {}, [form, element("h3", {}, ["Answer"]), answer]),
      element("div", { class: "snippets" }, [
        element("h3", {}, ["curl"]),
        element("pre", { tabindex: "0", "aria-label": "curl command" }, [curl]),
        element("h3", {}, ["TypeScript (", element("code", {}, ["@sms-otp/client"]), ")"]),
        element("pre", { tabindex: "0", "aria-label": "TypeScript code" }, [typescript]),
      ]),
    ]),
  ]);
}

const main = /** @type {HTMLElement} */ (document.getElementById("operations"));
const nav = /** @type {HTMLElement} */ (document.getElementById("operation-links"));
for (const operation of contract.operations) {
  main.append(operationSection(operation));
  nav.append(
    element("li", {}, [element("a", { href: `#${operation.operationId}` }, [`${operation.method.toUpperCase()} ${operation.path}`])]),
  );
}
void checkGateway();
