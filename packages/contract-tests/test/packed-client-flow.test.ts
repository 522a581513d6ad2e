// The whole passcode flow as an application runs it: @sms-otp/client packed into its tarball, installed into a new
// project, and run by node against the mock (or Stytch). The other suites import the workspace's build; this one
// proves the published artifact alone is enough.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstRequestExample } from "./support/spec.js";
import { API_BASE_URL, CONTRACT, ON_MOCK } from "./support/target.js";

const run = promisify(execFile);
const clientDir = fileURLToPath(new URL("../../client/", import.meta.url));
// Under `pnpm run`, npm_execpath is the pnpm that runs us.
const pnpm = process.env["npm_execpath"]?.includes("pnpm") ? [process.execPath, process.env["npm_execpath"]] : ["pnpm"];
const work = mkdtempSync(join(tmpdir(), "sms-otp-packed-flow-"));
const app = join(work, "app");

// What an application writes: send, then authenticate the code against the send's phone_id or Member.
const FLOW = `
import { createStytchClient } from "@sms-otp/client";

const stytch = createStytchClient({
  projectId: process.env.STYTCH_PROJECT_ID,
  secret: process.env.STYTCH_SECRET,
  baseUrl: process.env.STYTCH_BASE_URL,
});
const [product, sendBody, authenticateExtra] = JSON.parse(process.argv[2]);

if (product === "consumer") {
  const sent = await stytch.otps.sms.send(sendBody);
  if (sent.error) throw new Error("send: " + sent.error.error_type);
  const { data, error } = await stytch.otps.authenticate({ method_id: sent.data.phone_id, ...authenticateExtra });
  if (error) throw new Error("authenticate: " + error.error_type);
  console.log(JSON.stringify({ user_id: data.user_id, session_user_id: data.session?.user_id, has_token: data.session_token.length > 0 }));
} else {
  const sent = await stytch.b2b.otps.sms.send(sendBody);
  if (sent.error) throw new Error("send: " + sent.error.error_type);
  const { data, error } = await stytch.b2b.otps.sms.authenticate({
    organization_id: sendBody.organization_id,
    member_id: sent.data.member_id,
    ...authenticateExtra,
  });
  if (error) throw new Error("authenticate: " + error.error_type);
  console.log(JSON.stringify({ member_id: data.member_session?.member_id, organization_id: data.member_session?.organization_id }));
}
`;

async function runFlow(args: unknown[]): Promise<Record<string, unknown>> {
  const credentials = ON_MOCK
    ? { STYTCH_PROJECT_ID: "project-test-00000000-0000-0000-0000-000000000000", STYTCH_SECRET: "secret-test-packed-flow" }
    : { STYTCH_PROJECT_ID: process.env["STYTCH_PROJECT_ID"] ?? "", STYTCH_SECRET: process.env["STYTCH_SECRET"] ?? "" };
  const { stdout } = await run(process.execPath, [join(app, "flow.mjs"), JSON.stringify(args)], {
    cwd: app,
    env: { PATH: process.env["PATH"], STYTCH_BASE_URL: API_BASE_URL, ...credentials },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  await run(pnpm[0]!, [...pnpm.slice(1), "pack", "--pack-destination", work], { cwd: clientDir });
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball into ${work}`);
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "packed-flow", private: true, type: "module", dependencies: { "@sms-otp/client": `file:../${tarball}` } }),
  );
  writeFileSync(join(app, "flow.mjs"), FLOW);
  // The store already holds openapi-fetch from the workspace install; the registry is asked only if not.
  await run(pnpm[0]!, [...pnpm.slice(1), "install", "--prefer-offline", "--ignore-scripts", "--reporter=silent"], { cwd: app });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed client in a new project: send, then authenticate", () => {
  it("consumer: send to +10000000000, authenticate its phone_id with 000000 and session_duration_minutes, get a session", async () => {
    const result = await runFlow(["consumer", { phone_number: "+10000000000" }, { code: "000000", session_duration_minutes: 60 }]);
    expect(result).toMatchObject({ has_token: true });
    expect(result["session_user_id"]).toBe(result["user_id"]);
  });

  (ON_MOCK ? it : it.skip)("B2B: send to the example Member, authenticate with 000000, get a Member session", async () => {
    const sendBody = firstRequestExample(CONTRACT, "b2bOtpsSmsSend");
    const result = await runFlow([
      "b2b",
      sendBody,
      { code: "000000", intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=", session_duration_minutes: 60 },
    ]);
    expect(result).toEqual({ member_id: sendBody["member_id"], organization_id: sendBody["organization_id"] });
  });
});
