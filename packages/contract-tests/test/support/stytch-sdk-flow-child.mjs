// Stytch's official Node SDK through the whole SMS login against the stateful mock over HTTPS (the CA trusted with
// NODE_EXTRA_CA_CERTS, as an application does), reading each texted code through the mock's typed helpers.
// Reads { baseUrl, projectId, operations: [paths the contract serves] } as JSON on stdin; writes the steps taken,
// each { step, data } or { step, error: { status_code, error_type } }, as JSON on stdout.
import { text } from "node:stream/consumers";
import { mockControl } from "@sms-otp/mock";
import stytch from "stytch";

const { baseUrl, projectId, operations } = JSON.parse(await text(process.stdin));
const credentials = { project_id: projectId, secret: "secret-test-DO-NOT-LEAK-sdk-flow", custom_base_url: baseUrl };
const client = new stytch.Client(credentials);
const b2bClient = new stytch.B2BClient(credentials);
const control = mockControl({ url: baseUrl, projectId });
const serves = (path) => operations.includes(path);

const steps = [];
async function step(name, run) {
  try {
    const data = await run();
    steps.push({ step: name, data });
    return data;
  } catch (error) {
    if (!(error instanceof stytch.StytchError)) throw error;
    steps.push({ step: name, error: { status_code: error.status_code, error_type: error.error_type } });
    return undefined;
  }
}

const phone = "+12025550142";
await control.reset();
await step("send to an unknown number", () => client.otps.sms.send({ phone_number: phone }));
let phoneId;
if (serves("/v1/otps/sms/login_or_create")) {
  phoneId = (await step("log in or create", () => client.otps.sms.loginOrCreate({ phone_number: phone }))).phone_id;
} else {
  await control.createUser({ phone_number: phone });
  phoneId = (await step("send", () => client.otps.sms.send({ phone_number: phone }))).phone_id;
}
const code = await control.waitForCode({ to: phone });
const wrong = code === "999999" ? "999998" : "999999";
await step("authenticate a wrong code", () => client.otps.authenticate({ method_id: phoneId, code: wrong }));
const now = Date.parse(await control.clock.now());
const signedIn = await step("authenticate the code", () => client.otps.authenticate({ method_id: phoneId, code, session_duration_minutes: 30 }));
steps.push({ step: "clock before", data: now });
await step("authenticate the code again", () => client.otps.authenticate({ method_id: phoneId, code, session_duration_minutes: 30 }));
if (serves("/v1/sessions/authenticate")) {
  await step("authenticate the session", () => client.sessions.authenticate({ session_token: signedIn.session_token }));
  await step("revoke the session", () => client.sessions.revoke({ session_token: signedIn.session_token }));
  await step("authenticate the revoked session", () => client.sessions.authenticate({ session_token: signedIn.session_token }));
}

const organization_id = "organization-test-3c0f2a9e-6b1d-4e7a-9c2f-5d8e1b4a7c30";
const member_id = "member-test-8f2e4d6c-1a3b-4c5d-9e7f-0a1b2c3d4e5f";
await step("B2B send", () => b2bClient.otps.sms.send({ organization_id, member_id, mfa_phone_number: "+12025550143" }));
const memberCode = await control.waitForCode({ memberId: member_id });
await step("B2B authenticate", () =>
  b2bClient.otps.sms.authenticate({ organization_id, member_id, code: memberCode, intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=" }),
);
process.stdout.write(JSON.stringify(steps));
