// Builds dist/index.html: a copy of the bundled contract with code samples, error tables, install and mock sections
// and cross-links, rendered by Redocly into one offline page that works under any path.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { addTryItLinks, buildConsole, CONSOLE_FILE } from "./build-console.mjs";
import { SCHEMAS_SECTION, counterpartSentence, errorsTable, linkMentions } from "./content.mjs";
import { findExternalFetches } from "./external-urls.mjs";
import { addToHead, prerenderWithHashRoutes, splitRedocScript } from "./html.mjs";
import { SPEC_BUNDLE, contract, deref, loadSpec, operationsOf, sampleFileFor } from "./spec.mjs";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const distDir = join(packageDir, "dist");
/** The mock's control plane (`/__mock/v1/`), a document of its own, rendered as a second page linked from the reference. */
const CONTROL_FILE = "mock-control.html";
const CONTROL_SPEC = createRequire(import.meta.url).resolve("@sms-otp/mock/control/openapi.yaml");

// Redoc's "API docs by Redocly" badge loads its logo from cdn.redoc.ly at view time, and Redoc has no option to
// change that; an inline SVG keeps the attribution without the request.
const LOGO_URLS = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='56' height='16'><text x='0' y='13' font-family='sans-serif' " +
    "font-size='13' font-weight='600' fill='#8a8a8a'>Redocly</text></svg>",
)}`;

// The files splitRedocScript writes: <name>.<content hash>.js.
const SCRIPT_FILE = /^[\w-]+\.[0-9a-f]{12}\.js$/;
const contentHash = (/** @type {string} */ content) => createHash("sha256").update(content).digest("hex").slice(0, 12);

/**
 * The curl sample is derived from the contract itself (first server, first request example), so it cannot drift.
 * @param {any} spec
 * @param {{ path: string, method: string, operation: any }} entry
 */
function curlSample(spec, { path, method, operation }) {
  const serverUrl = spec.servers?.[0]?.url;
  if (!serverUrl) throw new Error("the spec declares no server, so the curl samples have no URL");
  const json = deref(spec, operation.requestBody)?.content?.["application/json"];
  const firstExample = Object.values(json?.examples ?? {})[0];
  const lines = [
    `curl --request ${method.toUpperCase()} \\`,
    `  --url ${serverUrl}${path} \\`,
    `  --user "$STYTCH_PROJECT_ID:$STYTCH_SECRET"`,
  ];
  if (firstExample) {
    const body = JSON.stringify(deref(spec, firstExample).value, null, 2);
    lines[lines.length - 1] += " \\";
    lines.push(`  --header 'Content-Type: application/json' \\`, `  --data '${body.replaceAll("'", `'\\''`)}'`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Adds `x-codeSamples` (curl, then the operation's TypeScript file) to every operation of `spec`, in place.
 * @param {any} spec
 * @returns {Set<string>} the `lang` values used
 */
function addCodeSamples(spec) {
  const langs = new Set();
  for (const entry of operationsOf(spec)) {
    const sampleFile = sampleFileFor(entry.operation.operationId);
    if (!existsSync(sampleFile)) {
      const name = `${entry.method.toUpperCase()} ${entry.path}`;
      throw new Error(`${name} has no TypeScript sample: write ${relative(packageDir, sampleFile)}`);
    }
    const samples = [
      { lang: "curl", label: "curl", source: curlSample(spec, entry) },
      { lang: "TypeScript", label: "TypeScript", source: readFileSync(sampleFile, "utf8") },
    ];
    for (const sample of samples) langs.add(sample.lang);
    entry.operation["x-codeSamples"] = samples;
  }
  return langs;
}

/**
 * Adds the page's own sections (install, mock) after the contract's description, each operation's table of errors
 * and its counterpart for the other kind of project, and links for mentions of schemas and operations, to `spec`.
 * @param {any} spec
 */
function addPageText(spec) {
  const intro = readFileSync(join(packageDir, "content", "intro.md"), "utf8");
  spec.info.description = `${spec.info.description ?? ""}\n\n${intro}`;
  for (const entry of operationsOf(spec)) {
    const operation = contract().operation(entry.operation.operationId);
    entry.operation.description = [entry.operation.description ?? "", counterpartSentence(operation), errorsTable(operation)]
      .filter((part) => part !== "")
      .join("\n\n");
  }
  linkEveryDescription(spec);
}

/** Applies linkMentions to every `description` in `node`, in place. @param {any} node */
function linkEveryDescription(node) {
  if (Array.isArray(node)) return node.forEach(linkEveryDescription);
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "description" && typeof value === "string") node[key] = linkMentions(value);
    else linkEveryDescription(value);
  }
}

/** @param {string} html */
function keepOffline(html) {
  let offline = html;
  for (const url of LOGO_URLS) {
    if (!offline.includes(url)) throw new Error(`the Redoc bundle no longer contains ${url}: check how it loads its logo now`);
    offline = offline.replaceAll(url, INLINE_LOGO);
  }
  const leftovers = findExternalFetches(offline);
  if (leftovers.length > 0) throw new Error(`the page would still fetch from outside the machine: ${leftovers.join(", ")}`);
  return offline;
}

