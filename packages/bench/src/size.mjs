import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { PROGRAMS_DIR, VARIANTS } from "./util.mjs";

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

/**
 * Bundles each variant with esbuild (minified ESM for Node) and compresses the bundle the way a CDN would.
 * @returns {Promise<{ sizes: Record<import("./util.mjs").Variant, Size>, clientFiles: FileShare[] }>}
 */
export async function measureSizes() {
  /** @type {FileShare[]} */
  let clientFiles = [];
  const sizes = await Promise.all(
    VARIANTS.map(async (variant) => {
      const result = await build({
        stdin: { contents: entry(variant), resolveDir: PROGRAMS_DIR, sourcefile: `${variant}-main.mjs`, loader: "js" },
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
        logLevel: "silent",
      });
      const code = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
      if (variant === "client") clientFiles = filesOf(result.metafile);
      return {
        min: code.byteLength,
        gzip: gzipSync(code, { level: 9 }).byteLength,
        brotli: brotliCompressSync(code, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: code.byteLength,
          },
        }).byteLength,
      };
    }),
  );
  return {
    sizes: /** @type {Record<import("./util.mjs").Variant, Size>} */ (
      Object.fromEntries(VARIANTS.map((variant, index) => [variant, sizes[index]]))
    ),
    clientFiles,
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
