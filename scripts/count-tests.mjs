// Sums the JSON reports (.test-results/vitest.json) that every vitest run of `./scripts/test` writes, and prints
// one line that CI reads: "N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const packageDirs = ["spec", ...readdirSync(join(root, "packages")).map((name) => join("packages", name))];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of packageDirs) {
  const resultsDir = join(root, dir, ".test-results");
  if (!existsSync(resultsDir)) continue;
  // Only vitest's reports: other tools keep their results here too (the docs suite's lighthouse.json).
  for (const file of readdirSync(resultsDir).filter((name) => name === "vitest.json")) {
    const report = JSON.parse(readFileSync(join(resultsDir, file), "utf8"));
    passed += report.numPassedTests;
    // A file that fails before any test runs (an import error, say) counts as one failure.
    failed += report.numFailedTests || report.numFailedTestSuites;
    skipped += report.numPendingTests + report.numTodoTests;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
