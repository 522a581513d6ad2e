// Runs after `changeset version` (see `pnpm version-packages`), which bumps packages/client/package.json only:
// writes the client's new version wherever else a release repeats it. The spec's info.version, so that the
// contract and the client generated from it carry one number; and the client's VERSION constant (its User-Agent),
// which the client's tests keep equal to its package.json.
// Lines are rewritten in place: a YAML round trip would refold the spec's descriptions.
// Usage: node scripts/sync-spec-version.mjs [repository root]
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(process.argv[2] ?? join(import.meta.dirname, ".."));

function fail(message) {
  console.error(`sync-spec-version: ${message}`);
  process.exit(1);
}

/**
 * The line of `version:` that is a direct child of the top-level `info:` mapping. A description's text is more
 * indented than the mapping's keys, so it never matches.
 */
function infoVersionLine(lines) {
  let childIndent;
  for (let i = lines.findIndex((line) => /^info:\s*$/.test(line)) + 1; i > 0 && i < lines.length; i++) {
    if (lines[i].trim() !== "" && !/^\s/.test(lines[i])) break;
    childIndent ??= /^(\s+)\S/.exec(lines[i])?.[1];
    const match = /^(\s+)version:\s*(['"]?)([^'"\s]*)\2\s*$/.exec(lines[i]);
    if (match?.[1] === childIndent) return { index: i, current: match[3], line: `${childIndent}version: %s` };
  }
}

function versionConstantLine(lines) {
  const index = lines.findIndex((line) => /^export const VERSION = "[^"]*";\s*$/.test(line));
  if (index >= 0) return { index, current: /"([^"]*)"/.exec(lines[index])[1], line: 'export const VERSION = "%s";' };
}

const targets = [
  { file: "spec/openapi.yaml", find: infoVersionLine, what: "info.version" },
  { file: "packages/client/src/version.ts", find: versionConstantLine, what: "VERSION" },
];

let version;
try {
  ({ version } = JSON.parse(readFileSync(join(root, "packages", "client", "package.json"), "utf8")));
} catch (error) {
  fail(`cannot read packages/client/package.json: ${error.message}`);
}
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version ?? "")) fail(`the client's version "${version}" is not semver.`);

for (const { file, find, what } of targets) {
  let text;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
  const lines = text.split("\n");
  const found = find(lines);
  if (!found) fail(`${file} has no ${what} line to update.`);
  if (found.current === version) {
    console.log(`sync-spec-version: ${file} ${what} is already ${version}`);
    continue;
  }
  const carriageReturn = lines[found.index].endsWith("\r") ? "\r" : "";
  lines[found.index] = found.line.replace("%s", version) + carriageReturn;
  writeFileSync(join(root, file), lines.join("\n"));
  console.log(`sync-spec-version: ${file} ${what} ${found.current} -> ${version}`);
}
