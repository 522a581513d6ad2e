// Copies the Lighthouse scores of the last docs test run (.test-results/lighthouse.json, written by
// test/lighthouse.test.ts) into packages/bench/RESULTS.md, between its docs-lighthouse markers (a section that
// `pnpm bench --write` keeps). Prints the section; `--write` also writes it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const RESULTS_JSON = fileURLToPath(new URL("../.test-results/lighthouse.json", import.meta.url));
const RESULTS_MD = fileURLToPath(new URL("../../bench/RESULTS.md", import.meta.url));
const START = "<!-- docs-lighthouse:start -->";
const END = "<!-- docs-lighthouse:end -->";

if (!existsSync(RESULTS_JSON)) {
  console.error("lighthouse-results: .test-results/lighthouse.json is missing: run `pnpm --filter @sms-otp/docs test` first");
  process.exit(1);
}
/** @type {{ measuredAt: string, audits: { page: string, scores: Record<string, number>, metrics: Record<string, number>, benchmarkIndex: number, lighthouseVersion: string }[] }} */
const { measuredAt, audits } = JSON.parse(readFileSync(RESULTS_JSON, "utf8"));
const ms = (/** @type {number | undefined} */ value) => (value === undefined ? "–" : `${Math.round(value).toLocaleString("en")}`);
const rows = audits.map(({ page, scores, metrics, benchmarkIndex }) =>
  [
    page,
    scores["performance"],
    scores["accessibility"],
    scores["best-practices"],
    scores["seo"],
    ms(metrics["first-contentful-paint"]),
    ms(metrics["largest-contentful-paint"]),
    ms(metrics["total-blocking-time"]),
    metrics["cumulative-layout-shift"],
    ms(metrics["speed-index"]),
    benchmarkIndex,
  ].join(" | "),
);
const section = `${START}
## Docs: Lighthouse, mobile preset

Written by \`node packages/docs/scripts/lighthouse-results.mjs --write\` from the docs test run of ${measuredAt}
(Lighthouse ${audits[0]?.lighthouseVersion ?? "?"}, its default mobile preset: simulated slow 4G and a CPU 4 times
slower than the machine's; pages served gzipped from 127.0.0.1 under \`/sms-otp/\`, as GitHub Pages serves them; the
console connected to a gateway and the mock). One-minute load average when written: ${loadavg()[0]?.toFixed(1)}.
The benchmark index is Lighthouse's measure of the CPU it ran on (higher is faster; a busy machine scores low and
lowers performance).

| page | performance | accessibility | best practices | SEO | FCP, ms | LCP, ms | TBT, ms | CLS | speed index, ms | benchmark index |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.map((row) => `| ${row} |`).join("\n")}

Before issue 21 (Lighthouse 13.5, same preset, served gzipped, measured by hand on this machine): the reference
scored performance 47, accessibility 100, best practices 100, SEO 90 (FCP and LCP 4.4 s, TBT 1.6 s, CLS 0.035: one
2.7 MB page, 723 kB gzipped, with Redoc inline and nothing to paint before it ran); the console 98, 100, 96
(a console error when no gateway answered) and 90 (no meta description). With Redoc split into its own files but
started at once, the reference scored 70-72: FCP 1.5 s, TBT 2.1-2.9 s, from Redoc's evaluation (100-430 ms of main
thread), its processing of the contract (60-120 ms) and the hydration (140-470 ms), each multiplied by 4. Started
at the first interaction instead, the landing page's remaining main-thread work is parsing and laying out the
prerendered HTML (30-40 ms on a quiet machine); the cost of Redoc moves to the first interaction.
${END}`;

console.log(section);
if (process.argv.includes("--write")) {
  const current = readFileSync(RESULTS_MD, "utf8");
  const pattern = new RegExp(`${START}[\\s\\S]*?${END}`);
  writeFileSync(RESULTS_MD, pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`);
}
