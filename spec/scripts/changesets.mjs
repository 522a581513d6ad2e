// The changesets that a branch brings, read the way `changeset version` reads them: a front matter block that
// maps package names to bumps, then the summary.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { IMPACTS, UsageError, git } from "./spec-diff.mjs";

/** The one published package; the spec's info.version follows its version. */
export const RELEASED_PACKAGE = "@sms-otp/client";

async function gitLines(args, root) {
  const { code, stdout, stderr } = await git(args, root);
  if (code !== 0) throw new UsageError(`git ${args[0]} failed: ${stderr.trim().split("\n")[0]}`);
  return stdout.split("\n").filter(Boolean);
}

function bumpsOf(text, file) {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!frontMatter) throw new UsageError(`${file} is not a changeset: it must start with a --- front matter block.`);
  let releases;
  try {
    releases = parse(frontMatter[1]) ?? {};
  } catch (error) {
    throw new UsageError(`${file} has invalid front matter: ${error.message.split("\n")[0]}`);
  }
  if (typeof releases !== "object" || Array.isArray(releases)) {
    throw new UsageError(`${file} has invalid front matter: it must map package names to bumps.`);
  }
  for (const [name, bump] of Object.entries(releases)) {
    if (!IMPACTS.includes(bump)) {
      throw new UsageError(`${file} gives ${name} the bump "${bump}"; use one of ${IMPACTS.join(", ")}.`);
    }
  }
  return releases;
}

/**
 * The changesets added or changed since `baseCommit`, committed or not (so the check also works before the
 * commit), with the bump each gives `pkg` ("none" when it names other packages only).
 * @returns {Promise<{ file: string, bump: string }[]>}
 */
export async function changesetBumps(root, baseCommit, pkg = RELEASED_PACKAGE) {
  const changed = ["diff", "--name-only", "--no-renames", "--diff-filter=AM", baseCommit, "--", ".changeset"];
  const untracked = ["ls-files", "--others", "--exclude-standard", "--", ".changeset"];
  const files = new Set([...(await gitLines(changed, root)), ...(await gitLines(untracked, root))]);
  return [...files]
    .filter((file) => file.endsWith(".md") && file !== ".changeset/README.md")
    .sort()
    .map((file) => ({ file, bump: bumpsOf(readFileSync(join(root, file), "utf8"), file)[pkg] ?? "none" }));
}
