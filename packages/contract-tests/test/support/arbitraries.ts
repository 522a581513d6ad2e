// Generators of request field values, bounded by what the bundled spec says.
import fc from "fast-check";
import type { JsonObject } from "./spec.js";
import { CONTRACT } from "./target.js";

const schemas = (CONTRACT.document["components"] as { schemas: Record<string, JsonObject> }).schemas;
const E164 = new RegExp(schemas["E164PhoneNumber"]?.["pattern"] as string, "u");
export const LOCALES = schemas["Locale"]?.["enum"] as string[];

/** Free text, including characters outside ASCII. */
export const text = fc.string({ unit: "grapheme", maxLength: 40 });

export const e164 = fc.stringMatching(E164);

export const notE164 = fc
  .oneof(
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.stringMatching(/^[1-9][0-9]{6,14}$/), // no leading +
    fc.stringMatching(/^\+0[0-9]{1,14}$/), // country codes never start with 0
    fc.stringMatching(/^\+[1-9][0-9]{15,20}$/), // longer than 15 digits
    fc.stringMatching(/^\+[1-9][0-9]{2,4}[ ().-][0-9]{3,8}$/), // punctuation, as people type numbers
  )
  .filter((value) => !E164.test(value));

export const locale = fc.constantFrom(...LOCALES);

export const notLocale = fc
  .oneof(fc.constantFrom("EN", "pt-BR", "pt_br", "de", "zh", "en-US", ""), fc.string({ maxLength: 8 }))
  .filter((value) => !LOCALES.includes(value));

/** Integer bounds of a request property, as the spec declares them. */
export function integerBounds(schemaName: string, property: string): { min: number; max: number } {
  const properties = schemas[schemaName]?.["properties"] as Record<string, JsonObject>;
  const { minimum, maximum } = properties[property] as { minimum: number; maximum: number };
  return { min: minimum, max: maximum };
}

/** Integers just outside and far outside `bounds`, on either side. */
export function outsideBounds({ min, max }: { min: number; max: number }): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 }));
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
 * What both authenticate operations share: valid bodies, half with the sandbox code (success) and half with any
 * code (wrong, by the operation's x-mock-default, unless it is a reserved one), and the defects the contract maps
 * to their own Stytch errors.
 */
export function authenticateCases(validBody: fc.Arbitrary<Record<string, unknown>>, duration: { min: number; max: number }) {
  return {
    validBody: fc.oneof(validBody.map((body) => ({ ...body, code: "000000" })), validBody),
    invalidBodies: [
      {
        defect: "a code that is not 6 digits",
        body: withField(validBody, "code", fc.string({ maxLength: 10 }).filter((value) => !/^[0-9]{6}$/.test(value))),
        errorType: "invalid_code",
      },
      {
        defect: `a session_duration_minutes outside ${duration.min}..${duration.max}`,
        body: withField(validBody, "session_duration_minutes", outsideBounds(duration)),
        errorType: "invalid_session_duration_minutes",
      },
    ],
  };
}
