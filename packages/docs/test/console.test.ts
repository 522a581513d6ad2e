// The "Try it" console in Debian's Chromium, as a reader uses it: served by the docs server, sending through a real
// gateway (@sms-otp/gateway) to the real mock (Prism), all on 127.0.0.1. Expectations come from the contract, so a
// new operation or field is checked without edits here.
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startGateway, type GatewayServer } from "@sms-otp/gateway";
import { startMock, type MockServer } from "@sms-otp/mock";
import { loadContract, type Operation } from "@sms-otp/spec/contract";
import ts from "typescript";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationRoute } from "../scripts/content.mjs";
import { createDocsServer } from "../scripts/serve.mjs";
import { AXE_WIDTHS, axeViolations, blockExternalRequests, CHROMIUM, CHROMIUM_ARGS, watchPage } from "./browser.js";

const execFileAsync = promisify(execFile);
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const contract = loadContract();
const PROJECT_ID = "project-test-99999999-8888-4777-8666-555555555555";
// Finding this anywhere the browser can read means the gateway leaked it.
const SECRET = "secret-test-CONSOLE-CANARY-k2Jd8sQ0pXv7";
const BASIC_TOKEN = Buffer.from(`${PROJECT_ID}:${SECRET}`).toString("base64");

// Served under a sub-path, as GitHub Pages serves the published docs: every link must stay under it.
const SUB_PATH = "/sms-otp/";
// The console it serves calls this test's gateway, as ./scripts/start's docs server names the gateway it started.
const server = createDocsServer(DIST, { basePath: SUB_PATH, gatewayUrl: () => gateway.url });
let mock: MockServer;
let gateway: GatewayServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let docsOrigin: string;
let docsUrl: string;
let blocked: string[] = [];
const gatewayLog: string[] = [];
const received: Promise<string>[] = [];
let consoleErrors: string[] = [];

const section = (operation: Operation) => page.locator(`section#${operation.operationId}`);
const fieldInput = (operation: Operation, path: string) => section(operation).locator(`[id="${operation.operationId}--${path}"]`);
const snippet = (operation: Operation, kind: "curl" | "typescript" | "environment") => section(operation).locator(`[data-snippet="${kind}"]`);

async function openConsole() {
  await page.goto(`${docsUrl}/console.html`);
  await page.getByLabel("Gateway URL").fill(gateway.url);
  await expect.poll(() => page.getByRole("status").innerText()).toMatch(/^Connected/);
}

async function send(operation: Operation): Promise<Locator> {
  await section(operation).getByRole("button", { name: "Send" }).click();
  const answer = section(operation).getByTestId("answer");
  await answer.getByTestId("status").waitFor();
  return answer;
}

