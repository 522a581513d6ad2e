// The root README's "Use it in your app" section is examples/sms-login, verbatim: every file of the example, each as
// a code block under its path, so the README cannot drift from the code that the example's tests run.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const EXAMPLE = "examples/sms-login";

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Each "`path`:" line followed by a fenced block, as path → the block's text. */
function quotedFiles(text: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of text.matchAll(/^`([^`\n]+)`:\n\n```[a-z]*\n([\s\S]*?)^```$/gm)) files.set(match[1] as string, match[2] as string);
  return files;
}

describe(`README.md "Use it in your app"`, () => {
  const quoted = quotedFiles(section(readFileSync(join(ROOT, "README.md"), "utf8"), "Use it in your app"));
  const exampleFiles = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", EXAMPLE], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .sort();

  it(`quotes every file of ${EXAMPLE}, and nothing else`, () => {
    expect(exampleFiles.length).toBeGreaterThan(3);
    expect([...quoted.keys()].sort()).toEqual(exampleFiles);
  });

  it.each(exampleFiles)("%s is quoted verbatim", (path) => {
    expect(quoted.get(path), `copy ${path} into the README's "Use it in your app" section`).toBe(readFileSync(join(ROOT, path), "utf8"));
  });
});
