import type { OtpsSmsSendRequest } from "@sms-otp/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { e164, integerBounds, locale, notE164, notLocale, outsideBounds, text, withField } from "./support/arbitraries.js";
import {
  authorizationTests,
  exampleTests,
  requestValidationTests,
  responseExample,
  type OperationUnderTest,
} from "./support/operation-suite.js";
import { answered, ON_MOCK, testClient } from "./support/target.js";

const expiration = integerBounds("OtpsSmsSendRequest", "expiration_minutes");

const validBody = fc.record(
  {
    phone_number: e164,
    expiration_minutes: fc.integer(expiration),
    attributes: fc.record({ ip_address: text, user_agent: text }, { requiredKeys: [] }),
    locale,
    user_id: text,
    session_token: text,
    session_jwt: text,
  },
  { requiredKeys: ["phone_number"] },
);

const otpsSmsSend: OperationUnderTest = {
  operationId: "otpsSmsSend",
  // The cast lets the property tests send bodies the types forbid, as untyped callers can.
  send: (client, body) => client.otps.sms.send(body as OtpsSmsSendRequest),
  validBody,
  invalidBodies: [
    {
      defect: "a phone_number that is not E.164",
      body: withField(validBody, "phone_number", notE164),
      errorType: "invalid_phone_number",
    },
    {
      defect: `an expiration_minutes outside ${expiration.min}..${expiration.max}`,
      body: withField(validBody, "expiration_minutes", outsideBounds(expiration)),
      errorType: "invalid_expiration_otp",
    },
    {
      defect: "an expiration_minutes that is not an integer",
      body: withField(
        validBody,
        "expiration_minutes",
        fc
          .oneof(fc.double({ min: expiration.min, max: expiration.max, noNaN: true }), fc.double({ noNaN: true, noDefaultInfinity: true }))
          .filter((value) => !Number.isInteger(value)),
      ),
    },
    { defect: "a locale that is not in the enum", body: withField(validBody, "locale", notLocale), errorType: "invalid_locale" },
    {
      defect: "an unknown field inside attributes",
      body: withField(validBody, "attributes", fc.constant({ ip_address: "203.0.113.7", device_id: "abc" })),
    },
  ],
};

describe("POST /v1/otps/sms/send", () => {
  it("200: the sandbox number +10000000000 comes back as data, valid against OtpsSmsSendResponse", async () => {
    const success = responseExample("otpsSmsSend", "200", "success");
    const result = await testClient().otps.sms.send({ phone_number: "+10000000000" });

    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
    expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    if (ON_MOCK) expect(result.data).toStrictEqual(answered(success.value));
  });

  exampleTests(otpsSmsSend);
  requestValidationTests(otpsSmsSend);
  authorizationTests(otpsSmsSend);
});
