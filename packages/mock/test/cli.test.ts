import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { occupyPort } from "./ports.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const AUTH = `Basic ${Buffer.from("project-test-mock:secret-test-mock").toString("base64")}`;

interface RunningCli {
  child: ChildProcess;
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
}

function runCli(env: Record<string, string>): RunningCli {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm --filter @sms-otp/mock run build" first`);
  const child = spawn(process.execPath, [CLI], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

async function waitForUrls(cli: RunningCli): Promise<{ url: string; httpsUrl: string; caPath: string }> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const match = /listening on (http:\/\/\S+) and (https:\/\/\S+)\n.*NODE_EXTRA_CA_CERTS=(\S+)/.exec(cli.stdout());
    if (match !== null && cli.stdout().includes("Stop with Ctrl-C")) {
      return { url: match[1] as string, httpsUrl: match[2] as string, caPath: match[3] as string };
    }
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the mock did not come up:\n${cli.stdout()}\n${cli.stderr()}`);
}

describe("pnpm mock (dist/cli.js)", () => {
  let cli: RunningCli | undefined;

  afterEach(async () => {
    if (cli !== undefined && cli.child.exitCode === null) {
      cli.child.kill("SIGTERM");
      await cli.exit;
    }
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`prints both URLs, the CA path, curl examples for every operation and Prefer, logs, answers, and stops on ${signal}`, async () => {
      // Port 0 stands in for the defaults 4010 and 4443, which may be taken on a shared machine.
      cli = runCli({ PORT: "0", MOCK_HTTPS_PORT: "0" });
      const { url, httpsUrl, caPath } = await waitForUrls(cli);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(caPath)).toBe(true);
      expect(cli.stdout()).toContain(`${url}/v1/otps/sms/send`);
      expect(cli.stdout()).toContain(`${url}/v1/b2b/otps/sms/send`);
      expect(cli.stdout()).toContain("Prefer: code=429, example=too_many_requests");

      const response = await fetch(`${url}/v1/otps/sms/send`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: AUTH },
        body: JSON.stringify({ phone_number: "+10000000000" }),
      });
      expect(response.status).toBe(200);
      await waitFor(() => cli?.stdout().includes("POST /v1/otps/sms/send 200 ") === true);

      cli.child.kill(signal);
      expect(await cli.exit).toBe(0);
      await expect(fetch(`${url}/v1/otps/sms/send`)).rejects.toThrow();
      expect(existsSync(caPath)).toBe(false);
    });
  }

  it("exits 1 with a one-line EADDRINUSE error and a hint to set the ports when a port is taken", async () => {
    const { port, server } = await occupyPort();
    try {
      cli = runCli({ PORT: "0", MOCK_HTTPS_PORT: String(port) });
      expect(await cli.exit).toBe(1);
      expect(cli.stderr()).toBe(
        `@sms-otp/mock: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n` +
          "\nThe port is taken: pick others with PORT and MOCK_HTTPS_PORT, e.g. PORT=4011 MOCK_HTTPS_PORT=4444 pnpm mock\n",
      );
    } finally {
      server.close();
    }
  });

  it("exits 1 with a one-line message when PORT is not a port number", async () => {
    cli = runCli({ PORT: "http" });
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toBe('@sms-otp/mock: PORT must be an integer from 0 to 65535, not "http"\n');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; waited < 5000 && !condition(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}
