// The console's snippets, checked the way a reader would use them: the TypeScript is compiled against the real
// @sms-otp/client (for every request example and for seeded random valid requests), and the curl command is run
// by bash to see that it sends exactly the body the form describes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadContract, type Operation, type RequestField } from "@sms-otp/spec/contract";
import fc from "fast-check";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { consoleData } from "../scripts/build-console.mjs";
import { curlSnippet, inputsFromBody, requestBody, typescriptSnippet } from "../console/snippets.mjs";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const contract = loadContract();
const page = consoleData(contract);
const RANDOM_REQUESTS_PER_OPERATION = 40;
const SEED = 20261201;
// Inside the package, so `@sms-otp/client` resolves from its node_modules as it would in a reader's project.
const workDir = mkdtempSync(join(PACKAGE_DIR, ".snippets-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// Strings that break naive quoting in TypeScript or in a shell.
const AWKWARD = fc.constantFrom("'", '"', "\\", "`", "${x}", "$(id)", "\n", "\u2028", "é", "😀", "</script>", " ");

function valueFor(schema: Record<string, any>): fc.Arbitrary<unknown> {
  if (Array.isArray(schema["enum"])) return fc.constantFrom(...(schema["enum"] as unknown[]));
  const type = Array.isArray(schema["type"]) ? schema["type"].find((t: string) => t !== "null") : schema["type"];
  switch (type) {
    case "integer":
      return fc.integer({ min: schema["minimum"] ?? -1_000_000, max: schema["maximum"] ?? 1_000_000 });
    case "number":
      return fc.double({ min: schema["minimum"] ?? -1e6, max: schema["maximum"] ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "string":
      if (typeof schema["pattern"] === "string") return fc.stringMatching(new RegExp(schema["pattern"]));
      return fc.oneof(
        fc.string({ minLength: 1, maxLength: schema["maxLength"] ?? 40 }),
        fc.string({ unit: fc.oneof(AWKWARD, fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 8 }),
      );
    case "array":
      return fc.array(valueFor(schema["items"] ?? { type: "string" }), { maxLength: 3 });
    case "object":
      // A free-form object (custom claims, say): JSON-safe keys and values.
      return fc.dictionary(
        fc.string({ minLength: 1, maxLength: 12 }).filter((key) => key !== "__proto__"),
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        { maxKeys: 3 },
      );
    default:
      throw new Error(`the console's random requests do not know the field type ${String(type)}: add it here`);
  }
}

/** Random form values for an operation's fields: required ones always filled, the others sometimes. */
function randomInputs(fields: RequestField[]): fc.Arbitrary<Record<string, string>> {
  const entries = fields.map((field) => {
    const value = valueFor(field.schema).map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
    return [field.path, field.required ? value : fc.option(value, { nil: "" })] as const;
  });
  return fc.record(Object.fromEntries(entries));
}

interface Sample {
  operation: Operation;
  label: string;
  body: unknown;
}

const samples: Sample[] = contract.operations.flatMap((operation) => {
  const fields = page.operations.find((entry) => entry.operationId === operation.operationId)?.fields ?? [];
  const examples = operation.requestExamples.map((example) => ({ operation, label: `example ${example.name}`, body: example.value }));
  const random = fc
    .sample(
      randomInputs(operation.requestFields).filter((inputs) => contract.validateRequest(operation.operationId, requestBody(fields, inputs)) === undefined),
      { numRuns: RANDOM_REQUESTS_PER_OPERATION, seed: SEED },
    )
    .map((inputs, index) => ({ operation, label: `random #${index}`, body: requestBody(fields, inputs) }));
  return [...examples, ...random];
});

function compile(files: Map<string, string>): Map<string, string[]> {
  for (const [name, source] of files) writeFileSync(join(workDir, name), source);
  const program = ts.createProgram(
    [...files.keys()].map((name) => join(workDir, name)),
    {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
  );
  const problems = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName.split("/").pop() ?? "(program)";
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    problems.set(file, [...(problems.get(file) ?? []), text]);
  }
  return problems;
}

describe("the console's snippets", () => {
  it("cover every operation with its request examples and random valid requests", () => {
    for (const operation of contract.operations) {
      const own = samples.filter((sample) => sample.operation === operation);
      expect(own.length, operation.operationId).toBe(operation.requestExamples.length + RANDOM_REQUESTS_PER_OPERATION);
    }
  });

  it("the form reproduces every request example exactly (inputs -> body)", () => {
    for (const operation of page.operations) {
      for (const example of operation.requestExamples) {
        expect(requestBody(operation.fields, inputsFromBody(operation.fields, example.value)), example.name).toEqual(example.value);
      }
    }
  });

  it(`the TypeScript compiles against @sms-otp/client for all ${samples.length} requests`, () => {
    const files = new Map(samples.map((sample, index) => [`snippet-${index}.ts`, typescriptSnippet(sample.operation, sample.body)]));
    const problems = compile(files);
    const failures = [...problems].map(([file, messages]) => {
      const sample = samples[Number(/\d+/.exec(file)?.[0])];
      return `${sample?.operation.operationId} ${sample?.label}:\n${messages.join("\n")}\n${files.get(file)}`;
    });
    expect(failures).toEqual([]);
  });

  it("the type check fails for a snippet that does not compile (a misspelt field)", () => {
    const operation = contract.operations[0]!;
    const body = { ...(operation.requestExamples[0]?.value as object), not_a_field_of_the_request: 1 };
    const problems = compile(new Map([["snippet-broken.ts", typescriptSnippet(operation, body)]]));
    expect(problems.get("snippet-broken.ts")?.join("\n")).toMatch(/not_a_field_of_the_request/);
  });

  it("the curl command sends exactly the body, whatever the strings hold", () => {
    // A stand-in `curl` that prints the --data argument, NUL-terminated, for bash to run the snippets through.
    const script = [
      `curl() { while [ $# -gt 0 ]; do if [ "$1" = --data ]; then printf '%s\\0' "$2"; fi; shift; done; }`,
      ...samples.map((sample) => curlSnippet("http://127.0.0.1:8787", sample.operation, sample.body)),
    ].join("\n");
    // On stdin: as one argument the script would pass Linux's 128 KiB limit on a single argument (E2BIG).
    const result = spawnSync("bash", ["-s"], { input: script, encoding: "utf8" });
    expect(result.stderr).toBe("");
    const sent = result.stdout.split("\0").slice(0, -1).map((data) => JSON.parse(data));
    expect(sent).toEqual(samples.map((sample) => sample.body));
  });
});
