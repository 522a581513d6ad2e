// The README's tables of triggers and validation errors, generated from the contract so they cannot drift from
// what the mock does. `pnpm --filter @sms-otp/mock run readme` rewrites them; test/readme.test.ts fails when stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadContract, type Contract } from "@sms-otp/spec/contract";

export const README_PATH = fileURLToPath(new URL("../README.md", import.meta.url));
const START = "<!-- generated from the contract by `pnpm --filter @sms-otp/mock run readme`: do not edit -->";
const END = "<!-- end of generated tables -->";

export function generatedTables(contract: Contract): string {
  const triggers = ["| operation | answer | send a valid request containing |", "| --- | --- | --- |"];
  const defaults = ["| operation | a valid request that no trigger selects gets, when the stateful rules do not answer it |", "| --- | --- |"];
  const failures = ["| operation | when the request fails | it gets |", "| --- | --- | --- |"];
  for (const operation of contract.operations) {
    const fallback = operation.mockDefault ?? operation.examples.find((example) => example.status < 300);
    defaults.push(`| \`${operation.operationId}\` | ${fallback === undefined ? "(none)" : `${fallback.status} \`${fallback.name}\``} |`);
    for (const example of operation.examples) {
      const trigger = example.trigger === undefined ? "(none)" : `\`${JSON.stringify(example.trigger)}\``;
      triggers.push(`| \`${operation.operationId}\` | ${example.status} \`${example.name}\` | ${trigger} |`);
      for (const rule of example.validationErrors) {
        const when = rule.field === "*" ? "anything else (missing, mistyped or unknown field)" : `\`${rule.field}\`: ${rule.keywords.join(", ")}`;
        failures.push(`| \`${operation.operationId}\` | ${when} | ${example.status} \`${errorType(example.value)}\` |`);
      }
    }
  }
  return [
    START, "", "### Default answers", "", ...defaults, "", "### Triggers", "", ...triggers, "", "### Validation errors", "", ...failures, "", END,
  ].join("\n");
}

/** The README with its generated section replaced by `tables`. */
export function withTables(readme: string, tables: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`@sms-otp/mock: ${README_PATH} has no generated section (${START} ... ${END})`);
  return `${readme.slice(0, start)}${tables}${readme.slice(end + END.length)}`;
}

function errorType(value: unknown): string {
  const type = (value as { error_type?: unknown } | null)?.error_type;
  return typeof type === "string" ? type : "?";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(README_PATH, "utf8");
  writeFileSync(README_PATH, withTables(readme, generatedTables(loadContract())));
}
