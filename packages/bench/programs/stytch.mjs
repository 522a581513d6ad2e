// "Send one consumer passcode and one B2B passcode", written with Stytch's official `stytch` package.
import * as stytch from "stytch";
import { B2B_BODY, CONSUMER_BODY } from "./payloads.mjs";

/** @param {import("./payloads.mjs").SenderOptions} options @returns {import("./payloads.mjs").Sender} */
export function createSender({ projectId, secret, baseUrl }) {
  // `stytch` refuses any custom_base_url that is not https://, which is why the benchmark server speaks TLS.
  // Each client writes `env` into the config object it is given, and a client given one that already has
  // `env` warns that both it and `custom_base_url` are set: hence a fresh object for each.
  const config = () => ({ project_id: projectId, secret, custom_base_url: baseUrl });
  const consumerClient = new stytch.Client(config());
  const b2bClient = new stytch.B2BClient(config());
  return {
    // The SDK throws StytchError for every HTTP error, so there is nothing to check on success.
    async consumer() {
      return (await consumerClient.otps.sms.send(CONSUMER_BODY)).phone_id;
    },
    async b2b() {
      return (await b2bClient.otps.sms.send(B2B_BODY)).member_id;
    },
  };
}
