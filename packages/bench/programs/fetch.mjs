// "Send one consumer passcode and one B2B passcode", written with bare fetch: the floor the others are held to.
import { B2B_BODY, CONSUMER_BODY } from "./payloads.mjs";

/** @param {import("./payloads.mjs").SenderOptions} options @returns {import("./payloads.mjs").Sender} */
export function createSender({ projectId, secret, baseUrl }) {
  const headers = {
    "Content-Type": "application/json",
    Authorization: `Basic ${btoa(`${projectId}:${secret}`)}`,
  };
  /** @param {string} path @param {object} body @returns {Promise<{ phone_id: string, member_id: string }>} */
  async function post(path, body) {
    const response = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    const json = /** @type {any} */ (await response.json());
    if (!response.ok) throw new Error(`${path} failed: ${json.error_type}`);
    return json;
  }
  return {
    async consumer() {
      return (await post("/v1/otps/sms/send", CONSUMER_BODY)).phone_id;
    },
    async b2b() {
      return (await post("/v1/b2b/otps/sms/send", B2B_BODY)).member_id;
    },
  };
}
