/// <reference lib="dom" />
// The console's behaviour in the browser. The build inlines snippets.mjs and this file into one module script of
// console.html (import lines dropped), with the contract's data embedded as JSON in #console-contract.
import { curlSnippet, DEFAULT_UPSTREAM, environmentSnippet, fieldType, inputsFromBody, requestBody, typescriptSnippet } from "./snippets.mjs";

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
// Where the connected gateway forwards (its /health says): the snippets send there.
let upstream = DEFAULT_UPSTREAM;

/**
 * The gateway this page was started with: a `?gateway=` link (pnpm gateway prints one), else the one the docs
 * server names in the page (./scripts/start passes GATEWAY_PORT to it), else the gateway's default port.
 */
function startedWithGateway() {
  const fromLink = new URLSearchParams(location.search).get("gateway");
  const fromServer = document.querySelector('meta[name="sms-otp-gateway"]')?.getAttribute("content");
  return (fromLink || fromServer || DEFAULT_GATEWAY).trim().replace(/\/+$/, "");
}
const startedWith = startedWithGateway();

function gatewayUrl() {
  return gatewayInput.value.trim().replace(/\/+$/, "");
}

/** @param {boolean} ready @param {string} message @param {(Node | string)[]} [extra] */
function setGatewayState(ready, message, extra = []) {
  gatewayReady = ready;
  gatewayStatus.replaceChildren(message, ...extra);
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
    upstream = typeof health.upstream === "string" ? health.upstream : DEFAULT_UPSTREAM;
    for (const refresh of snippetRefreshers) refresh();
    setGatewayState(true, `Connected: the gateway at ${base} forwards to ${upstream} and adds the credentials there.`);
    watchInbox(base, health.mock_messages === true);
  } catch {
    if (check !== healthCheck) return;
    watchInbox(base, false);
    // A URL saved in this browser wins over the one the page was started with; offer the latter when it differs.
    const useStarted = element("button", { type: "button" }, [`Use ${startedWith}`]);
    useStarted.addEventListener("click", () => {
      localStorage.removeItem(STORAGE_KEY);
      gatewayInput.value = startedWith;
      for (const refresh of snippetRefreshers) refresh();
      void checkGateway();
    });
    const offer = base === startedWith ? [] : [` This page was started with the gateway at ${startedWith}. `, useStarted];
    setGatewayState(false, `No gateway answers at ${base}. Sending stays off until one does. ${howToStart}`, offer);
  }
}

gatewayInput.value = localStorage.getItem(STORAGE_KEY) ?? startedWith;
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

// ---- the SMS inbox: the mock's outbox, through the gateway -----------------------------------------------------

const MESSAGES_PATH = "/__mock/v1/messages";
// How long one request waits for a new text (the mock's long poll); the gateway and the mock allow up to 30 s.
const INBOX_WAIT_MS = 20_000;
const INBOX_RETRY_MS = 5_000;
const inbox = /** @type {HTMLElement} */ (document.getElementById("inbox"));
const inboxState = /** @type {HTMLElement} */ (document.getElementById("inbox-state"));
const inboxList = /** @type {HTMLElement} */ (document.getElementById("inbox-messages"));
let inboxRun = 0;
/** @type {(() => void) | undefined} asks the running watch to list the texts again now (after an authenticate) */
let refreshInbox;

/**
 * @typedef {{ id: string, cursor: string, to?: string, body?: string, code?: string, method_id?: string,
 *   user_id?: string, member_id?: string, organization_id?: string, status?: string, created_at?: string,
 *   expires_at?: string }} InboxMessage
 */

/** @param {number} ms @param {number} run */
const pause = (ms, run) => new Promise((resolve) => setTimeout(resolve, run === inboxRun ? ms : 0));

/**
 * Shows the gateway's texts while `enabled` (its /health says it forwards the mock's messages): lists the newest,
 * then waits for the next one with a long poll, and lists again.
 * @param {string} base
 * @param {boolean} enabled
 */
function watchInbox(base, enabled) {
  const run = ++inboxRun;
  refreshInbox = undefined;
  inbox.dataset["state"] = enabled ? "mock" : "none";
  if (!enabled) {
    inboxList.replaceChildren();
    inboxState.textContent = gatewayReady
      ? `The gateway forwards to ${upstream}, not to a mock on this machine: texts go to real phones, and there is no inbox to show.`
      : "No gateway answers: the inbox shows texts once one that forwards to the mock does.";
    return;
  }
  void (async () => {
    /** @type {(() => void) | undefined} */
    let wake;
    refreshInbox = () => wake?.();
    while (run === inboxRun) {
      try {
        const list = await fetchMessages(base, "");
        if (run !== inboxRun) return;
        showMessages(list.messages);
        inboxState.textContent = list.messages.length === 0 ? "No texts yet: send a passcode above." : `Listening for new texts from ${upstream}.`;
        // The next text, or a refresh asked by the page (a code was just used), whichever comes first.
        const controller = new AbortController();
        wake = () => controller.abort();
        await fetchMessages(base, `?after=${encodeURIComponent(list.next_cursor)}&wait_ms=${INBOX_WAIT_MS}`, controller.signal).catch((error) => {
          if (!controller.signal.aborted) throw error;
        });
      } catch (error) {
        if (run !== inboxRun) return;
        inboxState.textContent = `The inbox cannot be read: ${error instanceof Error ? error.message : String(error)}. Trying again.`;
        await pause(INBOX_RETRY_MS, run);
      }
    }
  })();
}

