// Opens the built page in Debian's Chromium, served from 127.0.0.1, and checks it shows what the contract declares.
// Expectations are read from the bundled contract, so a new field, status or operation is checked without edits here.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExternalFetches, isLoopback } from "../scripts/external-urls.mjs";
import { createDocsServer } from "../scripts/serve.mjs";
import { deref, loadSpec, operationsOf, sampleFileFor } from "../scripts/spec.mjs";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const SCREENSHOT = `${DIST}screenshot.png`;
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// Without these Chromium runs as root only with --no-sandbox, and phones home (updates, sync, field trials).
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--metrics-recording-only",
];
const SAMPLE_LANGUAGE = /^(curl|TypeScript|Payload)$/;

const spec = loadSpec();
const operations = operationsOf(spec);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Descriptions are Markdown; the page shows them rendered, without the code and emphasis marks.
const renderedText = (markdown: string) => markdown.replace(/`|\*\*/g, "").trim();

/** Aborts every request that is not for a loopback host (or inline data), and records it. */
async function blockExternalRequests(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    const { protocol } = new URL(url);
    const allowed = protocol === "data:" || protocol === "blob:" || (protocol.startsWith("http") && isLoopback(url));
    if (allowed) return route.continue();
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  return blocked;
}

describe("dist/index.html", () => {
  const html = readFileSync(`${DIST}index.html`, "utf8");

  it("loads nothing from outside the machine: no external script src, link href, img src, CSS url()", () => {
    expect(findExternalFetches(html)).toEqual([]);
    expect(html.match(/https?:\/\/cdn\.redoc\.ly[^\s"'`]*/g)).toBeNull();
  });

  it("the external URL finder flags every kind of fetch, and neither plain links nor loopback", () => {
    const page = [
      `<img src="https://img.example/a.png">`,
      "jsx(`img`,{src:`https://cdn.example/logo.svg`})",
      "jsx(`img`,{alt:`logo`,src:full?`https://cdn.example/full.svg`:`https://cdn.example/mini.svg`})",
      `<link rel="stylesheet" href="https://fonts.example/css">`,
      `.a{background:url("https://bg.example/b.png")}`,
      `@import "https://css.example/c.css";`,
      `<a href="https://redocly.com/redoc/">API docs by</a>`,
      `<script src="http://127.0.0.1:8080/d.js"></script>`,
    ].join("\n");
    expect(findExternalFetches(page)).toEqual([
      "https://bg.example/b.png",
      "https://cdn.example/full.svg",
      "https://cdn.example/logo.svg",
      "https://cdn.example/mini.svg",
      "https://css.example/c.css",
      "https://fonts.example/css",
      "https://img.example/a.png",
    ]);
  });
});