beforeAll(async () => {
  mock = await startMock();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  docsOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  docsUrl = `${docsOrigin}${SUB_PATH.slice(0, -1)}`;
  gateway = await startGateway({
    upstream: mock.url,
    projectId: PROJECT_ID,
    secret: SECRET,
    allowedOrigins: [docsOrigin],
    sendsPerMinute: 100,
    log: (line) => gatewayLog.push(line),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: "block" });
  blocked = await blockExternalRequests(context);
  // Everything the browser receives (status, headers, body), to search for the secret at the end.
  context.on("response", (response) => {
    received.push(
      response.text().then(
        (body) => `${response.status()} ${JSON.stringify(response.headers())}\n${body}`,
        () => `${response.status()} ${JSON.stringify(response.headers())}`,
      ),
    );
  });
  page = await context.newPage();
  consoleErrors = watchPage(page);
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await mock?.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the console page", () => {
  // Two page loads per operation, each rendering the reference (seconds on a busy 2-core machine).
  it("is linked from the top of the docs and from each operation", async () => {
    await page.goto(`${docsUrl}/`);
    const top = page.getByRole("link", { name: "Try it", exact: true }).first();
    await top.waitFor();
    expect(await top.getAttribute("href")).toBe("console.html");
    await top.click();
    await page.waitForURL(`${docsUrl}/console.html`);
    await page.getByRole("heading", { level: 1 }).filter({ hasText: contract.info.title }).waitFor();
    for (const operation of contract.operations) {
      // Redoc renders one operation at a time; its hash route opens the one asked for.
      await page.goto(`${docsUrl}/${operationRoute(operation)}`);
      const link = page.getByRole("link", { name: "Try it", exact: true }).and(page.locator(`[href="console.html#${operation.operationId}"]`));
      await link.click();
      await page.waitForURL(`${docsUrl}/console.html#${operation.operationId}`);
      await section(operation).getByRole("heading", { name: operation.summary }).waitFor();
      // And back: each operation of the console links to its section of the reference.
      await section(operation).getByRole("link", { name: "In the API reference" }).click();
      await page.waitForURL(`${docsUrl}/index.html${operationRoute(operation)}`);
      await page.getByRole("heading").filter({ hasText: operation.summary }).filter({ visible: true }).first().waitFor();
    }
  }, 20_000 * contract.operations.length);

  it("keeps Send disabled, saying how to start a gateway, until the gateway answers; remembers its URL", async () => {
    const closed = `http://127.0.0.1:${await unusedPort()}`;
    await page.goto(`${docsUrl}/console.html`);
    await page.getByLabel("Gateway URL").fill(closed);
    const status = page.getByRole("status");
    await expect.poll(() => status.innerText()).toMatch(/^No gateway answers/);
    expect(await status.innerText()).toContain("./scripts/start");
    expect(await status.innerText()).toContain("pnpm gateway");
    const sendButtons = page.getByRole("button", { name: "Send" });
    expect(await sendButtons.count()).toBe(contract.operations.length);
    for (const button of await sendButtons.all()) expect(await button.isDisabled()).toBe(true);

    await page.getByLabel("Gateway URL").fill(gateway.url);
    await expect.poll(() => status.innerText()).toMatch(/^Connected/);
    for (const button of await sendButtons.all()) expect(await button.isDisabled()).toBe(false);
    await page.reload();
    expect(await page.getByLabel("Gateway URL").inputValue()).toBe(gateway.url);
    await expect.poll(() => status.innerText()).toMatch(/^Connected/);
  });

  it("has no input for credentials", async () => {
    await openConsole();
    expect(await page.locator("input[type=password]").count()).toBe(0);
    const labels = (await page.locator("label").allInnerTexts()).join("\n");
    expect(labels).not.toMatch(/secret|project.?id|password|api key/i);
  });
});

