#!/usr/bin/env node
// `pnpm changeset:check`: a change of the spec is a change of @sms-otp/client (its types are generated from
// it), so it must come with a changeset that bumps the client at least as far as `redocly diff` rates it.
// Exit codes: 0 fine, 1 no changeset or too small a bump, 2 the check could not run.
import { RELEASED_PACKAGE, changesetBumps } from "./changesets.mjs";
import {
  IMPACTS,
  SPEC_ROOT,
  UsageError,
  diffWithBase,
  largest,
  parseOptions,
  repositoryAndBase,
  requiredBump,
  runMain,
} from "./spec-diff.mjs";

const USAGE = `usage: pnpm changeset:check [--base <git-ref>]

Fails unless the changesets that this branch adds (committed or not) bump ${RELEASED_PACKAGE} at least as far
as redocly diff rates the change of ${SPEC_ROOT} since where HEAD branched off <git-ref>
(default: origin/main if it exists, else main).`;

async function main() {
  const values = parseOptions(USAGE);
  if (!values) return 0;
  const { root, base } = await repositoryAndBase(values.base);
  // Read first: a malformed changeset should fail before the slower diff.
  const changesets = await changesetBumps(root, base.commit);
  const { code, report, messages } = await diffWithBase(root, base, { format: "json", failOn: "none" });
  if (code !== 0) {
    const reason = messages.split("\n").filter(Boolean).at(-1) ?? `exit code ${code}`;
    throw new UsageError(`redocly diff failed: ${reason}`);
  }

  const required = requiredBump(report);
  const rated = `the spec change since ${base.label} is ${required} (redocly diff)`;
  const given = largest(changesets.map(({ bump }) => bump));
  const found = changesets.filter(({ bump }) => bump !== "none").map(({ file, bump }) => `${bump} in ${file}`);
  const foundText = found.length ? found.join(", ") : `no changeset for ${RELEASED_PACKAGE}`;
  if (required === "none") {
    console.log(`changeset:check: ${SPEC_ROOT} has no contract change since ${base.label}; ${foundText}.`);
    return 0;
  }
  if (IMPACTS.indexOf(given) >= IMPACTS.indexOf(required)) {
    console.log(`changeset:check: ${rated}; found ${foundText}.`);
    return 0;
  }
  console.error(
    `changeset:check: ${rated}, but found ${foundText}; ` +
      `add a changeset that bumps ${RELEASED_PACKAGE} ${required} or more (pnpm changeset).`,
  );
  return 1;
}

runMain("changeset:check", main);
