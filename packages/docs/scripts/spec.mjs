// Reads the bundled contract; shared by the build (which adds the samples) and the browser test (which checks
// that the page shows what the contract declares).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const SPEC_BUNDLE = fileURLToPath(new URL("../../../spec/dist/openapi.yaml", import.meta.url));
export const SAMPLES_DIR = fileURLToPath(new URL("../samples/", import.meta.url));

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** @returns {any} */
export function loadSpec(path = SPEC_BUNDLE) {
  return parse(readFileSync(path, "utf8"));
}

/**
 * Follows local `#/...` JSON pointers, as `redocly bundle` leaves them for shared components. Keywords next to a
 * `$ref` (OpenAPI 3.1 allows a `description` there) win over the target's.
 * @param {any} spec
 * @param {any} node
 * @returns {any}
 */
export function deref(spec, node) {
  if (!node || typeof node.$ref !== "string") return node;
  const { $ref, ...siblings } = node;
  if (!$ref.startsWith("#/")) throw new Error(`cannot follow the non-local $ref ${$ref}`);
  const target = $ref
    .slice(2)
    .split("/")
    .map((/** @type {string} */ part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((/** @type {any} */ parent, /** @type {string} */ key) => parent?.[key], spec);
  if (target === undefined) throw new Error(`the bundle has a dangling $ref ${$ref}`);
  return { ...deref(spec, target), ...siblings };
}

/**
 * @param {any} spec
 * @returns {{ path: string, method: string, operation: any }[]}
 */
export function operationsOf(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, pathItem]) =>
    HTTP_METHODS.filter((method) => pathItem[method]).map((method) => ({ path, method, operation: pathItem[method] })),
  );
}

/** `b2bOtpsSmsSend` -> `<package>/samples/b2b-otps-sms-send.ts`: one TypeScript sample per operation. */
export function sampleFileFor(/** @type {string} */ operationId) {
  return `${SAMPLES_DIR}${operationId.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}.ts`;
}