describe.each(contract.operations.map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation] as const))(
  "%s in the console",
  (_name, operation) => {
    it("has one labelled input per request field, typed by its schema, with required marks and descriptions", async () => {
      await openConsole();
      expect(await section(operation).locator("form input, form select").count()).toBe(operation.requestFields.length);
      for (const field of operation.requestFields) {
        const input = fieldInput(operation, field.path);
        const schema = field.schema as Record<string, any>;
        expect(await input.getAttribute("name"), field.path).toBe(field.path);
        const label = section(operation).locator(`label[for="${operation.operationId}--${field.path}"]`);
        expect(await label.innerText(), field.path).toContain(field.path);
        expect(await label.locator(".required").count(), `${field.path} required mark`).toBe(field.required ? 1 : 0);
        if (field.required) expect(await label.locator(".required").innerText()).toBe("required");
        expect(await input.getAttribute("aria-describedby")).toBeTruthy();
        if (Array.isArray(schema["enum"])) {
          expect(await input.evaluate((node) => node.tagName)).toBe("SELECT");
          const options = await input.locator("option").evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value));
          expect(options).toEqual(["", ...schema["enum"]]);
        } else if (schema["type"] === "integer" || schema["type"] === "number") {
          expect(await input.getAttribute("type")).toBe("number");
          if (schema["minimum"] !== undefined) expect(await input.getAttribute("min")).toBe(String(schema["minimum"]));
          if (schema["maximum"] !== undefined) expect(await input.getAttribute("max")).toBe(String(schema["maximum"]));
        } else if (typeof schema["pattern"] === "string") {
          expect(await input.getAttribute("pattern")).toBe(schema["pattern"]);
        }
        const firstSentence = field.description.replace(/`/g, "").split(". ")[0] ?? "";
        const describedBy = await input.getAttribute("aria-describedby");
        expect(await page.locator(`[id="${describedBy}"]`).innerText()).toContain(firstSentence);
      }
    });

    it("fills the form from each request example in one click, and the snippets show that body", async () => {
      await openConsole();
      for (const example of operation.requestExamples) {
        await section(operation).getByRole("button", { name: example.name, exact: true }).click();
        const typescript = await snippet(operation, "typescript").innerText();
        const curl = await snippet(operation, "curl").innerText();
        for (const [key, value] of Object.entries(example.value as Record<string, unknown>)) {
          if (typeof value === "string") {
            expect(typescript).toContain(`${key}: ${JSON.stringify(value)}`);
            expect(curl).toContain(`"${key}": ${JSON.stringify(value)}`);
          }
        }
        // Both snippets send where the gateway does, read from the environment the console shows.
        expect(curl).toContain(`"\${STYTCH_BASE_URL:-${mock.url}}${operation.path}"`);
        expect(typescript).toContain("baseUrl: process.env.STYTCH_BASE_URL");
        expect(await snippet(operation, "environment").innerText()).toContain(`export STYTCH_BASE_URL='${mock.url}'`);
      }
    });

    it("sends its first request example through the gateway to the mock and shows the 200 answer", async () => {
      await openConsole();
      const example = operation.requestExamples[0]!;
      await section(operation).getByRole("button", { name: example.name, exact: true }).click();
      const answer = await send(operation);
      expect(await answer.getByTestId("status").innerText()).toMatch(/^200\b/);
      const body = JSON.parse(await answer.getByTestId("response-body").innerText());
      expect(await answer.getByTestId("request-id").innerText()).toBe(body.request_id);
      expect(body.status_code).toBe(200);
    });

    it("shows an error the mock answers (chosen by its x-mock-trigger) with its status and documented example", async () => {
      const errorTypeOf = (value: unknown) => (value as { error_type?: string } | undefined)?.error_type;
      const example = operation.examples.find(
        (candidate) =>
          // Above 400, so the answer can only have come from the mock, not from the gateway's own validation.
          candidate.status > 400 &&
          candidate.trigger !== undefined &&
          operation.examples.filter((other) => errorTypeOf(other.value) === errorTypeOf(candidate.value)).length === 1,
      );
      if (!example) throw new Error(`${operation.operationId} has no error example with a trigger and its own error_type`);
      await openConsole();
      await section(operation).getByRole("button", { name: operation.requestExamples[0]!.name, exact: true }).click();
      for (const [path, value] of flatten(example.trigger)) {
        const input = fieldInput(operation, path);
        const text = typeof value === "string" ? value : JSON.stringify(value);
        if ((await input.evaluate((node) => node.tagName)) === "SELECT") await input.selectOption(text);
        else await input.fill(text);
      }
      const answer = await send(operation);
      expect(await answer.getByTestId("status").innerText()).toMatch(new RegExp(`^${example.status}\\b`));
      expect(JSON.parse(await answer.getByTestId("response-body").innerText()).error_type).toBe(errorTypeOf(example.value));
      expect(await answer.getByTestId("documented-example").innerText()).toContain(`${example.name} (${example.status})`);
    });
  },
);

/** A body's leaves as [dotted path, value] pairs, the way the console names its fields. */
function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => flatten(child, prefix === "" ? key : `${prefix}.${key}`));
}

describe("errors in the console", () => {
  const phoneSend = contract.operations.find((operation) => operation.requestFields.some((field) => field.path === "phone_number"))!;

  it("a bad phone number shows Stytch's invalid_phone_number and which documented example it is", async () => {
    await openConsole();
    await section(phoneSend).getByRole("button", { name: phoneSend.requestExamples[0]!.name, exact: true }).click();
    await fieldInput(phoneSend, "phone_number").fill("12345");
    const expected = contract.validateRequest(phoneSend.operationId, { ...(phoneSend.requestExamples[0]!.value as object), phone_number: "12345" });
    const answer = await send(phoneSend);
    expect(await answer.getByTestId("status").innerText()).toMatch(new RegExp(`^${expected?.status}\\b`));
    const body = JSON.parse(await answer.getByTestId("response-body").innerText());
    expect(body.error_type).toBe("invalid_phone_number");
    expect(await answer.getByTestId("documented-example").innerText()).toContain(expected?.example.name);
  });
});

describe("live snippets", () => {
  it("rewrite both the curl and the TypeScript snippet on every keystroke", async () => {
    await openConsole();
    const operation = contract.operations[0]!;
    const field = operation.requestFields.find((candidate) => candidate.required && !Array.isArray(candidate.schema["enum"]))!;
    const input = fieldInput(operation, field.path);
    await input.fill("");
    let previous = [await snippet(operation, "curl").innerText(), await snippet(operation, "typescript").innerText()];
    let typed = "";
    for (const key of "+1202") {
      await input.press(key === "+" ? "Shift+Equal" : key);
      typed += key;
      const now = [await snippet(operation, "curl").innerText(), await snippet(operation, "typescript").innerText()];
      expect(now[0], `curl after "${typed}"`).not.toBe(previous[0]);
      expect(now[1], `TypeScript after "${typed}"`).not.toBe(previous[1]);
      expect(now[0]).toContain(`"${field.path}": "${typed}"`);
      expect(now[1]).toContain(`${field.path}: "${typed}"`);
      previous = now;
    }
  });

  it("can be used from the keyboard alone: an example button, then Enter in a field sends", async () => {
    await openConsole();
    const operation = contract.operations[0]!;
    const example = section(operation).getByRole("button", { name: operation.requestExamples[0]!.name, exact: true });
    await example.focus();
    await page.keyboard.press("Enter");
    await fieldInput(operation, operation.requestFields[0]!.path).focus();
    await page.keyboard.press("Enter");
    const answer = section(operation).getByTestId("answer");
    await answer.getByTestId("status").waitFor();
    expect(await answer.getByTestId("status").innerText()).toMatch(/^200\b/);
  });

  it(`has no axe-core violations of any impact after a send, at ${AXE_WIDTHS.join(" and ")} px (screenshot: dist/console-screenshot.png)`, async () => {
    await openConsole();
    const operation = contract.operations[0]!;
    await section(operation).getByRole("button", { name: operation.requestExamples[0]!.name, exact: true }).click();
    await send(operation);
    await page.screenshot({ path: `${DIST}console-screenshot.png`, fullPage: true });
    try {
      for (const width of AXE_WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        expect(await axeViolations(page), `${width} px`).toEqual([]);
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});

describe("the gateway the page was started with", () => {
  it("is the docs server's (or a ?gateway= link's); a URL the reader saved wins, and the started one is offered", async () => {
    const fresh = await browser.newContext({ serviceWorkers: "block" });
    try {
      await blockExternalRequests(fresh);
      const reader = await fresh.newPage();
      const errors = watchPage(reader);
      const status = reader.getByRole("status");
      await reader.goto(`${docsUrl}/console.html`);
      expect(await reader.getByLabel("Gateway URL").inputValue()).toBe(gateway.url);
      await expect.poll(() => status.innerText()).toMatch(/^Connected/);

      const closed = `http://127.0.0.1:${await unusedPort()}`;
      await reader.goto(`${docsUrl}/console.html?gateway=${encodeURIComponent(closed)}`);
      expect(await reader.getByLabel("Gateway URL").inputValue()).toBe(closed);
      await expect.poll(() => status.innerText()).toMatch(/^No gateway answers/);

      // Typed by the reader: saved, and it wins over the gateway the page was started with...
      await reader.goto(`${docsUrl}/console.html`);
      await reader.getByLabel("Gateway URL").fill(closed);
      await reader.reload();
      expect(await reader.getByLabel("Gateway URL").inputValue()).toBe(closed);
      await expect.poll(() => status.innerText()).toMatch(/^No gateway answers/);
      // ...which the page offers in one click.
      await status.getByRole("button", { name: `Use ${gateway.url}` }).click();
      await expect.poll(() => status.innerText()).toMatch(/^Connected/);
      expect(await reader.evaluate(() => localStorage.length)).toBe(0);
      expect(errors.filter((text) => !text.includes("Failed to load resource"))).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it("is the one GATEWAY_PORT names when the docs server is started from the command line (./scripts/start)", async () => {
    const served = spawn(process.execPath, [fileURLToPath(new URL("../scripts/serve.mjs", import.meta.url))], {
      env: { ...process.env, DOCS_PORT: "0", GATEWAY_PORT: "5787" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        served.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const found = /Try-it console at (\S+)/.exec(out);
          if (found) resolve(found[1]!);
        });
        served.on("exit", (code) => reject(new Error(`serve.mjs exited (${code}): ${out}`)));
      });
      const html = await (await fetch(url)).text();
      expect(html).toContain('<meta name="sms-otp-gateway" content="http://127.0.0.1:5787">');
    } finally {
      served.kill();
    }
  });
});

