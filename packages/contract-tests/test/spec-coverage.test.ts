import { describe, expect, it } from "vitest";
import { COVERED_EXAMPLES } from "./support/covered-examples.js";
import { coverageProblems, type JsonObject, type OpenApiDocument } from "./support/spec.js";
import { SPEC } from "./support/target.js";

function specWith(change: (spec: OpenApiDocument) => void): OpenApiDocument {
  const copy = structuredClone(SPEC);
  change(copy);
  return copy;
}

function responsesOf(spec: OpenApiDocument, path: string): Record<string, unknown> {
  return (spec.paths[path]?.["post"] as JsonObject)["responses"] as Record<string, unknown>;
}

const envelope = { $ref: "#/components/schemas/StytchError" };

describe("spec coverage: every (operation, status, named example) of the bundled spec has a test", () => {
  it("the bundled spec and the tested examples match exactly", () => {
    // Joined, so a failure lists every problem instead of an abbreviated array.
    expect(coverageProblems(SPEC, COVERED_EXAMPLES).join("\n")).toBe("");
  });

  // The check itself, against edited copies of the bundle: each edit must be caught. toContain, not toEqual,
  // so that drift in the real bundle is reported once, by the test above.
  it("catches an example removed from the spec", () => {
    const edited = specWith((spec) => {
      const media = (spec.components["responses"] as Record<string, JsonObject>)["TooManyRequests"]?.["content"] as JsonObject;
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
