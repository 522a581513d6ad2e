import type { B2BOtpsSmsSendRequest } from "@sms-otp/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withField } from "./support/arbitraries.js";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { firstRequestExample } from "./support/spec.js";
import { answered, CONTRACT, ON_MOCK, testClient } from "./support/target.js";

// Valid bodies and the defects x-validation-errors maps come from the contract; this is one it cannot name.
const b2bOtpsSmsSend = fromContract("b2bOtpsSmsSend", (client, body) => client.b2b.otps.sms.send(body as B2BOtpsSmsSendRequest), {
  extraDefects: (validBody) => [
    {
      defect: "a consumer-only field (expiration_minutes)",
      body: withField(validBody, "expiration_minutes", fc.integer({ min: 1, max: 10 })),
    },
  ],
});

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

  contractTests(b2bOtpsSmsSend);
});
