// "Send one consumer passcode and one B2B passcode", written with @sms-otp/client.
import { createStytchClient } from "@sms-otp/client";
import { B2B_BODY, CONSUMER_BODY } from "./payloads.mjs";

/** @param {import("./payloads.mjs").SenderOptions} options @returns {import("./payloads.mjs").Sender} */
export function createSender({ projectId, secret, baseUrl }) {
  const stytch = createStytchClient({ projectId, secret, baseUrl });
  return {
    async consumer() {
      const { data, error } = await stytch.otps.sms.send(CONSUMER_BODY);
      if (error) throw new Error(`consumer passcode not sent: ${error.error_type}`);
      return data.phone_id;
    },
    async b2b() {
      const { data, error } = await stytch.b2b.otps.sms.send(B2B_BODY);
      if (error) throw new Error(`B2B passcode not sent: ${error.error_type}`);
      return data.member_id;
    },
  };
}
