// Runs calls through Stytch's official Node SDK (`stytch`) in a process of its own, so that the mock's CA can be
// trusted the way an application does it: NODE_EXTRA_CA_CERTS, read by Node at start-up. Reads
// { baseUrl, calls: [{ b2b, method: ["otps", "sms", "send"], body }] } as JSON on stdin and writes one outcome per
// call as JSON on stdout: { data } for an answer, { error } for a StytchError, { thrown } for anything else.
import { text } from "node:stream/consumers";
import stytch from "stytch";

const { baseUrl, calls } = JSON.parse(await text(process.stdin));
const credentials = { project_id: "project-test-00000000-0000-0000-0000-000000000000", secret: "secret-test-DO-NOT-LEAK-sdk" };
const clients = {
  consumer: new stytch.Client({ ...credentials, custom_base_url: baseUrl }),
  b2b: new stytch.B2BClient({ ...credentials, custom_base_url: baseUrl }),
};

const outcomes = [];
for (const { b2b, method, body } of calls) {
  const owner = method.slice(0, -1).reduce((node, key) => node?.[key], b2b ? clients.b2b : clients.consumer);
  const name = method.at(-1);
  try {
    if (typeof owner?.[name] !== "function") throw new Error(`the SDK has no ${b2b ? "B2BClient" : "Client"}.${method.join(".")}`);
    outcomes.push({ data: await owner[name](body) });
  } catch (error) {
    if (error instanceof stytch.StytchError) {
      const { status_code, request_id, error_type, error_message, error_url } = error;
      outcomes.push({ error: { status_code, request_id, error_type, error_message, error_url } });
    } else {
      outcomes.push({ thrown: `${error?.name}: ${error?.message}` });
    }
  }
}
process.stdout.write(JSON.stringify(outcomes));
