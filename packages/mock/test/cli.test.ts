import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { requestWithHost } from "./host-request.js";
import { occupyPort } from "./ports.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const AUTH = `Basic ${Buffer.from("project-test-mock:secret-test-mock").toString("base64")}`;

interface RunningCli {
  child: ChildProcess;
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
}

const work = mkdtempSync(join(tmpdir(), "sms-otp-mock-cli-test-"));
// Never the user's real cache: every run of the command line gets this CA directory unless a test passes --ca-dir.
const CA_DIR = join(work, "ca");

function runCli(env: Record<string, string>, args: string[] = []): RunningCli {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm --filter @sms-otp/mock run build" first`);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, SMS_OTP_MOCK_CA_DIR: CA_DIR, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
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

describe("sms-otp-mock (dist/cli.js)", () => {
  let cli: RunningCli | undefined;

  afterAll(() => rmSync(work, { recursive: true, force: true }));

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
      expect(caPath).toBe(join(CA_DIR, "ca.pem"));
      expect(existsSync(caPath)).toBe(true);
    });
  }

  it("--json: stdout is one JSON line when ready, the same CA at every start; requests are logged to stderr", async () => {
    const starts: { url: string; httpsUrl: string; caPath: string }[] = [];
    for (const args of [["--json", "--port", "0", "--https-port", "0"], ["--port=0", "--https-port=0", "--json"]]) {
      cli = runCli({}, args);
      await waitFor(() => cli?.stdout().includes("\n") === true || cli?.child.exitCode !== null, 60_000);
      const ready = JSON.parse(cli.stdout()) as { url: string; httpsUrl: string; caPath: string };
      expect(Object.keys(ready)).toEqual(["url", "httpsUrl", "caPath"]);
      const response = await fetch(`${ready.url}/v1/otps/sms/send`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: AUTH },
        body: JSON.stringify({ phone_number: "+10000000000" }),
      });
      expect(response.status).toBe(200);
      await waitFor(() => cli?.stderr().includes("POST /v1/otps/sms/send 200 ") === true);
      expect(cli.stdout()).toBe(`${JSON.stringify(ready)}\n`);
      starts.push(ready);
      cli.child.kill("SIGTERM");
      expect(await cli.exit).toBe(0);
    }
    expect(starts[1]?.caPath).toBe(starts[0]?.caPath);
    expect(starts[0]?.caPath).toBe(join(CA_DIR, "ca.pem"));
    expect(starts[1]?.httpsUrl).not.toBe(starts[0]?.httpsUrl);
  });

  it("--allowed-host (repeatable) wins over $MOCK_ALLOWED_HOSTS; any other non-loopback Host gets 421", async () => {
    const send = { headers: { Authorization: AUTH }, body: { phone_number: "+10000000000" } };
    const runs: [string[], Record<string, number>][] = [
      [["--allowed-host", "mock:4010", "--allowed-host=other-mock"], { "mock:4010": 200, "other-mock:1": 200, "env-mock": 421, "attacker.example": 421, localhost: 200 }],
      [[], { "env-mock:9": 200, "second-env-mock": 200, "mock:4010": 421, "attacker.example": 421 }],
    ];
    for (const [args, expected] of runs) {
      cli = runCli({ MOCK_ALLOWED_HOSTS: "env-mock, second-env-mock" }, ["--json", "--port", "0", "--https-port", "0", ...args]);
      await waitFor(() => cli?.stdout().includes("\n") === true || cli?.child.exitCode !== null, 60_000);
      const { url } = JSON.parse(cli.stdout()) as { url: string };
      for (const [host, status] of Object.entries(expected)) {
        expect((await requestWithHost(url, host, "/v1/otps/sms/send", send)).status, `${args.join(" ")} Host: ${host}`).toBe(status);
      }
      cli.child.kill("SIGTERM");
      expect(await cli.exit).toBe(0);
    }
  });

  it("--ca-dir wins over $SMS_OTP_MOCK_CA_DIR; `ca path` prints (and makes) the CA, `ca remove` deletes it", async () => {
    const chosen = join(work, "chosen-ca");
    cli = runCli({}, ["ca", "path", "--ca-dir", chosen]);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe(`${join(chosen, "ca.pem")}\n`);
    expect(readFileSync(join(chosen, "ca.pem"), "utf8")).toContain("BEGIN CERTIFICATE");

    cli = runCli({ SMS_OTP_MOCK_CA_DIR: chosen }, ["ca", "path"]);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe(`${join(chosen, "ca.pem")}\n`);

    cli = runCli({}, ["ca", "remove", "--ca-dir", chosen]);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe(`Removed the mock's CA from ${chosen}. If you added it to a system or browser trust store, remove it there too.\n`);
    expect(existsSync(chosen)).toBe(false);
  });

  it("exits 1 with one line naming the busy port and the flag to change", async () => {
    const { port, server } = await occupyPort();
    try {
      cli = runCli({ PORT: "0" }, ["--https-port", String(port)]);
      expect(await cli.exit).toBe(1);
      expect(cli.stderr()).toBe(`sms-otp-mock: port ${port} on 127.0.0.1 is in use; choose another with --https-port (0 picks a free one)\n`);
    } finally {
      server.close();
    }
  });

  it.each([
    [["--prot", "4010"], "unknown option --prot (see sms-otp-mock --help)"],
    [["--port"], "option --port needs a value (see sms-otp-mock --help)"],
    [["--port", "http"], '--port must be an integer from 0 to 65535, not "http"'],
    [["--allowed-host", "http://mock:4010"], '--allowed-host must be a host name or name:port (e.g. mock:4010), not "http://mock:4010"'],
    [["serve"], 'unknown command "serve"; the commands are "ca path" and "ca remove" (see sms-otp-mock --help)'],
  ])("exits 2 with one line for the bad command line %j", async (args, message) => {
    cli = runCli({}, args);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toBe(`sms-otp-mock: ${message}\n`);
    expect(cli.stdout()).toBe("");
  });

  it("exits 2 with a one-line message when PORT is not a port number", async () => {
    cli = runCli({ PORT: "http" });
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toBe('sms-otp-mock: PORT must be an integer from 0 to 65535, not "http"\n');
  });

  it("--help lists every option and command; --version names the mock's and the contract's versions", async () => {
    cli = runCli({}, ["--help"]);
    expect(await cli.exit).toBe(0);
    for (const word of ["--port", "--https-port", "--ca-dir", "--cors-origin", "--allowed-host", "MOCK_ALLOWED_HOSTS", "--json", "--version", "ca path", "ca remove", "SMS_OTP_MOCK_CA_DIR"]) {
      expect(cli.stdout()).toContain(word);
    }
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    cli = runCli({}, ["-v"]);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toMatch(new RegExp(`^@sms-otp/mock ${manifest.version.replaceAll(".", "\\.")} \\(contract \\d+\\.\\d+\\.\\d+\\)\n$`));
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; waited < timeoutMs && !condition(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}
