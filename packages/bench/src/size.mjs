import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { join } from "node:path";
import { BENCH_DIR, CLIENT_DIR, PROGRAMS_DIR, VARIANTS } from "./util.mjs";

/** @typedef {{ min: number, gzip: number, brotli: number }} Size */
/** @typedef {{ file: string, min: number }} FileShare minified bytes one input file puts in the bundle */

/**
 * The whole program, as an application would ship it: the variant's sender plus a main that uses it.
 * @param {import("./util.mjs").Variant} variant
 */
function entry(variant) {
  return `import { createSender } from "./${variant}.mjs";
const sender = createSender({
  projectId: process.env.STYTCH_PROJECT_ID ?? "",
  secret: process.env.STYTCH_SECRET ?? "",
  baseUrl: process.env.STYTCH_BASE_URL ?? "https://test.stytch.com",
});
console.log(await sender.consumer(), await sender.b2b());
`;
}

// The same program on openapi-fetch alone, with the credentials in a header and nothing else (no timeout, checks,
// retries or redaction): the size floor of any client that keeps openapi-fetch as its engine.
const ENGINE_ONLY = `import createClient from "openapi-fetch";
import { B2B_BODY, CONSUMER_BODY } from ${JSON.stringify(join(PROGRAMS_DIR, "payloads.mjs"))};
const credentials = \`\${process.env.STYTCH_PROJECT_ID ?? ""}:\${process.env.STYTCH_SECRET ?? ""}\`;
const stytch = createClient({
  baseUrl: process.env.STYTCH_BASE_URL ?? "https://test.stytch.com",
  headers: { Authorization: \`Basic \${btoa(credentials)}\` },
});
const consumer = await stytch.POST("/v1/otps/sms/send", { body: CONSUMER_BODY });
const b2b = await stytch.POST("/v1/b2b/otps/sms/send", { body: B2B_BODY });
console.log(consumer.data?.phone_id, b2b.data?.member_id);
`;

/**
 * Bundles each variant with esbuild (minified ESM for Node) and compresses the bundle the way a CDN would; also
 * the client's bundle by input file, and the same program on openapi-fetch alone.
 * @returns {Promise<{ sizes: Record<import("./util.mjs").Variant, Size>, clientFiles: FileShare[], engineOnly: Size }>}
 */
export async function measureSizes() {
  const [engineOnly, ...variants] = await Promise.all([
    // openapi-fetch is a dependency of the client, not of the bench: resolve it from there.
    bundle(ENGINE_ONLY, CLIENT_DIR, "openapi-fetch-main.mjs"),
    ...VARIANTS.map((variant) => bundle(entry(variant), PROGRAMS_DIR, `${variant}-main.mjs`)),
  ]);
  return {
    sizes: /** @type {Record<import("./util.mjs").Variant, Size>} */ (
      Object.fromEntries(VARIANTS.map((variant, index) => [variant, variants[index]?.size]))
    ),
    clientFiles: filesOf(/** @type {{ metafile: import("esbuild").Metafile }} */ (variants[VARIANTS.indexOf("client")]).metafile),
    engineOnly: /** @type {{ size: Size }} */ (engineOnly).size,
  };
}

/**
 * @param {string} contents the program's main module
 * @param {string} resolveDir where its imports resolve from
 * @param {string} sourcefile its name in the metafile
 * @returns {Promise<{ size: Size, metafile: import("esbuild").Metafile }>}
 */
async function bundle(contents, resolveDir, sourcefile) {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    // `stytch` imports node:crypto (through jose) and reads Node's globals; the same platform for all three
    // keeps the comparison fair.
    platform: "node",
    target: "node18",
    // Licence banners are the same whoever ships them; the comparison is about code.
    legalComments: "none",
    write: false,
    metafile: true,
    // Input paths in the metafile are relative to this, whatever directory the bench was started from.
    absWorkingDir: BENCH_DIR,
    logLevel: "silent",
  });
  const code = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
  return {
    size: {
      min: code.byteLength,
      gzip: gzipSync(code, { level: 9 }).byteLength,
      brotli: brotliCompressSync(code, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: code.byteLength,
        },
      }).byteLength,
    },
    metafile: result.metafile,
  };
}

/**
 * What each input file contributes to the one output, largest first, named the way a reader finds them:
 * `openapi-fetch`, `client/dist/errors.js`, the benchmark program.
 * @param {import("esbuild").Metafile} metafile
 * @returns {FileShare[]}
 */
function filesOf(metafile) {
  const [output] = Object.values(metafile.outputs);
  if (output === undefined) return [];
  return Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ file: shortName(path), min: bytesInOutput }))
    .filter((share) => share.min > 0)
    .sort((a, b) => b.min - a.min);
}

/** @param {string} path an esbuild input path, relative to the bench package */
function shortName(path) {
  const inPackage = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (inPackage) return `${inPackage[1]} (dependency)`;
  if (path.startsWith("../client/")) return `@sms-otp/client ${path.slice("../client/".length)}`;
  return path === "<stdin>" ? "benchmark main" : `benchmark ${path}`;
}