describe("the page in Chromium, served from 127.0.0.1", () => {
  const server = createDocsServer(DIST);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let blocked: string[] = [];
  let loopbackRequests = 0;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: "block" });
    blocked = await blockExternalRequests(context);
    context.on("request", (request) => {
      if (isLoopback(request.url())) loopbackRequests += 1;
    });
    page = await context.newPage();
    // Fail a missing element well before vitest's test timeout, with Playwright's message about what was awaited.
    page.setDefaultTimeout(10_000);
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function openOperation(tag: string, summary: string, method: string) {
    await page.goto(`${baseUrl}/`);
    await page.getByRole("link", { name: tag, exact: true }).first().click();
    const sidebarEntry = new RegExp(`^${escapeRegExp(summary)}\\s*${method}$`, "i");
    await page.getByRole("link", { name: sidebarEntry }).first().click();
    await heading(summary).waitFor();
  }

  // A heading's accessible name also holds its anchor link, so match the visible text instead.
  const heading = (text: string) => page.getByRole("heading").filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) });

  /** Picks a tab of the request samples panel and returns the code it shows. */
  async function showSample(lang: string, mustContain: string) {
    await page.getByRole("button", { name: SAMPLE_LANGUAGE }).click();
    const choices = await page.getByRole("menuitem").filter({ hasText: SAMPLE_LANGUAGE }).allInnerTexts();
    expect(choices.map((choice) => choice.trim())).toEqual(expect.arrayContaining(["curl", "TypeScript"]));
    await page.getByRole("menuitem", { name: lang, exact: true }).click();
    const code = page.getByTestId("source-code").filter({ hasText: mustContain }).filter({ visible: true });
    await code.waitFor();
    return code.innerText();
  }

  it("shows the title, description, both servers and the authentication scheme", async () => {
    await page.goto(`${baseUrl}/`);
    await heading(`${spec.info.title} (${spec.info.version})`).waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain(renderedText(spec.info.summary));
    for (const server of spec.servers) expect(text).toContain(server.url);
    await openOperation(operations[0]!.operation.tags[0], operations[0]!.operation.summary, operations[0]!.method);
    for (const scheme of Object.keys(spec.components.securitySchemes)) {
      await page.getByText(scheme, { exact: true }).first().waitFor();
    }
  });

  describe.each(operations.map((entry) => [`${entry.method.toUpperCase()} ${entry.path}`, entry] as const))(
    "%s",
    (_name, { path, method, operation }) => {
      const tag: string = operation.tags[0];
      const open = () => openOperation(tag, operation.summary, method);

      it(`is listed under ${tag} and renders with its summary and path`, async () => {
        await open();
        await page.getByText(path, { exact: true }).filter({ visible: true }).first().waitFor();
        expect(await page.locator("body").innerText()).toContain(renderedText(operation.description).split("\n")[0]);
      });

      it("shows every request field with its type, constraints, default, enum and required marker", async () => {
        await open();
        const schema = deref(spec, deref(spec, operation.requestBody).content["application/json"].schema);
        const required = new Set<string>(schema.required ?? []);
        for (const [field, raw] of Object.entries(schema.properties)) {
          const property = deref(spec, raw);
          const row = page.locator(`.schema-property-item[id$="t=request&path=${field}"]`);
          await row.waitFor();
          const text = await row.innerText();
          expect(text, field).toContain(field);
          expect(text, field).toContain(property.type);
          if (property.minimum !== undefined && property.maximum !== undefined) {
            expect(text, field).toContain(`[ ${property.minimum} .. ${property.maximum} ]`);
          }
          if (property.default !== undefined) expect(text, field).toMatch(new RegExp(`Default:\\s*${property.default}`));
          if (property.pattern) expect(text, field).toContain(property.pattern);
          if (property.enum) expect(text, field).toContain(`"${property.enum[0]}"`);
          expect(await row.getByText("required", { exact: true }).count(), `${field} required marker`).toBe(
            required.has(field) ? 1 : 0,
          );
        }
      });

      it(`shows each declared response status (${Object.keys(operation.responses).join(", ")}) with its description and fields`, async () => {
        await open();
        for (const [status, raw] of Object.entries(operation.responses)) {
          const response = deref(spec, raw);
          await page.getByRole("button", { name: status, exact: true }).first().click();
          await page.getByText(renderedText(response.description), { exact: true }).filter({ visible: true }).waitFor();
          const schema = deref(spec, response.content["application/json"].schema);
          for (const field of Object.keys(schema.properties)) {
            await page.locator(`.schema-property-item[id$="t=response&c=${status}&path=${field}"]`).waitFor();
          }
        }
      });

      it("shows a curl sample and the TypeScript sample file, which calls the client", async () => {
        await open();
        const curl = await showSample("curl", "curl --request");
        expect(curl).toContain(`${spec.servers[0].url}${path}`);
        expect(curl).toContain("$STYTCH_SECRET");

        const sourceFile = readFileSync(sampleFileFor(operation.operationId), "utf8");
        const clientCall = `stytch.${path.replace(/^\/v\d+\//, "").replaceAll("/", ".")}(`;
        expect(sourceFile).toContain(clientCall);
        const typescript = await showSample("TypeScript", clientCall);
        for (const line of sourceFile.split("\n").filter((line) => line.trim() !== "")) {
          expect(typescript).toContain(line.trim());
        }
      });
    },
  );

  it("saves a full-page screenshot to dist/screenshot.png", async () => {
    const { path, method, operation } = operations[0]!;
    await openOperation(operation.tags[0], operation.summary, method);
    await showSample("TypeScript", "createStytchClient");
    await page.getByText(path, { exact: true }).first().waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
  });

  it("the request blocker aborts and counts a request to a non-loopback host", async () => {
    const probeContext = await browser.newContext();
    try {
      const probeBlocked = await blockExternalRequests(probeContext);
      const probe = await probeContext.newPage();
      await probe.goto(`${baseUrl}/not-found`);
      // 192.0.2.1 is TEST-NET-1: never a real host, so even an unblocked request would go nowhere.
      const outcome = await probe.evaluate(() => fetch("http://192.0.2.1/").then(() => "answered", () => "failed"));
      expect(outcome).toBe("failed");
      expect(probeBlocked).toEqual(["http://192.0.2.1/"]);
    } finally {
      await probeContext.close();
    }
  });

  it("sent no request outside the machine (none even attempted) and logged no console errors", () => {
    console.log(`docs browser test: ${loopbackRequests} loopback requests, ${blocked.length} external requests blocked`);
    expect(loopbackRequests).toBeGreaterThan(0);
    expect(blocked).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
