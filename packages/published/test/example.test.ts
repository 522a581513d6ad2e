// examples/sms-login installed from the tarballs alone, in a project of its own: the mock's command serves both
// ports, a script using the installed client gets 200 from it, and the example's own tests (its routes, and a
// Chromium end to end) pass against the installed mock.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { userEnv } from "./global-setup.js";

const run = promisify(execFile);
const MOCK_README = fileURLToPath(new URL("../../mock/README.md", import.meta.url));

/** The `run:` script of the GitHub Actions step in the mock's README, as a shell runs it. */
function actionsStepScript(): string {
  const readme = readFileSync(MOCK_README, "utf8");
  const block = /\*\*A GitHub Actions step\*\*[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  const script = /^ {2}run: \|\n((?: {4}.*\n)+)/m.exec(block ?? "")?.[1];
  if (script === undefined) throw new Error("the mock's README has no GitHub Actions step with a run: | script");
  return script.replace(/^ {4}/gm, "");
}

describe("the example app, installed from the packed tarballs", () => {
  const appDir = inject("appDir");

  it("pins playwright-core at the workspace's version, so its install comes from the pnpm store", () => {
    const example = JSON.parse(readFileSync(fileURLToPath(new URL("../../../examples/sms-login/package.json", import.meta.url)), "utf8"));
    const catalog = /^ {2}playwright-core: (\S+)$/m.exec(readFileSync(fileURLToPath(new URL("../../../pnpm-workspace.yaml", import.meta.url)), "utf8"));
    expect(example.devDependencies["playwright-core"]).toBe(catalog?.[1]);
  });

  it("has the published packages and nothing of the workspace: no @sms-otp/spec anywhere in node_modules", () => {
    expect(existsSync(join(appDir, "node_modules", "@sms-otp", "client", "dist", "index.js"))).toBe(true);
    expect(existsSync(join(appDir, "node_modules", "@sms-otp", "mock", "dist", "openapi.yaml"))).toBe(true);
    expect(readdirSync(join(appDir, "node_modules", ".pnpm")).filter((name) => name.startsWith("@sms-otp+spec"))).toEqual([]);
  });

  it("the mock README's GitHub Actions step, run as written: npx sms-otp-mock serves both ports, the installed client gets 200", async () => {
    const work = mkdtempSync(join(inject("workDir"), "actions-"));
    const githubEnv = join(work, "github-env");
    writeFileSync(githubEnv, "");
    // detached: the step's shell and the mock it leaves running share a process group of their own, stopped below.
    const step = spawn("bash", ["-e", "-c", actionsStepScript()], {
      cwd: appDir,
      detached: true,
      env: userEnv({ RUNNER_TEMP: work, GITHUB_ENV: githubEnv, SMS_OTP_MOCK_CA_DIR: join(work, "sms-otp-mock-ca") }),
      stdio: "ignore",
    });
    try {
      const exitCode = await new Promise((resolve) => step.once("exit", resolve));
      expect(exitCode, readFileSync(join(work, "mock.log"), "utf8")).toBe(0);
      const exported = Object.fromEntries(
        readFileSync(githubEnv, "utf8").trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      );
      expect(Object.keys(exported)).toEqual(["STYTCH_BASE_URL", "STYTCH_HTTPS_URL", "NODE_EXTRA_CA_CERTS"]);
      expect(exported["NODE_EXTRA_CA_CERTS"]).toBe(join(work, "sms-otp-mock-ca", "ca.pem"));
      writeFileSync(
        join(appDir, "send.mjs"),
        `import { createStytchClient } from "@sms-otp/client";
const stytch = createStytchClient({ projectId: "project-test-00000000-0000-0000-0000-000000000000", secret: "secret-test-x", baseUrl: process.argv[2] });
const { response } = await stytch.otps.sms.send({ phone_number: "+10000000000" });
console.log(response.status);
`,
      );
      for (const baseUrl of [exported["STYTCH_BASE_URL"], exported["STYTCH_HTTPS_URL"]] as string[]) {
        const { stdout: status } = await run(process.execPath, [join(appDir, "send.mjs"), baseUrl], {
          cwd: appDir,
          env: userEnv({ NODE_EXTRA_CA_CERTS: exported["NODE_EXTRA_CA_CERTS"] as string }),
        });
        expect(status.trim()).toBe("200");
      }
    } finally {
      if (step.pid !== undefined) process.kill(-step.pid, "SIGTERM");
      rmSync(join(appDir, "send.mjs"), { force: true });
    }
  });

  it("its own tests pass: the routes, and a Chromium user signing in with the texted code", async () => {
    const result = await run("pnpm", ["test"], { cwd: appDir, env: userEnv() }).catch((error: { stdout: string; stderr: string }) => error);
    // node --test reports as "spec" (ℹ lines) on Node 24, and as TAP (# lines) on Node 20 when not on a terminal.
    expect(result.stdout, result.stderr).toMatch(/^(?:ℹ|#) fail 0$/m);
    expect(result.stdout).toMatch(/^(?:ℹ|#) pass [1-9]\d*$/m);
    expect(result.stdout).toMatch(/^(?:✔|ok \d+ -) a user types their phone number, then the code they were texted, and is signed in/m);
  });
});
