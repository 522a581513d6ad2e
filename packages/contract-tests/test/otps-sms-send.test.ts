import type { OtpsSmsSendRequest } from "@sms-otp/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integerBounds, withField } from "./support/arbitraries.js";
import { contractTests, fromContract, responseExample } from "./support/operation-suite.js";
import { answered, ON_MOCK, testClient } from "./support/target.js";

const expiration = integerBounds("OtpsSmsSendRequest", "expiration_minutes");

// Valid bodies and the defects x-validation-errors maps come from the contract; these are the ones it cannot name.
const otpsSmsSend = fromContract("otpsSmsSend", (client, body) => client.otps.sms.send(body as OtpsSmsSendRequest), {
  extraDefects: (validBody) => [
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
    {
      defect: "an unknown field inside attributes",
      body: withField(validBody, "attributes", fc.constant({ ip_address: "203.0.113.7", device_id: "abc" })),
    },
  ],
});

describe("POST /v1/otps/sms/send", () => {
  it("200: the sandbox number +10000000000 comes back as data, valid against OtpsSmsSendResponse", async () => {
    const success = responseExample("otpsSmsSend", "200", "success");
    const result = await testClient().otps.sms.send({ phone_number: "+10000000000" });

    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
    expect(success.validate(result.data), JSON.stringify(success.validate.errors)).toBe(true);
    if (ON_MOCK) expect(result.data).toStrictEqual(answered(success.value));
  });

  contractTests(otpsSmsSend);
});
