import { STYTCH_VERSION } from "./util.mjs";

/**
 * @typedef {object} Results
 * @property {Record<import("./util.mjs").Variant, import("./size.mjs").Size>} size
 * @property {Record<import("./util.mjs").Variant, import("./install.mjs").Footprint>} install
 * @property {Record<"https" | "stub", Record<import("./util.mjs").Variant, import("./per-call.mjs").CallCost>>} perCall
 * @property {Awaited<ReturnType<typeof import("./mock.mjs").measureMock>>} mock
 * @property {import("./pipeline.mjs").PipelineTimes} pipeline
 *
 * @typedef {{ client: number, stytch?: number, fetch?: number }} Values
 * @typedef {{ label: string, unit: Unit, values: (results: Results) => Values, target?: (values: Values) => string }} RowSpec
 * @typedef {"B" | "packages" | "µs" | "ms" | "req/s" | "s"} Unit
 */

// The issues' targets for the full run (issue 13 for size and per-call cost): reported in the table, never asserted.
const MAX_GZIP_BYTES = 5500;
const MAX_GZIP_SHARE_OF_STYTCH = 1 / 6.5;
const MAX_INSTALL_SHARE_OF_STYTCH = 1 / 20;
const MAX_HTTPS_MEDIAN_OVER_FETCH = 1.1;
const MAX_HTTPS_CPU_OVER_FETCH = 1.15;
const MAX_STUB_MEDIAN_OVER_FETCH = 1.5;

/** @type {RowSpec[]} */
export const ROWS = [
  { label: "bundle, minified", unit: "B", values: (r) => pick(r.size, "min") },
  {
    label: "bundle, min+gzip",
    unit: "B",
    values: (r) => pick(r.size, "gzip"),
    target: (v) =>
      `≤ ${format(MAX_GZIP_BYTES, "B")} B: ${verdict(v.client <= MAX_GZIP_BYTES)}; ` +
      `≤ 1/6.5 of stytch: ${verdict(v.client <= (v.stytch ?? Number.NaN) * MAX_GZIP_SHARE_OF_STYTCH)}`,
  },
  { label: "bundle, min+brotli", unit: "B", values: (r) => pick(r.size, "brotli") },
  {
    label: "install, node_modules size",
    unit: "B",
    values: (r) => pick(r.install, "bytes"),
    target: (v) => `≤ 1/20 of stytch: ${verdict(v.client <= (v.stytch ?? Number.NaN) * MAX_INSTALL_SHARE_OF_STYTCH)}`,
  },
  { label: "install, packages", unit: "packages", values: (r) => pick(r.install, "packages") },
  {
    label: "per call (HTTPS loopback), median",
    unit: "µs",
    values: (r) => pick(r.perCall.https, "median"),
    target: (v) => overFetch(v, MAX_HTTPS_MEDIAN_OVER_FETCH),
  },
  { label: "per call (HTTPS loopback), p99", unit: "µs", values: (r) => pick(r.perCall.https, "p99") },
  {
    label: "per call (HTTPS loopback), CPU",
    unit: "µs",
    values: (r) => pick(r.perCall.https, "cpu"),
    target: (v) => overFetch(v, MAX_HTTPS_CPU_OVER_FETCH),
  },
  {
    label: "per call (stubbed fetch), median",
    unit: "µs",
    values: (r) => pick(r.perCall.stub, "median"),
    target: (v) => overFetch(v, MAX_STUB_MEDIAN_OVER_FETCH),
  },
  { label: "per call (stubbed fetch), CPU", unit: "µs", values: (r) => pick(r.perCall.stub, "cpu") },
  { label: "mock, Prism start-up", unit: "ms", values: (r) => ({ client: r.mock.startupMs }) },
  { label: "mock, sequential throughput", unit: "req/s", values: (r) => ({ client: r.mock.sequential.perSecond }) },
  { label: "mock, sequential p50", unit: "ms", values: (r) => ({ client: r.mock.sequential.p50 }) },
  { label: "mock, sequential p99", unit: "ms", values: (r) => ({ client: r.mock.sequential.p99 }) },
  { label: "mock, 10 concurrent throughput", unit: "req/s", values: (r) => ({ client: r.mock.concurrent.perSecond }) },
  { label: "mock, 10 concurrent p50", unit: "ms", values: (r) => ({ client: r.mock.concurrent.p50 }) },
  { label: "mock, 10 concurrent p99", unit: "ms", values: (r) => ({ client: r.mock.concurrent.p99 }) },
  { label: "pipeline, cold build (turbo --force)", unit: "s", values: (r) => ({ client: r.pipeline.coldBuildS }) },
  { label: "pipeline, cached build+lint+typecheck", unit: "s", values: (r) => ({ client: r.pipeline.cachedS }) },
  { label: "pipeline, codegen", unit: "s", values: (r) => ({ client: r.pipeline.codegenS }) },
];

