// Opens the built page in Debian's Chromium, served from 127.0.0.1, and checks it shows what the contract declares.
// Expectations are read from the bundled contract, so a new field, status or operation is checked without edits here.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clientMethod } from "../console/snippets.mjs";
import { errorRows, operationRoute } from "../scripts/content.mjs";
import { findExternalFetches, isLoopback } from "../scripts/external-urls.mjs";
import { createDocsServer } from "../scripts/serve.mjs";
import { contract, deref, loadSpec, operationsOf, sampleFileFor } from "../scripts/spec.mjs";
import { AXE_WIDTHS, axeViolations, blockExternalRequests, CHROMIUM, CHROMIUM_ARGS, watchPage } from "./browser.js";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const SCREENSHOT = `${DIST}screenshot.png`;
const SAMPLE_LANGUAGE = /^(curl|TypeScript|Payload)$/;
// Served under a sub-path, as GitHub Pages serves a project (https://sms-otp.github.io/sms-otp/): a link that is
// root-absolute leaves it and 404s.
const SUB_PATH = "/sms-otp/";
// Opening a new tab on the page takes seconds on a busy 2-core machine; tests that open one per link get this much
// per link, and the sidebar has one link per section, tag, operation and schema of the contract.
const PER_PAGE_TIMEOUT = 15_000;

const spec = loadSpec();
const operations = operationsOf(spec);
const EXPECTED_SIDEBAR_LINKS =
  1 + spec.tags.length + operations.length + Object.keys(spec.components.schemas).length + 10;

// React marks every element it has hydrated with a `__reactFiber$<id>` property.
const isHydrated = () => {
  const first = (globalThis as unknown as { document: { querySelector: (selector: string) => object | null } }).document.querySelector("#redoc > *");
  return first !== null && Object.keys(first).some((key) => key.startsWith("__reactFiber"));
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Descriptions are Markdown; the page shows them rendered, without the code and emphasis marks.
const renderedText = (markdown: string) => markdown.replace(/`|\*\*/g, "").trim();

describe("dist/index.html", () => {
  const html = readFileSync(`${DIST}index.html`, "utf8");
  const scripts = [...new Set([...html.matchAll(/import\("\.\/((?:redoc|reference)\.[0-9a-f]{12}\.js)"\)/g)].map((match) => match[1]!))];

  it("is the prerendered page; Redoc and the contract are two content-hashed scripts beside it", () => {
    expect(statSync(`${DIST}index.html`).size).toBeLessThan(400_000);
    expect(scripts).toHaveLength(2);
    for (const name of scripts) {
      expect(existsSync(`${DIST}${name}`), name).toBe(true);
      expect(html, `${name} is preloaded once the page is idle`).toContain(`"./${name}"`);
    }
    expect(html).toContain(`<meta name="description" content="${spec.info.summary}">`);
    // The prerendered sidebar and text link only to hash routes, never to the domain's root.
    expect(html).not.toMatch(/ href="\/(?!\/)/);
    expect(html).toMatch(/ href="#\/consumer"/);
  });

  it("has an inline favicon, so the browser requests no /favicon.ico", () => {
    expect(html).toMatch(/<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml,/);
  });

  it.each(operations.map((entry) => [entry.operation.operationId as string, entry] as const))(
    "the TypeScript sample of %s sends only fields of the first request example, which the page shows beside it",
    (_id, { operation }) => {
      const source = readFileSync(sampleFileFor(operation.operationId), "utf8");
      // The first object literal passed to the client call, comments dropped.
      const body = /\.\w+\(\s*\{([^}]*)\}/.exec(source.replace(/\/\/.*$/gm, ""))?.[1];
      expect(body, "a client call with an object literal").toBeDefined();
      const sent = [...body!.matchAll(/^\s*(\w+)\s*:/gm)].map((match) => match[1]);
      const firstExample = contract().operation(operation.operationId).requestExamples[0]!;
      expect(sent.length).toBeGreaterThan(0);
      expect(Object.keys(firstExample.value as object), `fields of "${firstExample.summary}"`).toEqual(
        expect.arrayContaining(sent),
      );
    },
  );

  it("loads nothing from outside the machine: no external script src, link href, img src, CSS url()", () => {
    for (const text of [html, ...scripts.map((name) => readFileSync(`${DIST}${name}`, "utf8"))]) {
      expect(findExternalFetches(text)).toEqual([]);
      expect(text.match(/https?:\/\/cdn\.redoc\.ly[^\s"'`]*/g)).toBeNull();
    }
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