describe("the flow: send, then authenticate", () => {
  const flows = contract.operations
    // The operations that text a code (send, log in or create), as the console finds them.
    .filter((operation) => operation.path.includes("/otps/") && !operation.requestFields.some((field) => field.path === "code"))
    .map((operation) => ({
      send: operation,
      authenticate: contract.operations.find(
        (other) => other.path.includes("/b2b/") === operation.path.includes("/b2b/") && other.requestFields.some((field) => field.path === "code"),
      )!,
    }));

  it.each(flows.map((flow) => [flow.send.operationId, flow] as const))(
    "%s: one click passes the answer's ids to the authenticate form and says what is next",
    async (_id, { send: sendOperation, authenticate }) => {
      await openConsole();
      await section(sendOperation).getByRole("button", { name: sendOperation.requestExamples[0]!.name, exact: true }).click();
      const answer = await send(sendOperation);
      expect(await answer.getByTestId("status").innerText()).toMatch(/^200\b/);
      const sent = JSON.parse(await answer.getByTestId("response-body").innerText());
      const next = answer.getByTestId("next-step");
      expect(await next.innerText()).toContain(`Next: authenticate the code with “${authenticate.summary}”`);
      await next.getByTestId("use-in-authenticate").click();
      const ids = authenticate.requestFields.filter((field) => field.required && field.path !== "code").map((field) => field.path);
      for (const path of ids) {
        const expected = path === "method_id" ? sent.phone_id : (sent[path] ?? sent.organization?.[path]);
        expect(expected, path).toEqual(expect.any(String));
        expect(await fieldInput(authenticate, path).inputValue(), path).toBe(expected);
      }
      expect(await fieldInput(authenticate, "code").evaluate((node) => node === document.activeElement)).toBe(true);
      expect(await section(authenticate).getByTestId("form-note").innerText()).toMatch(/Now type the code/);
    },
  );

  it("consumer: send to the sandbox number, one click, type its code: 200 with a session", async () => {
    const { send: sendOperation, authenticate } = flows.find((flow) => !flow.send.path.includes("/b2b/"))!;
    await openConsole();
    await section(sendOperation).getByRole("button", { name: "sandbox", exact: true }).click();
    const answer = await send(sendOperation);
    expect(await answer.getByTestId("next-step").innerText()).toMatch(/sandbox number.*always 000000/);
    await answer.getByTestId("use-in-authenticate").click();
    await page.keyboard.type("000000");
    await page.keyboard.press("Enter");
    const result = section(authenticate).getByTestId("answer");
    await result.getByTestId("status").waitFor();
    expect(await result.getByTestId("status").innerText()).toMatch(/^200\b/);
    const body = JSON.parse(await result.getByTestId("response-body").innerText());
    expect(body.session_token).toEqual(expect.any(String));
    expect(body.session).toMatchObject({ session_id: expect.any(String) });
  });

  it("the TypeScript and curl snippets, run with the environment the console shows, get the console's status", async () => {
    const operation = contract.operations[0]!;
    await openConsole();
    await section(operation).getByRole("button", { name: operation.requestExamples[0]!.name, exact: true }).click();
    const answer = await send(operation);
    const status = Number(/^\d+/.exec(await answer.getByTestId("status").innerText())![0]);
    const environment = await snippet(operation, "environment").innerText();
    // The snippet as a reader would save it, next to this package's @sms-otp/client, compiled to JavaScript.
    const file = fileURLToPath(new URL(`../.snippet-run-${process.pid}.mjs`, import.meta.url));
    const { outputText } = ts.transpileModule(await snippet(operation, "typescript").innerText(), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(file, outputText);
    try {
      // Asynchronously: the mock answering them runs in this process.
      const run = (command: string) => execFileAsync("bash", ["-c", `${environment}\n${command}`], { encoding: "utf8", timeout: 30_000 });
      const typescript = await run(`${JSON.stringify(process.execPath)} ${JSON.stringify(file)}`);
      expect(typescript.stderr).toBe("");
      expect(typescript.stdout.split(" ")[0], typescript.stdout).toBe(String(status));
      const curl = await run(`${(await snippet(operation, "curl").innerText()).trimEnd()} --silent`);
      expect(JSON.parse(curl.stdout).status_code, curl.stdout + curl.stderr).toBe(status);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe("the SMS inbox", () => {
  const b2bSend = contract.operations.find((operation) => operation.path.includes("/b2b/") && operation.requestFields.some((field) => field.path === "mfa_phone_number"))!;
  const b2bAuthenticate = contract.operations.find((operation) => operation.path.includes("/b2b/") && operation.requestFields.some((field) => field.path === "code"))!;

  it("shows, live, the text of a send made from the console; one click puts its code into the authenticate form", async () => {
    await openConsole();
    const inbox = page.locator("#inbox");
    await inbox.getByRole("heading", { name: "SMS inbox (mock)" }).waitFor();
    // A Member the mock does not know yet: its first send with a number creates it and texts a real code.
    const phone = "+12025550188";
    const memberId = `member-test-${randomUUID()}`;
    const organizationId = `organization-test-${randomUUID()}`;
    await fieldInput(b2bSend, "organization_id").fill(organizationId);
    await fieldInput(b2bSend, "member_id").fill(memberId);
    await fieldInput(b2bSend, "mfa_phone_number").fill(phone);
    const answer = await send(b2bSend);
    expect(await answer.getByTestId("status").innerText()).toMatch(/^200\b/);
    const text = inbox.getByTestId("inbox-message").filter({ hasText: phone }).first();
    await text.waitFor();
    const code = await text.getByTestId("inbox-code").innerText();
    expect(code).toMatch(/^\d{6}$/);
    expect(await text.innerText()).toContain(`Your verification code is ${code}`);
    expect(await text.getAttribute("data-status")).toBe("pending");

    await text.getByRole("button", { name: "Use this code" }).click();
    expect(await fieldInput(b2bAuthenticate, "code").inputValue()).toBe(code);
    expect(await fieldInput(b2bAuthenticate, "member_id").inputValue()).toBe(memberId);
    expect(await fieldInput(b2bAuthenticate, "organization_id").inputValue()).toBe(organizationId);
  });

  it("says there is none when the gateway's upstream is not a mock on this machine", async () => {
    const remote = await startGateway({
      upstream: "https://test.stytch.example",
      projectId: PROJECT_ID,
      secret: SECRET,
      allowedOrigins: [docsOrigin],
      sendsPerMinute: 1,
      log: () => {},
    });
    try {
      await page.goto(`${docsUrl}/console.html`);
      await page.getByLabel("Gateway URL").fill(remote.url);
      await expect.poll(() => page.getByRole("status").innerText()).toMatch(/^Connected/);
      expect(await page.locator("#inbox-state").innerText()).toMatch(/not to a mock on this machine/);
      expect(await page.getByTestId("inbox-message").count()).toBe(0);
    } finally {
      await remote.close();
    }
  });
});

describe("what the browser holds at the end", () => {
  it("nothing it received or stores contains the secret; no request left the machine; no console errors", async () => {
    const everything = [
      ...(await Promise.all(received)),
      await page.content(),
      await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie),
      JSON.stringify(await context.cookies()),
    ].join("\n");
    expect(received.length).toBeGreaterThan(10);
    for (const needle of [SECRET, BASIC_TOKEN]) expect(everything).not.toContain(needle);
    expect(gatewayLog.join("\n")).not.toContain(SECRET);
    expect(gatewayLog.some((line) => line.includes("POST "))).toBe(true);
    expect(blocked).toEqual([]);
    expect(consoleErrors.filter((text) => !text.includes("Failed to load resource"))).toEqual([]);
  });
});

async function unusedPort(): Promise<number> {
  const probe = createDocsServer(DIST);
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
