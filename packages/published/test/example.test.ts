// examples/sms-login installed from the tarballs alone, in a project of its own: the mock's command serves both
// ports, a script using the installed client gets 200 from it, and the example's own tests (its routes, and a
// Chromium end to end) pass against the installed mock.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { userEnv } from "./global-setup.js";

const run = promisify(execFile);

describe("the example app, installed from the packed tarballs", () => {
  const appDir = inject("appDir");

  it("has the published packages and nothing of the workspace: no @sms-otp/spec anywhere in node_modules", () => {
    expect(existsSync(join(appDir, "node_modules", "@sms-otp", "client", "dist", "index.js"))).toBe(true);
    expect(existsSync(join(appDir, "node_modules", "@sms-otp", "mock", "dist", "openapi.yaml"))).toBe(true);
    expect(readdirSync(join(appDir, "node_modules", ".pnpm")).filter((name) => name.startsWith("@sms-otp+spec"))).toEqual([]);
  });

  it("sms-otp-mock --json serves both ports; a script using the installed client gets 200 from it", async () => {
    const caDir = mkdtempSync(join(inject("workDir"), "ca-"));
    const mock = spawn(join(appDir, "node_modules", ".bin", "sms-otp-mock"), ["--port", "0", "--https-port", "0", "--json", "--ca-dir", caDir], {
      cwd: appDir,
      env: userEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let stdout = "";
      mock.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      for (let waited = 0; !stdout.includes("\n") && mock.exitCode === null && waited < 60_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const ready = JSON.parse(stdout) as { url: string; httpsUrl: string; caPath: string };
      expect(ready.caPath).toBe(join(caDir, "ca.pem"));
      writeFileSync(
        join(appDir, "send.mjs"),
        `import { createStytchClient } from "@sms-otp/client";
const stytch = createStytchClient({ projectId: "project-test-00000000-0000-0000-0000-000000000000", secret: "secret-test-x", baseUrl: process.argv[2] });
const { response } = await stytch.otps.sms.send({ phone_number: "+10000000000" });
console.log(response.status);
`,
      );
      for (const baseUrl of [ready.url, ready.httpsUrl]) {
        const { stdout: status } = await run(process.execPath, [join(appDir, "send.mjs"), baseUrl], {
          cwd: appDir,
          env: userEnv({ NODE_EXTRA_CA_CERTS: ready.caPath }),
        });
        expect(status.trim()).toBe("200");
      }
    } finally {
      mock.kill("SIGTERM");
      rmSync(join(appDir, "send.mjs"), { force: true });
    }
  });

  it("its own tests pass: the routes, and a Chromium user signing in with the texted code", async () => {
    const result = await run("pnpm", ["test"], { cwd: appDir, env: userEnv() }).catch((error: { stdout: string; stderr: string }) => error);
    expect(result.stdout, result.stderr).toMatch(/^ℹ fail 0$/m);
    expect(result.stdout).toMatch(/^ℹ pass [1-9]\d*$/m);
    expect(result.stdout).toContain("✔ a user types their phone number, then the code they were texted, and is signed in");
  });
});