export const HEADER = [
  "measure",
  "unit",
  "@sms-otp/client",
  `stytch ${STYTCH_VERSION}`,
  "fetch(url, init)",
  "ours/fetch",
  "ours/stytch",
  "target",
];

export const FILE_HEADER = ["@sms-otp/client bundle, by input file", "minified B", "share"];

/**
 * @template {string} K
 * @param {Record<import("./util.mjs").Variant, Record<K, number>>} byVariant
 * @param {K} key
 * @returns {Values}
 */
function pick(byVariant, key) {
  return { client: byVariant.client[key], stytch: byVariant.stytch[key], fetch: byVariant.fetch[key] };
}

/** @param {Values} values @param {number} max the most ours/fetch may be */
function overFetch(values, max) {
  return `ours/fetch ≤ ${max.toFixed(2)}: ${verdict(values.client / (values.fetch ?? Number.NaN) <= max)}`;
}

/** @param {boolean} met */
function verdict(met) {
  return met ? "met" : "not met";
}

/** @param {number | undefined} value @param {Unit} unit */
function format(value, unit) {
  if (value === undefined || !Number.isFinite(value)) return "–";
  const digits = unit === "µs" || unit === "ms" ? 1 : unit === "s" ? 2 : 0;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** @param {number} numerator @param {number | undefined} denominator */
function ratio(numerator, denominator) {
  if (denominator === undefined || denominator === 0) return "–";
  const value = numerator / denominator;
  return Number.isFinite(value) ? value.toFixed(2) : "–";
}

/**
 * The results as one Markdown table.
 * @param {Results} results
 */
export function formatTable(results) {
  const lines = [HEADER, HEADER.map(() => "---")];
  for (const row of ROWS) {
    const values = row.values(results);
    lines.push([
      row.label,
      row.unit,
      format(values.client, row.unit),
      format(values.stytch, row.unit),
      format(values.fetch, row.unit),
      ratio(values.client, values.fetch),
      ratio(values.client, values.stytch),
      row.target?.(values) ?? "",
    ]);
  }
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/**
 * What each input file puts in the client's bundle (minified bytes, before compression), largest first, so the
 * next change to the bundle size is easy to judge; and, for scale, the same program on openapi-fetch alone.
 * @param {import("./size.mjs").FileShare[]} files
 * @param {import("./size.mjs").Size} total
 * @param {import("./size.mjs").Size} engineOnly
 */
export function formatFileTable(files, total, engineOnly) {
  const sum = files.reduce((bytes, file) => bytes + file.min, 0);
  const lines = [FILE_HEADER, FILE_HEADER.map(() => "---")];
  for (const { file, min } of files) lines.push([file, format(min, "B"), `${((100 * min) / sum).toFixed(1)}%`]);
  lines.push([`whole bundle (min+gzip ${format(total.gzip, "B")} B)`, format(total.min, "B"), "100.0%"]);
  lines.push([
    `the same program on openapi-fetch alone, the floor (min+gzip ${format(engineOnly.gzip, "B")} B)`,
    format(engineOnly.min, "B"),
    "–",
  ]);
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
