// Generators of request field values, bounded by what the bundled spec says.
import fc from "fast-check";
import type { JsonObject } from "./spec.js";
import { CONTRACT } from "./target.js";

const schemas = (CONTRACT.document["components"] as { schemas: Record<string, JsonObject> }).schemas;
const E164 = new RegExp(schemas["E164PhoneNumber"]?.["pattern"] as string, "u");
const LOCALES = schemas["Locale"]?.["enum"] as string[];

/** Free text, including characters outside ASCII. */
export const text = fc.string({ unit: "grapheme", maxLength: 40 });

const notE164 = fc
  .oneof(
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.stringMatching(/^[1-9][0-9]{6,14}$/), // no leading +
    fc.stringMatching(/^\+0[0-9]{1,14}$/), // country codes never start with 0
    fc.stringMatching(/^\+[1-9][0-9]{15,20}$/), // longer than 15 digits
    fc.stringMatching(/^\+[1-9][0-9]{2,4}[ ().-][0-9]{3,8}$/), // punctuation, as people type numbers
  )
  .filter((value) => !E164.test(value));

const notLocale = fc
  .oneof(fc.constantFrom("EN", "pt-BR", "pt_br", "de", "zh", "en-US", ""), fc.string({ maxLength: 8 }))
  .filter((value) => !LOCALES.includes(value));

/** Integer bounds of a request property, as the spec declares them. */
export function integerBounds(schemaName: string, property: string): { min: number; max: number } {
  const properties = schemas[schemaName]?.["properties"] as Record<string, JsonObject>;
  const { minimum, maximum } = properties[property] as { minimum: number; maximum: number };
  return { min: minimum, max: maximum };
}

/** A valid body with one field replaced, paired with that field's name. */
export function withField(
  valid: fc.Arbitrary<JsonObject>,
  field: string,
  value: fc.Arbitrary<unknown>,
): fc.Arbitrary<{ body: JsonObject; field: string }> {
  return fc.tuple(valid, value).map(([body, fieldValue]) => ({ body: { ...body, [field]: fieldValue }, field }));
}

/**
 * Values the contract accepts for `schema`, read from the schema itself: strings by their pattern or enum, integers
 * within their bounds, booleans, objects by their properties (required ones always present), and free-form objects
 * as small JSON dictionaries. A new operation's valid requests need no generator of their own.
 */
export function accepted(schema: unknown): fc.Arbitrary<unknown> {
  const resolved = CONTRACT.deref<JsonObject>(schema);
  if (Array.isArray(resolved["enum"])) return fc.constantFrom(...(resolved["enum"] as unknown[]));
  switch (resolved["type"]) {
    case "string":
      return typeof resolved["pattern"] === "string" ? fc.stringMatching(new RegExp(resolved["pattern"], "u")) : text;
    case "integer":
      return fc.integer({ min: Number(resolved["minimum"] ?? -1_000_000), max: Number(resolved["maximum"] ?? 1_000_000) });
    case "boolean":
      return fc.boolean();
    case "object": {
      const properties = resolved["properties"] as Record<string, unknown> | undefined;
      if (properties === undefined) {
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      }
      const fields = Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, accepted(field)]));
      return fc.record(fields, { requiredKeys: (resolved["required"] as string[] | undefined) ?? [] });
    }
    default:
      throw new Error(`no generator for the schema ${JSON.stringify(resolved).slice(0, 200)}`);
  }
}

/** Request bodies the contract accepts for the operation. */
export function acceptedBody(operationId: string): fc.Arbitrary<JsonObject> {
  return accepted(CONTRACT.operation(operationId).requestSchema) as fc.Arbitrary<JsonObject>;
}

/** Values that fail `keyword` of `schema` and nothing else, for the defects x-validation-errors maps. */
function failing(schema: JsonObject, keyword: string): fc.Arbitrary<unknown> {
  switch (keyword) {
    case "pattern": {
      // Phone numbers as people mistype them, rather than random text, for the shared E.164 rule.
      if (schema["pattern"] === E164.source) return notE164;
      const pattern = new RegExp(String(schema["pattern"]), "u");
      return fc.string({ unit: "grapheme", maxLength: 20 }).filter((value) => !pattern.test(value));
    }
    case "enum": {
      const values = schema["enum"] as unknown[];
      if (JSON.stringify(values) === JSON.stringify(LOCALES)) return notLocale;
      return fc.string({ maxLength: 8 }).filter((value) => !values.includes(value));
    }
    case "minimum":
      return fc.integer({ max: Number(schema["minimum"]) - 1 });
    case "maximum":
      return fc.integer({ min: Number(schema["maximum"]) + 1 });
    default:
      throw new Error(`no generator of values failing ${keyword}`);
  }
}

/**
 * One defect per (field, keyword) the operation's x-validation-errors map to an error of their own, each with the
 * error type the contract says Stytch answers it with: read from the contract, so they follow it.
 */
export function mappedDefects(operationId: string, valid: fc.Arbitrary<JsonObject>) {
  const operation = CONTRACT.operation(operationId);
  return operation.examples.flatMap((example) =>
    example.validationErrors
      .filter((rule) => rule.field !== "*" && !rule.field.includes("."))
      .flatMap((rule) =>
        rule.keywords.map((keyword) => {
          const field = operation.requestFields.find((candidate) => candidate.path === rule.field);
          if (field === undefined) throw new Error(`${operationId}: x-validation-errors names ${rule.field}, no request field`);
          return {
            defect: `a ${rule.field} failing its ${keyword}`,
            body: withField(valid, rule.field, failing(field.schema, keyword)),
            errorType: (example.value as { error_type: string }).error_type,
          };
        }),
      ),
  );
}

/** Half the bodies with the sandbox code (a success), half with any code (wrong, by x-mock-default, unless reserved). */
export function halfSandboxCode(validBody: fc.Arbitrary<JsonObject>): fc.Arbitrary<JsonObject> {
  return fc.oneof(validBody.map((body) => ({ ...body, code: "000000" })), validBody);
}
