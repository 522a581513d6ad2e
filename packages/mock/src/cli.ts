#!/usr/bin/env node
// `pnpm mock`: serves the contract on 127.0.0.1:${PORT:-4010} in the foreground until Ctrl-C.
import { startMock } from "./index.js";

const HOST = "127.0.0.1";

function parsePort(value: string | undefined): number {
  if (value === undefined || value === "") return 4010;
  const port = Number(value);
  // 0 picks a free port, which is how the tests run the command line without a fixed port.
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`@sms-otp/mock: PORT must be an integer from 0 to 65535, not "${value}"`);
  }
  return port;
}

function usage(url: string): string {
  // Prism checks that a well-formed Basic header is present, never the credentials, so these are placeholders.
  const curl = `curl -i -u project-test-local:secret-test-local -H 'Content-Type: application/json'`;
  const b2bBody = JSON.stringify({
    organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
    member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
  });
  return [
    `Stytch SMS OTP mock (Prism) listening on ${url}`,
    ``,
    `Send a passcode (consumer):`,
    `  ${curl} \\`,
    `    -d '{"phone_number":"+10000000000"}' ${url}/v1/otps/sms/send`,
    ``,
    `Send a passcode to a Member (B2B):`,
    `  ${curl} \\`,
    `    -d '${b2bBody}' ${url}/v1/b2b/otps/sms/send`,
    ``,
    `Pick a declared response by status and example name (any example under that status in the spec):`,
    `  ${curl} \\`,
    `    -H 'Prefer: code=429, example=too_many_requests' \\`,
    `    -d '{"phone_number":"+10000000000"}' ${url}/v1/otps/sms/send`,
    ``,
    `An invalid request gets the 400 bad_request example whatever Prefer says; its sl-violations header says why.`,
    `No Authorization header, or one that is not HTTP Basic, gets 401. Stop with Ctrl-C.`,
    ``,
  ].join("\n");
}

async function main(): Promise<void> {
  const mock = await startMock({
    host: HOST,
    port: parsePort(process.env["PORT"]),
    onOutput: (text) => process.stdout.write(text),
  });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nReceived ${signal}, stopping the mock...\n`);
    void mock.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  void mock.exited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(`@sms-otp/mock: Prism stopped unexpectedly (${signal ?? `code ${code}`})\n`);
    process.exit(1);
  });
  process.stdout.write(usage(mock.url));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = message.includes("EADDRINUSE") ? "\nThe port is taken: pick another with PORT, e.g. PORT=4011 pnpm mock\n" : "";
  process.stderr.write(`${message}\n${hint}`);
  process.exit(1);
});
