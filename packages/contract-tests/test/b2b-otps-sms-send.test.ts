import type { B2BOtpsSmsSendRequest } from "@sms-otp/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { e164, locale, notE164, notLocale, text, withField } from "./support/arbitraries.js";
import {
  authorizationTests,
  exampleTests,
  requestValidationTests,
  responseExample,
  type OperationUnderTest,
} from "./support/operation-suite.js";
import { firstRequestExample } from "./support/spec.js";
import { answered, CONTRACT, ON_MOCK, testClient } from "./support/target.js";

const validBody = fc.record(
  {
    organization_id: text,
    member_id: text,
    mfa_phone_number: e164,
    locale,
    intermediate_session_token: text,
    session_token: text,
    session_jwt: text,
  },
  { requiredKeys: ["organization_id", "member_id"] },
);

const b2bOtpsSmsSend: OperationUnderTest = {
  operationId: "b2bOtpsSmsSend",
  // The cast lets the property tests send bodies the types forbid, as untyped callers can.
  send: (client, body) => client.b2b.otps.sms.send(body as B2BOtpsSmsSendRequest),
  validBody,
  invalidBodies: [
    {
      defect: "an mfa_phone_number that is not E.164",
      body: withField(validBody, "mfa_phone_number", notE164),
      errorType: "invalid_phone_number",
    },
    { defect: "a locale that is not in the enum", body: withField(validBody, "locale", notLocale), errorType: "invalid_locale" },
    {
      defect: "a consumer-only field (expiration_minutes)",
      body: withField(validBody, "expiration_minutes", fc.integer({ min: 1, max: 10 })),
    },
  ],
};

describe("POST /v1/b2b/otps/sms/send", () => {
  // Stytch would need a real Organization and Member of the test project; the mock accepts the spec's example.
  (ON_MOCK ? it : it.skip)(
    `200: the spec's request example comes back as data, valid against B2BOtpsSmsSendResponse${ON_MOCK ? "" : " [skipped against Stytch: needs an Organization and Member of the project]"}`,
    async () => {
      const success = responseExample("b2bOtpsSmsSend", "200", "success");
      const request = firstRequestExample(CONTRACT, "b2bOtpsSmsSend") as B2BOtpsSmsSendRequest;
      const result = await testClient().b2b.otps.sms.send(request);

      expect(result.error).toBeUndefined();
      expect(result.response.status).toBe(200);
      expect(result.data).toStrictEqual(answered(success.value));
      expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    },
  );

  exampleTests(b2bOtpsSmsSend);
  requestValidationTests(b2bOtpsSmsSend);
  authorizationTests(b2bOtpsSmsSend);
});