/**
 * Redocly reads redocly.yaml without linting it (see the build-docs call), so check that the options reached the
 * page: a sample whose language is not listed is dropped silently, and telemetry must be off.
 * @param {string} html
 * @param {Set<string>} sampleLangs
 */
function checkRedocOptions(html, sampleLangs) {
  const json = /const __redoc_options = (\{.*\});\n/.exec(html)?.[1];
  if (!json) throw new Error("cannot find __redoc_options in the built page: check the Redocly template");
  const options = JSON.parse(json);
  /** @type {string[]} */
  const listed = (options.codeSamples?.languages ?? []).map((/** @type {{ lang: string }} */ language) => language.lang);
  const missing = [...sampleLangs].filter((lang) => !listed.includes(lang));
  if (missing.length > 0) throw new Error(`redocly.yaml openapi.codeSamples.languages does not list ${missing.join(", ")}`);
  if (options.disableTelemetry !== true) throw new Error("redocly.yaml must set openapi.disableTelemetry: true");
  if (options.schemaDefinitionsTagName !== SCHEMAS_SECTION) {
    throw new Error(`redocly.yaml must set openapi.schemaDefinitionsTagName: ${SCHEMAS_SECTION} (the schema links point there)`);
  }
}

/**
 * Renders `input` with Redocly into an offline, themed page: the landing page prerendered, Redoc and the document
 * in content-hashed scripts (splitRedocScript; the renderer's file is the same for every page).
 * @param {string} input
 * @param {string} output the page's file name in dist/
 * @param {string} name what the document's script is named after
 * @param {string} theme
 * @param {string} description
 * @returns {{ whole: string, html: string, files: Map<string, string> }} the page before and after the split
 */
function redocPage(input, output, name, theme, description) {
  const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
  const result = spawnSync(
    process.execPath,
    // The config lint is off because Redocly 2.77's config schema does not know `openapi.disableTelemetry` yet
    // (Redoc 3 reads it, and Redocly documents it) and would warn on every build; checkRedocOptions checks instead.
    [redocly, "build-docs", input, "--inlineBundle", "--lint-config", "off", "--output", `dist/${output}`],
    {
      cwd: packageDir,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  if (result.status !== 0) throw new Error(`redocly build-docs of ${input} failed (exit ${result.status ?? result.signal})`);
  const whole = keepOffline(addToHead(prerenderWithHashRoutes(readFileSync(join(distDir, output), "utf8")), theme, description));
  return { whole, ...splitRedocScript(whole, contentHash, name) };
}

function build() {
  if (!existsSync(SPEC_BUNDLE)) {
    throw new Error("spec/dist/openapi.yaml is missing: build the contract first (`pnpm build` at the root, or `pnpm --filter @sms-otp/spec build`)");
  }
  const started = performance.now();
  const spec = loadSpec();
  const sampleLangs = addCodeSamples(spec);
  addPageText(spec);
  addTryItLinks(spec, operationsOf(spec));
  mkdirSync(distDir, { recursive: true });
  writeFileSync(join(distDir, "openapi.yaml"), stringify(spec, { lineWidth: 0 }));

  const theme = readFileSync(join(packageDir, "theme.css"), "utf8");
  const description = (/** @type {{ info: { title: string, summary?: unknown } }} */ document) => {
    if (typeof document.info.summary !== "string" || document.info.summary === "") {
      throw new Error(`"${document.info.title}" has no info.summary for the page's description`);
    }
    return document.info.summary;
  };
  const reference = redocPage("dist/openapi.yaml", "index.html", "reference", theme, description(spec));
  checkRedocOptions(reference.whole, sampleLangs);
  const control = redocPage(relative(packageDir, CONTROL_SPEC), CONTROL_FILE, "mock-control", theme, description(parse(readFileSync(CONTROL_SPEC, "utf8"))));
  const files = new Map([...reference.files, ...control.files]);
  for (const stale of readdirSync(distDir).filter((name) => SCRIPT_FILE.test(name) && !files.has(name))) rmSync(join(distDir, stale));
  for (const [name, content] of files) writeFileSync(join(distDir, name), content);
  writeFileSync(join(distDir, "index.html"), reference.html);
  writeFileSync(join(distDir, CONTROL_FILE), control.html);
  const kilobytes = (/** @type {string} */ text) => Math.round(Buffer.byteLength(text) / 1000);
  const scripts = [...files].map(([name, content]) => `dist/${name} (${kilobytes(content)} kB)`).join(", ");
  const consoleKilobytes = Math.round(buildConsole(distDir) / 1000);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `docs build: wrote dist/index.html (${kilobytes(reference.html)} kB), dist/${CONTROL_FILE} (${kilobytes(control.html)} kB), ${scripts} and dist/${CONSOLE_FILE} (${consoleKilobytes} kB) in ${seconds} s`,
  );
}

try {
  build();
} catch (error) {
  console.error(`docs build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
