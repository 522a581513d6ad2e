import { loadContract } from "@sms-otp/spec/contract";
import { BenchError } from "./util.mjs";

/**
 * The 200 bodies the contract documents for each path, as JSON text, so the loopback server and the stubbed
 * fetch answer with realistic payloads (the B2B one carries a whole Member and Organization).
 * @returns {Record<string, string>}
 */
export function successBodies() {
  let contract;
  try {
    contract = loadContract();
  } catch (error) {
    throw new BenchError(/** @type {Error} */ (error).message);
  }
  return Object.fromEntries(
    contract.operations.map((operation) => {
      const success = operation.examples.find((example) => example.status === 200);
      if (success === undefined) throw new BenchError(`the contract has no 200 example for ${operation.operationId}; the bench needs it for its payloads`);
      return [operation.path, JSON.stringify(success.value)];
    }),
  );
}
