import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { occupyPort, processesMatching } from "./processes.js";

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

async function waitForUrl(cli: RunningCli): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const match = /listening on (http:\/\/\S+)/.exec(cli.stdout());
    if (match?.[1] !== undefined && cli.stdout().includes("Stop with Ctrl-C")) return match[1];
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
    it(`prints the URL, curl examples for both endpoints and Prefer, answers, and stops Prism on ${signal}`, async () => {
      // PORT=0 stands in for the default 4010, which may be taken on a shared machine.
      cli = runCli({ PORT: "0" });
      const url = await waitForUrl(cli);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.stdout()).toContain(`${url}/v1/otps/sms/send`);
      expect(cli.stdout()).toContain(`${url}/v1/b2b/otps/sms/send`);
      expect(cli.stdout()).toContain("Prefer: code=429, example=too_many_requests");

      const response = await fetch(`${url}/v1/otps/sms/send`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: AUTH },
        body: JSON.stringify({ phone_number: "+10000000000" }),
      });
      expect(response.status).toBe(200);

      cli.child.kill(signal);
      expect(await cli.exit).toBe(0);
      expect(processesMatching(`prism-cli.* -p ${new URL(url).port} `)).toEqual([]);
    });
  }

  // Also shows that startMock does not retry another port when it was given one.
  it("exits 1 with Prism's EADDRINUSE error and a hint to set PORT when the port is taken", async () => {
    const { port, server } = await occupyPort();
    try {
      cli = runCli({ PORT: String(port) });
      expect(await cli.exit).toBe(1);
      expect(cli.stderr()).toContain(`EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(cli.stderr()).toContain("pick another with PORT, e.g. PORT=4011 pnpm mock");
      // Prism's usage text, which it prints on any failed start, is left out.
      expect(cli.stderr()).not.toContain("Start a mock server with the given document file");
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
