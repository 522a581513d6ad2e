// Stytch's official Node SDK runs the SMS login against the stateful mock over HTTPS, reading every code through the
// mock's helpers (mockControl) instead of knowing a sandbox value: issue 17's "Done when".
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadContract } from "@sms-otp/spec/contract";
import { beforeAll, expect, inject, it } from "vitest";
import { describeOnMock } from "./support/target.js";

const CHILD = fileURLToPath(new URL("./support/stytch-sdk-flow-child.mjs", import.meta.url));
const contract = loadContract(inject("specPath"));

type Step = { step: string; data?: Record<string, unknown> & { session?: Record<string, unknown> }; error?: { status_code: number; error_type: string } };

function runFlow(): Promise<Step[]> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: inject("mockCaPath") };
    delete env["NODE_TLS_REJECT_UNAUTHORIZED"];
    const child = execFile(process.execPath, [CHILD], { env }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`the SDK process failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as Step[]);
    });
    const operations = contract.operations.map((operation) => operation.path);
    child.stdin?.end(JSON.stringify({ baseUrl: inject("mockHttpsUrl"), projectId: "project-test-sdk-stateful-flow", operations }));
  });
}

describeOnMock("Stytch's official Node SDK through the stateful mock", "it reads codes from the mock's outbox", () => {
  let steps: Step[] = [];
  const byName = (name: string) => steps.find((candidate) => candidate.step === name);

  beforeAll(async () => {
    steps = await runFlow();
  }, 60_000);

  it("a send to an unknown number gets 404 phone_number_not_found", () => {
    expect(byName("send to an unknown number")?.error).toEqual({ status_code: 404, error_type: "phone_number_not_found" });
  });

  it("a wrong code gets 404 otp_code_not_found; the texted one a session of the asked length; the same again 401", () => {
    expect(byName("authenticate a wrong code")?.error).toEqual({ status_code: 404, error_type: "otp_code_not_found" });
    const session = byName("authenticate the code")?.data?.session;
    const clockBefore = byName("clock before")?.data as unknown as number;
    const expiresIn = Date.parse(String(session?.["expires_at"])) - clockBefore;
    expect(expiresIn).toBeGreaterThanOrEqual(30 * 60_000);
    expect(expiresIn).toBeLessThan(30 * 60_000 + 10_000);
    expect(byName("authenticate the code again")?.error).toEqual({ status_code: 401, error_type: "unable_to_auth_otp_code" });
  });

  it.runIf(contract.operations.some((operation) => operation.path === "/v1/sessions/authenticate"))(
    "the session authenticates until it is revoked, then gets 404 session_not_found",
    () => {
      expect(byName("authenticate the session")?.data?.["session_token"]).toBe(byName("authenticate the code")?.data?.["session_token"]);
      expect(byName("revoke the session")?.data?.["status_code"]).toBe(200);
      expect(byName("authenticate the revoked session")?.error).toEqual({ status_code: 404, error_type: "session_not_found" });
    },
  );

  it("B2B: the first send creates the Member, and its texted code gives a Member session", () => {
    expect(byName("B2B send")?.data?.["member_id"]).toBe("member-test-8f2e4d6c-1a3b-4c5d-9e7f-0a1b2c3d4e5f");
    expect((byName("B2B authenticate")?.data?.["member_session"] as Record<string, unknown> | undefined)?.["member_id"]).toBe(
      "member-test-8f2e4d6c-1a3b-4c5d-9e7f-0a1b2c3d4e5f",
    );
  });
});