/** @param {string} base @param {string} query @param {AbortSignal} [signal] @returns {Promise<{ messages: InboxMessage[], next_cursor: string }>} */
async function fetchMessages(base, query, signal) {
  const timeout = AbortSignal.timeout(INBOX_WAIT_MS + 10_000);
  // Low priority: a request that waits for the next text must not compete with the page's own.
  const response = await fetch(`${base}${MESSAGES_PATH}${query}`, {
    cache: "no-store",
    priority: "low",
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${response.status} ${String(body?.error_type ?? "")}`.trim());
  return body;
}

/** @param {InboxMessage[]} messages oldest first */
function showMessages(messages) {
  inboxList.replaceChildren(
    ...[...messages].reverse().map((message) => {
      const useCode = element("button", { type: "button" }, ["Use this code"]);
      useCode.addEventListener("click", () => useInboxCode(message));
      const when = message.created_at ? new Date(message.created_at).toLocaleTimeString() : "";
      return element("li", { "data-testid": "inbox-message", "data-status": message.status ?? "" }, [
        element("p", { class: "meta" }, [`To ${message.to ?? message.member_id ?? "?"} · ${when} · ${message.status ?? ""}`]),
        element("p", { class: "text" }, [message.body ?? ""]),
        element("p", {}, ["Code ", element("code", { class: "code", "data-testid": "inbox-code" }, [message.code ?? ""]), " ", useCode]),
      ]);
    }),
  );
}

/** Fills the authenticate form this text is for: its code and the ids it names. @param {InboxMessage} message */
function useInboxCode(message) {
  const b2b = message.member_id !== undefined;
  const target = [...forms.values()].find(
    (form) => isB2B(form.operation.path) === b2b && form.operation.fields.some((field) => field.path === CODE_FIELD),
  );
  if (!target) return;
  /** @type {[string, string | undefined][]} */
  const values = [
    [CODE_FIELD, message.code],
    ["method_id", message.method_id],
    ["member_id", message.member_id],
    ["organization_id", message.organization_id],
  ];
  const filled = values.filter(([path, value]) => value !== undefined && target.inputs.has(path));
  for (const [path, value] of filled) /** @type {HTMLInputElement} */ (target.inputs.get(path)).value = /** @type {string} */ (value);
  const session = target.inputs.get(SESSION_FIELD);
  if (session && session.value === "") session.value = SESSION_MINUTES;
  target.refresh();
  target.note.textContent = `Filled ${filled.map(([path, value]) => `${path} ${value}`).join(", ")} from the text to ${message.to ?? message.member_id}. Press Send.`;
  target.section().scrollIntoView({ block: "start" });
  /** @type {HTMLButtonElement | null} */ (target.section().querySelector("button.send"))?.focus({ preventScroll: true });
}

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

// ---- the flow: a send's answer leads to its authenticate form ----------------------------------------------------

/**
 * @typedef {{ operation: ConsoleOperation, inputs: Map<string, HTMLInputElement | HTMLSelectElement>,
 *   refresh: () => void, note: HTMLElement, section: () => HTMLElement }} OperationForm
 */
/** @type {Map<string, OperationForm>} the form of each operation, by operationId */
const forms = new Map();

const isB2B = (/** @type {string} */ path) => path.split("/").includes("b2b");
const CODE_FIELD = "code";
// A send's answer names the phone `phone_id`; authenticate asks for it as `method_id`.
/** @type {Record<string, string[]>} */
const ANSWER_NAMES = { method_id: ["phone_id", "method_id"] };
// Without it, authenticate creates no session; with it, the answer shows one (as the reader came to see).
const SESSION_FIELD = "session_duration_minutes";
const SESSION_MINUTES = "60";

/**
 * The operation that checks the code an operation texts: for an OTP operation without a `code` field (a send, a
 * log-in-or-create), the one of the same kind of project with one.
 * @param {ConsoleOperation} operation
 */
function authenticateAfter(operation) {
  if (!operation.path.includes("/otps/") || operation.fields.some((field) => field.path === CODE_FIELD)) return undefined;
  return contract.operations.find(
    (other) => isB2B(other.path) === isB2B(operation.path) && other.fields.some((field) => field.path === CODE_FIELD),
  );
}

/** The first string under one of `names` in `value`, shallowest first. @param {unknown} value @param {string[]} names */
function findString(value, names) {
  /** @type {unknown[]} */
  const queue = [value];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (typeof node !== "object" || node === null) continue;
    const record = /** @type {Record<string, unknown>} */ (node);
    for (const name of names) if (typeof record[name] === "string" && record[name] !== "") return /** @type {string} */ (record[name]);
    queue.push(...Object.values(record));
  }
  return undefined;
}

/**
 * What a send's 2xx answer gives the authenticate form: its required ids (`method_id` from `phone_id`; B2B the
 * member and organization ids), from the answer, else from the request.
 * @param {ConsoleOperation} next
 * @param {unknown} answer
 * @param {unknown} sent
 */
function carriedValues(next, answer, sent) {
  /** @type {[string, string][]} */
  const carried = [];
  for (const field of next.fields.filter((candidate) => candidate.required && candidate.path !== CODE_FIELD)) {
    const names = ANSWER_NAMES[field.path] ?? [field.path];
    const value = findString(answer, names) ?? findString(sent, [field.path]);
    if (value !== undefined) carried.push([field.path, value]);
  }
  return carried;
}

/**
 * The "next step" block under a send's answer: one button that fills the authenticate form with the ids and takes
 * the reader there, and what to do then.
 * @param {ConsoleOperation} operation
 * @param {unknown} answer
 * @param {Record<string, unknown>} sent
 */
function nextStep(operation, answer, sent) {
  const next = authenticateAfter(operation);
  const target = next && forms.get(next.operationId);
  if (!next || !target) return [];
  const carried = carriedValues(next, answer, sent);
  if (carried.length === 0) return [];
  const phone = typeof sent["phone_number"] === "string" ? sent["phone_number"] : undefined;
  // A send example and an authenticate example of the same name (Stytch's sandbox) tell the code that always works.
  const sentExample = operation.requestExamples.find((example) =>
    Object.entries(/** @type {Record<string, unknown>} */ (example.value)).every(([key, value]) => sent[key] === value),
  );
  const sandboxCode = findString(next.requestExamples.find((example) => example.name === sentExample?.name)?.value, [CODE_FIELD]);
  const names = carried.map(([path]) => path).join(" and ");
  const button = element("button", { type: "button", "data-testid": "use-in-authenticate" }, [`Authenticate with this ${names}`]);
  button.addEventListener("click", () => {
    for (const [path, value] of carried) {
      const input = target.inputs.get(path);
      if (input) input.value = value;
    }
    const code = target.inputs.get(CODE_FIELD);
    if (code) code.value = "";
    const session = target.inputs.get(SESSION_FIELD);
    if (session && session.value === "") session.value = SESSION_MINUTES;
    target.refresh();
    target.note.textContent =
      `Filled ${carried.map(([path, value]) => `${path} ${value}`).join(", ")} from the send's answer` +
      `${session?.value === SESSION_MINUTES ? ` and ${SESSION_FIELD} ${SESSION_MINUTES} (a session)` : ""}. ` +
      `Now type the ${CODE_FIELD} that was texted${sandboxCode ? ` (${sandboxCode} for this sandbox number)` : ""} and press Send.`;
    target.section().scrollIntoView({ block: "start" });
    code?.focus({ preventScroll: true });
  });
  const where = sandboxCode
    ? `${phone ?? "This"} is Stytch's sandbox number: no text is sent, and its code is always ${sandboxCode}.`
    : "Read the code on the phone, or in the SMS inbox when the gateway forwards to the mock.";
  return [
    element("div", { class: "next", "data-testid": "next-step" }, [
      element("p", {}, [element("strong", {}, ["Next: "]), `authenticate the code with “${next.summary}”. ${where}`]),
      button,
    ]),
  ];
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

  const environment = element("code", { "data-snippet": "environment" });
  const curl = element("code", { "data-snippet": "curl" });
  const typescript = element("code", { "data-snippet": "typescript" });
  const refresh = () => {
    environment.textContent = environmentSnippet(upstream);
    curl.textContent = curlSnippet(upstream, operation, body());
    const missing = operation.fields.filter((field) => field.required && inputs.get(field.path)?.value === "").map((field) => field.path);
    typescript.textContent = typescriptSnippet(operation, body(), missing);
  };
  snippetRefreshers.add(refresh);
  const note = element("p", { class: "note", "aria-live": "polite", "data-testid": "form-note" });
  forms.set(id, { operation, inputs, refresh, note, section: () => /** @type {HTMLElement} */ (document.getElementById(id)) });
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
      // A send adds a text and an authenticate uses one: the inbox shows the change.
      refreshInbox?.();
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
        ...(response.ok ? nextStep(operation, parsed, sent) : []),
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
      element("div", {}, [note, form, element("h3", {}, ["Answer"]), answer]),
      element("div", { class: "snippets" }, [
        element("h3", {}, ["Environment"]),
        element("p", { class: "hint" }, ["Both snippets send where the gateway sent this request, read from the environment:"]),
        element("pre", { tabindex: "0", "aria-label": "Environment for the snippets" }, [environment]),
        element("h3", {}, ["curl"]),
        element("pre", { tabindex: "0", "aria-label": "curl command" }, [curl]),
        element("h3", {}, ["TypeScript (", element("code", {}, ["@sms-otp/client"]), ")"]),
        element("pre", { tabindex: "0", "aria-label": "TypeScript code" }, [typescript]),
      ]),
    ]),
  ]);
}

const main = /** @type {HTMLElement} */ (document.getElementById("operations"));
for (const operation of contract.operations) main.append(operationSection(operation));
void checkGateway();
