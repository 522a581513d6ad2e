import { existsSync, readFileSync } from "node:fs";
import { defaultSpecPath } from "@sms-otp/mock";
import { parse } from "yaml";
import { BenchError } from "./util.mjs";

/**
 * The 200 bodies the contract documents for each path, as JSON text, so the loopback server and the stubbed
 * fetch answer with realistic payloads (the B2B one carries a whole Member and Organization).
 * @returns {Record<string, string>}
 */
export function successBodies() {
  const specPath = defaultSpecPath();
  if (!existsSync(specPath)) throw new BenchError(`no OpenAPI bundle at ${specPath}; run "pnpm build" first`);
  const examples = parse(readFileSync(specPath, "utf8"))?.components?.examples ?? {};
  /** @param {string} name */
  const body = (name) => {
    const value = examples[name]?.value;
    if (value === undefined) throw new BenchError(`the contract has no ${name}; the bench needs it for its payloads`);
    return JSON.stringify(value);
  };
  return {
    "/v1/otps/sms/send": body("OtpsSmsSendResponseExample"),
    "/v1/b2b/otps/sms/send": body("B2BOtpsSmsSendResponseExample"),
  };
}