describe("dist/mock-control.html, the mock's control plane", () => {
  const html = readFileSync(`${DIST}mock-control.html`, "utf8");
  const controlSpec = parse(readFileSync(createRequire(import.meta.url).resolve("@sms-otp/mock/control/openapi.yaml"), "utf8")) as {
    paths: Record<string, unknown>;
  };

  it("is linked from the reference, relatively, so it works under any path", () => {
    // In the prerendered landing page, as Redoc renders the link.
    expect(readFileSync(`${DIST}index.html`, "utf8")).toContain(`href="mock-control.html"`);
  });

  it("shows every path of the control plane's document and loads nothing from outside the machine", () => {
    // The page and its scripts: Redoc's (shared with the reference) and the document's.
    const scripts = [...html.matchAll(/import\("\.\/([\w-]+\.[0-9a-f]{12}\.js)"\)/g)].map((match) => readFileSync(`${DIST}${match[1]}`, "utf8"));
    expect(new Set(scripts).size).toBe(2);
    const everything = [html, ...scripts].join("\n");
    for (const path of Object.keys(controlSpec.paths)) expect(everything).toContain(path);
    for (const text of [html, ...scripts]) expect(findExternalFetches(text)).toEqual([]);
  });
});

describe("the page in Chromium, served from 127.0.0.1", () => {
  const server = createDocsServer(DIST, { basePath: SUB_PATH });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let blocked: string[] = [];
  let loopbackRequests = 0;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUB_PATH}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: "block" });
    blocked = await blockExternalRequests(context);
    context.on("request", (request) => {
      if (isLoopback(request.url())) loopbackRequests += 1;
    });
    page = await context.newPage();
    consoleErrors = watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function openOperation(tag: string, summary: string, method: string) {
    await page.goto(baseUrl);
    await page.getByRole("link", { name: tag, exact: true }).first().click();
    const sidebarEntry = new RegExp(`^${escapeRegExp(summary)}\\s*${method}$`, "i");
    await page.getByRole("link", { name: sidebarEntry }).first().click();
    await heading(summary).waitFor();
  }

  // A tag's page shows all its operations, whose fields share names: tests look inside one operation's section.
  const sectionOf = (tag: string, operationId: string) => page.locator(`[id="${tag.toLowerCase()}/${operationId.toLowerCase()}"]`);

  // A heading's accessible name also holds its anchor link, so match the visible text instead.
  const heading = (text: string) => page.getByRole("heading").filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) });

  /** Picks a tab of the request samples panel and returns the code it shows. */
  async function showSample(section: Locator, lang: string, mustContain: string) {
    await section.getByRole("button", { name: SAMPLE_LANGUAGE }).click();
    const choices = await page.getByRole("menuitem").filter({ hasText: SAMPLE_LANGUAGE }).allInnerTexts();
    expect(choices.map((choice) => choice.trim())).toEqual(expect.arrayContaining(["curl", "TypeScript"]));
    await page.getByRole("menuitem", { name: lang, exact: true }).click();
    const code = section.getByTestId("source-code").filter({ hasText: mustContain }).filter({ visible: true });
    await code.waitFor();
    return code.innerText();
  }

  it("shows the title, description, both servers and the authentication scheme", async () => {
    await page.goto(baseUrl);
    await heading(`${spec.info.title} (${spec.info.version})`).waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain(renderedText(spec.info.summary));
    for (const server of spec.servers) expect(text).toContain(server.url);
    await openOperation(operations[0]!.operation.tags[0], operations[0]!.operation.summary, operations[0]!.method);
    for (const scheme of Object.keys(spec.components.securitySchemes)) {
      await page.getByText(scheme, { exact: true }).first().waitFor();
    }
  });


  const menu = (on: Page) => on.locator('[data-component-name="Menu/Menu"]').first();
  // A sidebar entry's text is its label, then a method badge for operations ("Send ...\nPOST").
  const labelOf = (text: string) => text.trim().split("\n")[0]!.trim();

  /** Every link of the sidebar, with every group expanded once, as [href, label]. */
  async function sidebarLinks(): Promise<[string, string][]> {
    await page.goto(baseUrl);
    await menu(page).waitFor();
    const found = new Map<string, string>();
    const collect = async () => {
      const links = await menu(page)
        .locator("a")
        .evaluateAll((as) => as.map((a) => [a.getAttribute("href") ?? "", (a as unknown as { innerText: string }).innerText] as const));
      for (const [href, text] of links) found.set(href, labelOf(text));
    };
    await collect();
    const expanded = new Set<string>();
    for (;;) {
      // A group is an item whose link is followed by the (maybe collapsed) list of its children.
      const groups = await menu(page)
        .locator('[data-component-name="Menu/MenuItem"]:has(> a + div) > a')
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      const next = groups.find((href) => !expanded.has(href));
      if (next === undefined) break;
      expanded.add(next);
      const group = menu(page).locator(`a[href="${next}"]`);
      await group.click();
      await group.locator("xpath=following-sibling::div[1]//a").first().waitFor();
      await collect();
    }
    return [...found];
  }

  /** Runs `check` on every item, a few tabs at a time: each new tab parses the 2.6 MB page again. */
  async function inParallel<T>(items: T[], check: (item: T) => Promise<void>) {
    const queue = [...items];
    const worker = async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await check(item);
    };
    await Promise.all(Array.from({ length: 3 }, worker));
  }

  /** Opens `href` (as written in the page) in a new tab, as a reader's middle click would. */
  async function openFresh(href: string): Promise<Page> {
    const fresh = await context.newPage();
    fresh.setDefaultTimeout(10_000);
    fresh.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const response = await fresh.goto(new URL(href, baseUrl).href);
    expect(response?.status(), href).toBe(200);
    expect(fresh.url().startsWith(baseUrl), `${href} stays under ${SUB_PATH}`).toBe(true);
    return fresh;
  }

  /** Checks that `on` shows the heading `label` near the top of the window and marks it active in the sidebar. */
  async function expectLandedOn(on: Page, href: string, label: string) {
    const title = on
      .getByRole("heading")
      .filter({ hasText: new RegExp(`^${escapeRegExp(label)}( \\(.*\\))?$`) })
      .filter({ visible: true })
      .first();
    await title.waitFor();
    await expect.poll(async () => (await title.boundingBox())?.y, { message: `${href}: heading ${label} in view` })
      .toBeLessThan(400);
    await expect
      .poll(() => on.locator('a:has([data-testid="menu-item-label"][data-active="true"])').getAttribute("href"), {
        message: `${href}: active in the sidebar`,
      })
      .toBe(href);
  }

  it(`every sidebar link is a hash route that, opened in a new tab under ${SUB_PATH}, lands on its section`, async () => {
    const links = await sidebarLinks();
    const labels = links.map(([, label]) => label);
    for (const { operation } of operations) expect(labels).toContain(operation.summary);
    for (const tag of spec.tags) expect(labels).toContain(tag.name);
    expect(labels).toEqual(expect.arrayContaining(["Install", "Run the mock", "Schemas", "Locale"]));
    for (const [href, label] of links) expect(href, label).toMatch(/^#\//);
    await inParallel(links, async ([href, label]) => {
      const fresh = await openFresh(href);
      try {
        await expectLandedOn(fresh, href, label);
      } finally {
        await fresh.close();
      }
    });
  }, PER_PAGE_TIMEOUT * EXPECTED_SIDEBAR_LINKS);

  it("every link in the page's text (schemas, operations, sections) leads somewhere that exists", async () => {
    const targets = new Set<string>();
    // The landing page holds the contract's own text (info.description); each operation its description and table.
    const pages = [
      { url: baseUrl, scope: "#api-content" },
      ...operations.map(({ operation }) => ({
        url: new URL(operationRoute(operation), baseUrl).href,
        scope: `[data-section-id="${operationRoute(operation).slice(1)}"]`,
      })),
    ];
    for (const { url, scope } of pages) {
      await page.goto(url);
      await page.locator(scope).first().waitFor();
      const hrefs = await page
        .locator(scope)
        .first()
        .locator("p a, li a, td a")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      // Same-section anchors (`#/b2b/op#b2b/op/...`) point at fields, not sections.
      for (const href of hrefs.filter((href) => href.startsWith("#/") && !href.includes("#", 1))) targets.add(href);
    }
    const counterparts = operations.map(({ operation }) => operationRoute(operation));
    expect([...targets], "each operation links its counterpart").toEqual(expect.arrayContaining(counterparts));
    expect([...targets]).toContain("#/schemas/locale");
    await inParallel([...targets], async (href) => {
      const fresh = await openFresh(href);
      try {
        const active = fresh.locator('a:has([data-testid="menu-item-label"][data-active="true"])');
        await expect.poll(() => active.getAttribute("href"), { message: `${href} is a page section` }).toBe(href);
      } finally {
        await fresh.close();
      }
    });
  }, PER_PAGE_TIMEOUT * (operations.length * 3 + 5));

  it("has an Install and a Run the mock section", async () => {
    await page.goto(new URL("#/section/install", baseUrl).href);
    await heading("Install").waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain("npm i @sms-otp/client");
    expect(text).toContain("pnpm mock");
    expect(text).toContain("https://127.0.0.1:4443");
    expect(text).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("is readable before any script runs: the prerendered landing page, with hash links", async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      await blockExternalRequests(noScript);
      const bare = await noScript.newPage();
      await bare.goto(baseUrl);
      const text = await bare.locator("body").innerText();
      expect(text).toContain(`${spec.info.title} (${spec.info.version})`);
      expect(text).toContain(renderedText(spec.info.summary));
      expect(text).toContain("npm i @sms-otp/client");
      const hrefs = await menu(bare).locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(hrefs.length).toBeGreaterThan(spec.tags.length);
      for (const href of hrefs) expect(href).toMatch(/^#\//);
    } finally {
      await noScript.close();
    }
  });

  it("starts Redoc on the landing page at the reader's first interaction, not before", async () => {
    await page.goto(baseUrl);
    await heading(`${spec.info.title} (${spec.info.version})`).waitFor();
    // Redoc's script is downloaded (preloaded) and idle: nothing has hydrated the prerendered page.
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(isHydrated)).toBe(false);
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate(isHydrated), { timeout: 15_000 }).toBe(true);
  });

  it(`the landing page has no axe-core violations of any impact, prerendered and hydrated, at ${AXE_WIDTHS.join(" and ")} px`, async () => {
    try {
      for (const width of AXE_WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(baseUrl);
        await heading(`${spec.info.title} (${spec.info.version})`).waitFor();
        expect(await axeViolations(page), `${width} px, prerendered`).toEqual([]);
        await page.keyboard.press("Tab");
        await expect.poll(() => page.evaluate(isHydrated), { timeout: 15_000 }).toBe(true);
        expect(await axeViolations(page), `${width} px, hydrated`).toEqual([]);
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  describe.each(operations.map((entry) => [`${entry.method.toUpperCase()} ${entry.path}`, entry] as const))(
    "%s",
    (_name, { path, method, operation }) => {
      const tag: string = operation.tags[0];
      const open = () => openOperation(tag, operation.summary, method);
      const section = () => sectionOf(tag, operation.operationId);

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
          const row = section().locator(`.schema-property-item[id$="t=request&path=${field}"]`);
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
          await section().getByRole("button", { name: status, exact: true }).first().click();
          await section().getByText(renderedText(response.description), { exact: true }).filter({ visible: true }).waitFor();
          const schema = deref(spec, response.content["application/json"].schema);
          for (const field of Object.keys(schema.properties)) {
            await section().locator(`.schema-property-item[id$="t=response&c=${status}&path=${field}"]`).waitFor();
          }
        }
      });

      it("shows a table of every error example: status, error_type, when, seen or inferred, mock trigger", async () => {
        await open();
        const rows = errorRows(contract().operation(operation.operationId));
        expect(rows.length).toBeGreaterThan(0);
        const table = page
          .locator(`[data-section-id="${operationRoute(operation).slice(1)}"] table`)
          .filter({ hasText: "Mock trigger" });
        await table.waitFor();
        const shown = await table
          .locator("tbody tr")
          .evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { cells: ArrayLike<{ innerText: string }> }).cells).map((td) => td.innerText.trim())));
        expect(shown).toEqual(
          rows.map((row) => [row.status, row.errorType, row.when.replaceAll("`", ""), row.evidence, row.trigger || "–"]),
        );
        expect(shown.every((cells) => ["seen", "inferred"].includes(cells[3]!)), "evidence of every error").toBe(true);
      });

      it(`has no axe-core violations of any impact at ${AXE_WIDTHS.join(" and ")} px`, async () => {
        await open();
        try {
          for (const width of AXE_WIDTHS) {
            await page.setViewportSize({ width, height: 900 });
            await heading(operation.summary).filter({ visible: true }).waitFor();
            // This operation's section: a tag's page also holds its other operations, which their own tests check,
            // and whose rows the reflow after a resize leaves under the grey sticky bar at one scroll position or
            // another (axe then reports their text on that grey).
            expect(await axeViolations(page, `[id="${tag.toLowerCase()}/${operation.operationId.toLowerCase()}"]`), `${width} px`).toEqual([]);
          }
        } finally {
          await page.setViewportSize({ width: 1400, height: 900 });
        }
      });

      it("shows a curl sample and the TypeScript sample file, which calls the client", async () => {
        await open();
        const curl = await showSample(section(), "curl", "curl --request");
        expect(curl).toContain(`${spec.servers[0].url}${path}`);
        expect(curl).toContain("$STYTCH_SECRET");

        const sourceFile = readFileSync(sampleFileFor(operation.operationId), "utf8");
        const clientCall = `stytch.${clientMethod(path)}(`;
        expect(sourceFile).toContain(clientCall);
        const typescript = await showSample(section(), "TypeScript", clientCall);
        for (const line of sourceFile.split("\n").filter((line) => line.trim() !== "")) {
          expect(typescript).toContain(line.trim());
        }
      });
    },
  );

  it("saves a full-page screenshot to dist/screenshot.png", async () => {
    const { path, method, operation } = operations[0]!;
    await openOperation(operation.tags[0], operation.summary, method);
    await showSample(sectionOf(operation.tags[0], operation.operationId), "TypeScript", "createStytchClient");
    await page.getByText(path, { exact: true }).first().waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
  });

  it("the request blocker aborts and counts a request to a non-loopback host", async () => {
    const probeContext = await browser.newContext();
    try {
      const probeBlocked = await blockExternalRequests(probeContext);
      const probe = await probeContext.newPage();
      await probe.goto(`${baseUrl}not-found`);
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
