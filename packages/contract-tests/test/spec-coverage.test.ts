import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadContract, type Contract } from "@sms-otp/spec/contract";
import { afterAll, describe, expect, it } from "vitest";
import { COVERED_EXAMPLES } from "./support/covered-examples.js";
import { coverageProblems, type JsonObject } from "./support/spec.js";
import { CONTRACT } from "./support/target.js";

interface EditableSpec {
  paths: Record<string, Record<string, JsonObject>>;
  components: Record<string, Record<string, JsonObject>>;
}

const editsDir = mkdtempSync(join(tmpdir(), "sms-otp-coverage-"));
let edits = 0;
afterAll(() => rmSync(editsDir, { recursive: true, force: true }));

/** The contract of an edited copy of the bundle, read by the contract module as the real one is (JSON is YAML). */
function specWith(change: (spec: EditableSpec) => void): Contract {
  const copy = structuredClone(CONTRACT.document) as unknown as EditableSpec;
  change(copy);
  const path = join(editsDir, `edit-${++edits}.json`);
  writeFileSync(path, JSON.stringify(copy));
  return loadContract(path);
}

function responsesOf(spec: EditableSpec, path: string): Record<string, unknown> {
  return (spec.paths[path]?.["post"] as JsonObject)["responses"] as Record<string, unknown>;
}

const envelope = { $ref: "#/components/schemas/StytchError" };

describe("spec coverage: every (operation, status, named example) of the bundled spec has a test", () => {
  it("the bundled spec and the tested examples match exactly", () => {
    // Joined, so a failure lists every problem instead of an abbreviated array.
    expect(coverageProblems(CONTRACT, COVERED_EXAMPLES).join("\n")).toBe("");
  });

  // The check itself, against edited copies of the bundle: each edit must be caught. toContain, not toEqual,
  // so that drift in the real bundle is reported once, by the test above.
  it("catches an example removed from the spec", () => {
    const edited = specWith((spec) => {
      const media = spec.components["responses"]?.["TooManyRequests"]?.["content"] as JsonObject;
      delete ((media["application/json"] as JsonObject)["examples"] as JsonObject)["too_many_requests"];
    });
    expect(coverageProblems(edited, COVERED_EXAMPLES)).toEqual(
      expect.arrayContaining([
        "otpsSmsSend 429: response has no named example to test",
        "otpsSmsSend 429 too_many_requests: tested but not in the spec",
        "b2bOtpsSmsSend 429 too_many_requests: tested but not in the spec",
      ]),
    );
  });

  it("catches a status added to the spec without a test", () => {
    const edited = specWith((spec) => {
      responsesOf(spec, "/v1/otps/sms/send")["409"] = {
        description: "Conflict",
        content: { "application/json": { schema: envelope, examples: { conflict: { value: {} } } } },
      };
    });
    expect(coverageProblems(edited, COVERED_EXAMPLES)).toContain("otpsSmsSend 409 conflict: no test");
  });

  it("catches a status added to the spec without any named example", () => {
    const edited = specWith((spec) => {
      responsesOf(spec, "/v1/b2b/otps/sms/send")["409"] = {
        description: "Conflict",
        content: { "application/json": { schema: envelope } },
      };
    });
    expect(coverageProblems(edited, COVERED_EXAMPLES)).toContain("b2bOtpsSmsSend 409: response has no named example to test");
  });

  it("catches an operation added to the spec without tests", () => {
    const edited = specWith((spec) => {
      spec.paths["/v1/otps/email/send"] = { post: { operationId: "otpsEmailSend", responses: {} } };
    });
    expect(coverageProblems(edited, COVERED_EXAMPLES)).toContain("otpsEmailSend: operation has no tests");
  });
});
