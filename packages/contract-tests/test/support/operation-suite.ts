// The checks both operations share, registered inside each operation's own describe block. The operation files
// hold what differs: how to call the client, and which valid and invalid bodies to generate.
import type { StytchClient } from "@sms-otp/client";
import fc from "fast-check";
import { expect, it } from "vitest";
import { acceptedBody, mappedDefects } from "./arbitraries.js";
import { COVERED_EXAMPLES } from "./covered-examples.js";
import { declaredResponse, firstRequestExample, type JsonObject, type OperationId } from "./spec.js";
import { answered, CONTRACT, describeOnMock, FAST_CHECK, ON_MOCK, testClient } from "./target.js";

/** What the client's send methods return, without the per-operation types (tests also send ill-typed bodies). */
export interface SendResultShape {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface OperationUnderTest {
  operationId: OperationId;
  send(client: StytchClient, body: unknown): Promise<SendResultShape>;
  /** Requests the contract accepts. */
  validBody: fc.Arbitrary<JsonObject>;
  /** Requests the contract rejects, each with one defect, beyond the generic ones (missing, mistyped, unknown fields). */
  invalidBodies: readonly InvalidBody[];
}

export interface InvalidBody {
  defect: string;
  /** Each generated body with the field it breaks. */
  body: fc.Arbitrary<{ body: unknown; field: string }>;
  /** The error type Stytch answers this defect with; `bad_request` (whose message names the field) when absent. */
  errorType?: string;
}

/**
 * An operation whose requests are all read from the contract: valid ones from its request schema, invalid ones
 * from its x-validation-errors (plus `extraDefects`). A new operation needs only its client call.
 */
export function fromContract(
  operationId: OperationId,
  send: OperationUnderTest["send"],
  options: {
    /** Defects beyond the generic and the mapped ones, each built on the accepted bodies. */
    extraDefects?: (valid: fc.Arbitrary<JsonObject>) => readonly InvalidBody[];
    /** Steers the accepted bodies (towards the sandbox code, say); they must stay valid. */
    validBody?: (valid: fc.Arbitrary<JsonObject>) => fc.Arbitrary<JsonObject>;
  } = {},
): OperationUnderTest {
  const accepted = acceptedBody(operationId);
  return {
    operationId,
    send,
    validBody: options.validBody?.(accepted) ?? accepted,
    invalidBodies: [...mappedDefects(operationId, accepted), ...(options.extraDefects?.(accepted) ?? [])],
  };
}

/** Every check the operations share: each example by Prefer, generated requests, and missing credentials. */
export function contractTests(op: OperationUnderTest): void {
  exampleTests(op);
  requestValidationTests(op);
  authorizationTests(op);
}

/** The named example `name` of the `status` response, and a validator of that response's schema. */
export function responseExample(operationId: OperationId, status: string, name: string) {
  const example = declaredResponse(CONTRACT, operationId, status).examples.find((candidate) => candidate.name === name);
  if (example === undefined) throw new Error(`the bundled spec has no example ${name} under ${operationId} ${status}`);
  return { value: example.value, validate: CONTRACT.compileSchema(declaredResponse(CONTRACT, operationId, status).schema) };
}

/** Asserts the result is `error`, a Stytch envelope valid against the spec, with the given status. */
export function expectStytchError(operationId: OperationId, result: SendResultShape, status: number): void {
  expect(result.data).toBeUndefined();
  expect(result.response.status).toBe(status);
  const validate = CONTRACT.compileSchema(declaredResponse(CONTRACT, operationId, String(status)).schema);
  expect(validate(result.error), JSON.stringify(validate.errors)).toBe(true);
  expect(result.error).toMatchObject({ status_code: status });
}

/** One test per (status, example) of COVERED_EXAMPLES, each selected with Prefer. */
export function exampleTests(op: OperationUnderTest): void {
  const request = firstRequestExample(CONTRACT, op.operationId);
  describeOnMock("every named response example, selected with Prefer", "needs the mock's Prefer header", () => {
    for (const [status, names] of Object.entries(COVERED_EXAMPLES[op.operationId])) {
      const outcome = status === "200" ? "data" : "error";
      for (const name of names) {
        it(`${status} ${name} comes back as ${outcome}, equal to the spec's example and valid against its schema`, async () => {
          const example = responseExample(op.operationId, status, name);
          const result = await op.send(testClient({ Prefer: `code=${status}, example=${name}` }), request);

          expect(result.response.status).toBe(Number(status));
          expect(result[outcome]).toStrictEqual(answered(example.value));
          expect(result[outcome === "data" ? "error" : "data"]).toBeUndefined();
          expect(example.validate(result[outcome]), JSON.stringify(example.validate.errors)).toBe(true);
        });
      }
    }
  });
}

/**
 * Property tests: what the contract accepts gets 200 (or the example its trigger selects), what it rejects gets the
 * error Stytch gives for that defect, and nothing gets a 5xx.
 */
export function requestValidationTests(op: OperationUnderTest): void {
  const { requestSchema } = CONTRACT.operation(op.operationId);
  const validateRequest = CONTRACT.compileSchema(requestSchema);
  const success = responseExample(op.operationId, "200", "success");
  const invalidBodies = [...genericInvalidBodies(requestSchema, op.validBody), ...op.invalidBodies];
  const client = testClient();

  describeOnMock("generated requests", "valid ones would text real numbers", () => {
    it("every valid request gets what the mock rules choose: its trigger's example, else the x-mock-default, else the success", async () => {
      await fc.assert(
        fc.asyncProperty(op.validBody, async (body) => {
          expect(validateRequest(body), JSON.stringify(validateRequest.errors)).toBe(true);
          const triggered = CONTRACT.mockAnswer(op.operationId, body);
          const result = await op.send(client, body);
          expect(result.response.status).toBe(triggered?.status ?? 200);
          expect(result.data ?? result.error).toStrictEqual(answered(triggered?.value ?? success.value));
        }),
        FAST_CHECK,
      );
    });

    for (const invalid of invalidBodies) {
      const errorType = invalid.errorType ?? "bad_request";
      it(`400: ${invalid.defect} gets ${errorType} as error, as the contract maps it, with a fresh request_id`, async () => {
        await fc.assert(
          fc.asyncProperty(invalid.body, async ({ body, field }) => {
            expect(validateRequest(body), `the generator made a valid body: ${JSON.stringify(body)}`).toBe(false);
            const rejection = CONTRACT.validateRequest(op.operationId, body);
            const result = await op.send(client, body);
            expectStytchError(op.operationId, result, 400);
            const error = result.error as { request_id: string; error_type: string; error_message: string };
            expect(error).toStrictEqual({ ...rejection?.body, request_id: error.request_id });
            expect(error.request_id).not.toBe(rejection?.body.request_id);
            expect(error.error_type).toBe(errorType);
            // Stytch's bad_request messages name the field; the contract cuts very long names.
            if (errorType === "bad_request") expect(error.error_message).toContain(field.slice(0, 100));
          }),
          FAST_CHECK,
        );
      });
    }

    it("no generated request, valid, invalid or any JSON at all, gets a 5xx", async () => {
      const anyBody = fc.oneof(op.validBody, ...invalidBodies.map((invalid) => invalid.body.map(({ body }) => body)), fc.jsonValue());
      await fc.assert(
        fc.asyncProperty(anyBody, async (body) => {
          const { response } = await op.send(client, body);
          const triggered = CONTRACT.validateRequest(op.operationId, body) ? undefined : CONTRACT.mockAnswer(op.operationId, body);
          // Only a trigger may choose a documented 5xx; nothing else a client sends gets one.
          if (triggered !== undefined) expect(response.status).toBe(triggered.status);
          else expect([200, 400]).toContain(response.status);
        }),
        { ...FAST_CHECK, numRuns: 60 },
      );
    });
  });
}

const MALFORMED_AUTHORIZATION: readonly [label: string, value: string | null][] = [
  ["no Authorization header", null],
  ["a Bearer token instead of Basic", "Bearer secret-test-DO-NOT-LEAK-contract"],
  ["Basic with nothing after it", "Basic "],
  ["Basic with a value that is not base64", "Basic !!!not-base64!!!"],
  ["Basic credentials without a colon", `Basic ${Buffer.from("project-test-no-colon").toString("base64")}`],
];

/** Requests without usable credentials get 401, from the mock and from Stytch alike. */
export function authorizationTests(op: OperationUnderTest): void {
  const request = firstRequestExample(CONTRACT, op.operationId);
  const unauthorized = responseExample(op.operationId, "401", "unauthorized_credentials");
  for (const [label, value] of MALFORMED_AUTHORIZATION) {
    it(`401: ${label} gets unauthorized_credentials as error`, async () => {
      const result = await op.send(testClient({ Authorization: value }), request);
      expectStytchError(op.operationId, result, 401);
      const error = result.error as { request_id: string };
      if (ON_MOCK) expect(error).toStrictEqual({ ...(unauthorized.value as object), request_id: error.request_id });
      else expect(error).toMatchObject({ error_type: "unauthorized_credentials" });
      expect(error.request_id).toMatch(/^request-id-test-/);
    });
  }
}

/** Bodies that break the request schema in ways every operation shares: derived from the schema itself. */
function genericInvalidBodies(schema: JsonObject, validBody: fc.Arbitrary<JsonObject>): InvalidBody[] {
  const properties = schema["properties"] as Record<string, unknown>;
  const required = (schema["required"] as string[] | undefined) ?? [];
  const names = Object.keys(properties);
  const missingRequired = (): InvalidBody => ({
    defect: "a missing required field",
    body: fc.tuple(validBody, fc.constantFrom(...required)).map(([valid, field]) => {
      const body: JsonObject = { ...valid };
      delete body[field];
      return { body, field };
    }),
  });
  return [
    // The sessions operations require no field: Stytch wants one of several, which the schema leaves to prose.
    ...(required.length > 0 ? [missingRequired()] : []),
    {
      defect: "a field of the wrong JSON type",
      body: fc
        .tuple(validBody, fc.constantFrom(...names))
        .chain(([valid, field]) =>
          wrongTypeValue(CONTRACT.deref<JsonObject>(properties[field])["type"] as string).map((value) => ({
            body: { ...valid, [field]: value },
            field,
          })),
        ),
    },
    {
      defect: "an unknown field",
      body: fc
        .tuple(
          validBody,
          fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((name) => !names.includes(name)),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([valid, field, value]) => ({ body: { ...valid, [field]: value }, field })),
    },
  ];
}

function wrongTypeValue(type: string): fc.Arbitrary<unknown> {
  const anyValue = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
  );
  return anyValue.filter((value) => !hasJsonType(value, type));
}

function hasJsonType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}
