// Puts the contract inside the mock's dist/, so the published package needs no unpublished @sms-otp/spec: the built
// contract module (spec/src/contract.ts, the one reader of the bundle, as it is: no second reader) and the bundle
// it reads. The module finds the bundle at ../dist/openapi.yaml from itself, which from dist/contract.js is
// dist/openapi.yaml. Then every import of "@sms-otp/spec/contract" in dist/ becomes a relative one.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const contractJs = fileURLToPath(import.meta.resolve("@sms-otp/spec/contract"));
const specDist = dirname(contractJs);
const SPECIFIER = "@sms-otp/spec/contract";

copyFileSync(join(specDist, "openapi.yaml"), join(dist, "openapi.yaml"));
copyFileSync(join(specDist, "contract.d.ts"), join(dist, "contract.d.ts"));
// Its source map points at spec/src, which is not shipped.
writeFileSync(join(dist, "contract.js"), readFileSync(contractJs, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"));

const leftovers = [];
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(js|d\.ts)$/.test(entry.name)) continue;
  const file = join(entry.parentPath, entry.name);
  let target = relative(entry.parentPath, join(dist, "contract.js"));
  if (!target.startsWith(".")) target = `./${target}`;
  const text = readFileSync(file, "utf8");
  const rewritten = text.replaceAll(`"${SPECIFIER}"`, `"${target}"`);
  if (rewritten !== text) writeFileSync(file, rewritten);
  if (/(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']@sms-otp\/spec/.test(rewritten)) leftovers.push(relative(dist, file));
}
if (leftovers.length > 0) {
  console.error(`ship-contract: ${leftovers.join(", ")} still import @sms-otp/spec, which is not published: import "${SPECIFIER}" only`);
  process.exit(1);
}
