#!/usr/bin/env node
// `pnpm drift`: compares the contract with Stytch's Node SDK (spec/src/drift.ts) and prints one line for each
// difference spec/drift-baseline.yaml does not accept. Exit codes: 0 none, 1 some, 2 the check could not run.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repositoryRoot = join(specDir, "..");

const USAGE = `usage: pnpm drift [--sdk <dir>] [--baseline <file>] [--format text|markdown]

Compares the request and 200 response of every operation in spec/dist/openapi.yaml with the types of the
Stytch Node SDK method that calls its path, and prints one line per difference that the baseline does not
accept: "<operation> <request|response> <field path>: <what>: spec <x>, SDK <y>".

  --sdk <dir>        the stytch package to read (default: the one installed for spec/, the catalog's version)
  --baseline <file>  accepted differences (default: spec/drift-baseline.yaml)
  --format markdown  the report as Markdown, for an issue body`;

function fail(message) {
  process.stderr.write(`drift: ${message}\n`);
  return 2;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        sdk: { type: "string" },
        baseline: { type: "string" },
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return fail(`${error.message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!["text", "markdown"].includes(values.format)) return fail(`--format must be text or markdown, not ${values.format}`);
  const library = join(specDir, "dist", "drift.js");
  if (!existsSync(library)) return fail(`${library} is missing; run "pnpm --filter @sms-otp/spec build" first`);
  const { checkDrift, installedSdkDir, readBaseline } = await import(library);
  const { loadContract } = await import("@sms-otp/spec/contract");

  const sdkDir = values.sdk ? resolve(values.sdk) : installedSdkDir();
  if (!existsSync(join(sdkDir, "types", "lib", "index.d.ts"))) {
    return fail(`${sdkDir} is not the stytch package (no types/lib/index.d.ts); pass --sdk <dir of node_modules/stytch>`);
  }
  const baselineFile = values.baseline ? resolve(values.baseline) : join(specDir, "drift-baseline.yaml");
  let baseline;
  try {
    baseline = readBaseline(baselineFile);
  } catch (error) {
    return fail(error.message);
  }

  const report = checkDrift(loadContract(), sdkDir, baseline, repositoryRoot);
  const problems = [
    ...report.lines,
    ...report.stale.map((entry) => `no longer differs (remove it from the baseline): ${entry.difference}`),
    ...report.unsupported.map((line) => `baseline reason not in the spec: ${line}`),
  ];
  const summary =
    `stytch ${report.sdkVersion}: ${report.compared.length} operations compared, ` +
    `${report.accepted.length} accepted differences, ${problems.length} new`;
  if (values.format === "markdown") {
    const body = problems.length ? ["```", ...problems, "```"] : ["No difference that the baseline does not accept."];
    process.stdout.write(
      [
        `\`pnpm drift --sdk <stytch@${report.sdkVersion}>\`: ${summary}.`,
        "",
        ...body,
        "",
        "Each line is a field path of an operation's request or 200 response, what differs, and what the spec and",
        "the SDK say. Update the spec (with a changeset), or add the line to `spec/drift-baseline.yaml` with its",
        "reason and where the spec says so (CONTRIBUTING.md).",
        "",
      ].join("\n"),
    );
  } else {
    for (const line of problems) process.stdout.write(`${line}\n`);
    process.stderr.write(`drift: ${summary}\n`);
  }
  return problems.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => (process.exitCode = fail(error?.stack ?? String(error))),
);
