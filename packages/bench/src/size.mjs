import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { PROGRAMS_DIR, VARIANTS } from "./util.mjs";

/** @typedef {{ min: number, gzip: number, brotli: number }} Size */

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
 * @returns {Promise<Record<import("./util.mjs").Variant, Size>>}
 */
export async function measureSizes() {
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
        logLevel: "silent",
      });
      const code = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
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
  return /** @type {Record<import("./util.mjs").Variant, Size>} */ (
    Object.fromEntries(VARIANTS.map((variant, index) => [variant, sizes[index]]))
  );
}
