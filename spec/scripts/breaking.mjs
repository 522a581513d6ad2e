#!/usr/bin/env node
// `pnpm breaking`: rates every change of the working tree's spec against the spec at a git ref with
// `redocly diff`, prints the report on stdout and fails on a change that can break a client.
// Exit codes: 0 no breaking change, 1 a breaking change (or, with --check-version, info.version not bumped
// enough), 2 the comparison could not run.
import { RELEASED_PACKAGE, changesetBumps } from "./changesets.mjs";
import { SPEC_ROOT, UsageError, diffWithBase, parseOptions, repositoryAndBase, runMain } from "./spec-diff.mjs";

const FORMATS = ["stylish", "markdown", "json", "github-actions", "html"];
const USAGE = `usage: pnpm breaking [--base <git-ref>] [--check-version] [--format <format>] [--allow-planned-major]

Compares ${SPEC_ROOT} in the working tree with the same file where HEAD branched off <git-ref>
(default: origin/main if it exists, else main).

  --check-version        also fail when info.version is not bumped as far as the changes require
  --format <format>      ${FORMATS.join(", ")} (default: stylish); markdown suits a job summary
  --allow-planned-major  let major changes pass when this branch adds a changeset that bumps
                         ${RELEASED_PACKAGE} major (a breaking release on purpose)`;

async function main() {
  const values = parseOptions(USAGE, {
    "check-version": { type: "boolean", default: false },
    format: { type: "string", default: "stylish" },
    "allow-planned-major": { type: "boolean", default: false },
  });
  if (!values) return 0;
  if (!FORMATS.includes(values.format)) {
    throw new UsageError(`unknown --format "${values.format}"; use one of ${FORMATS.join(", ")}.`);
  }

  const { root, base } = await repositoryAndBase(values.base);
  let failOn = "major";
  if (values["allow-planned-major"]) {
    const planned = (await changesetBumps(root, base.commit)).find(({ bump }) => bump === "major");
    if (planned) {
      console.error(`breaking: ${planned.file} bumps ${RELEASED_PACKAGE} major: major changes are planned, so pass.`);
      failOn = "none";
    }
  }
  console.error(`breaking: comparing ${SPEC_ROOT} at ${base.label} with the working tree`);

  const result = await diffWithBase(root, base, {
    format: values.format,
    failOn,
    checkVersion: values["check-version"],
  });
  process.stdout.write(result.report);
  if (result.messages) console.error(result.messages);
  if (result.code !== 0 && failOn === "major" && /failed with .*major/.test(result.messages)) {
    console.error(
      `breaking: to ship this break on purpose, add a changeset that bumps ${RELEASED_PACKAGE} major (pnpm changeset).`,
    );
  }
  return result.code === 0 ? 0 : 1;
}

runMain("breaking", main);
