// How the browser tests run Chromium: Debian's binary, flags that keep it quiet on a closed network, and a
// request blocker that records anything aimed outside the machine.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";
import { isLoopback } from "../scripts/external-urls.mjs";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const CHROMIUM = process.env["CHROMIUM_PATH"] || "/usr/bin/chromium";
// Without these Chromium runs as root only with --no-sandbox, and phones home (updates, sync, field trials).
export const CHROMIUM_ARGS = [
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

/** Aborts every request that is not for a loopback host (or inline data), and records it. */
export async function blockExternalRequests(context: BrowserContext): Promise<string[]> {
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

/** Collects the page's console errors and uncaught exceptions, and fails a missing element within 10 s. */
export function watchPage(page: Page): string[] {
  const errors: string[] = [];
  // Fail a missing element well before vitest's test timeout, with Playwright's message about what was awaited.
  page.setDefaultTimeout(10_000);
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Every axe-core violation of what `on` shows, whatever its impact, as "rule (impact): target" lines. */
export async function axeViolations(on: Page, scope?: string): Promise<string[]> {
  await on.addScriptTag({ content: AXE_SOURCE });
  const violations = await on.evaluate(async (selector) => {
    const browser = globalThis as unknown as {
      axe: { run: (context: unknown) => Promise<any> };
      document: { querySelector: (selector: string) => unknown };
    };
    const result = await browser.axe.run(selector === undefined ? browser.document : browser.document.querySelector(selector));
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  }, scope);
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(" ")}`));
}

// The widths axe-core checks the pages at: a desktop window and a small phone.
export const AXE_WIDTHS = [1400, 375] as const;
