// The docs' view of the contract, read through @sms-otp/spec/contract (the one reader of the bundle); shared by the
// build (which renders a copy with samples, tables and links) and the browser test (which checks the page shows
// what the contract declares).
import { bundlePath, loadContract } from "@sms-otp/spec/contract";
import { fileURLToPath } from "node:url";

export const SPEC_BUNDLE = bundlePath();
export const SAMPLES_DIR = fileURLToPath(new URL("../samples/", import.meta.url));

export const contract = () => loadContract();

/**
 * A deep copy of the bundle, which the build may change without touching the contract others read.
 * @returns {any}
 */
export function loadSpec() {
  return structuredClone(loadContract().document);
}

/**
 * Follows local `#/...` JSON pointers, as `redocly bundle` leaves them for shared components. Keywords next to a
 * `$ref` win over the target's. `spec` is a copy of the bundle (loadSpec), so the contract resolves the same refs.
 * @param {any} _spec
 * @param {any} node
 * @returns {any}
 */
export function deref(_spec, node) {
  return loadContract().deref(node);
}

/**
 * Every operation of `spec` (a copy of the bundle), in the contract's order, as the node in that copy.
 * @param {any} spec
 * @returns {{ path: string, method: string, operation: any }[]}
 */
export function operationsOf(spec) {
  return loadContract().operations.map(({ path, method }) => ({ path, method, operation: spec.paths[path][method] }));
}

/** `b2bOtpsSmsSend` -> `<package>/samples/b2b-otps-sms-send.ts`: one TypeScript sample per operation. */
export function sampleFileFor(/** @type {string} */ operationId) {
  return `${SAMPLES_DIR}${operationId.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}.ts`;
}
