#!/usr/bin/env node
// `pnpm mock`: serves the contract over HTTP on 127.0.0.1:${PORT:-4010} and HTTPS on 127.0.0.1:${MOCK_HTTPS_PORT:-4443}
// in the foreground until Ctrl-C, logging one line per request.
import { loadContract } from "@sms-otp/spec/contract";
import { startMock, type MockServer } from "./index.js";

const HOST = "127.0.0.1";

function parsePort(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  // 0 picks a free port, which is how the tests run the command line without a fixed port.
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`@sms-otp/mock: ${name} must be an integer from 0 to 65535, not "${value}"`);
  }
  return port;
}

function corsOrigins(): string[] {
  return (process.env["MOCK_CORS_ORIGINS"] ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
}

function usage(mock: MockServer): string {
  const contract = loadContract(mock.specPath);
  // The mock checks that a well-formed Basic header is present, never the credentials, so these are placeholders.
  const curl = `curl -i -u project-test-local:secret-test-local -H 'Content-Type: application/json'`;
  const lines = [
    `Stytch mock (Prism behind @sms-otp/mock) listening on ${mock.url} and ${mock.httpsUrl}`,
    `HTTPS clients must trust the mock's CA: NODE_EXTRA_CA_CERTS=${mock.caPath}`,
    `  e.g. Stytch's Node SDK: new stytch.Client({ project_id, secret, custom_base_url: "${mock.httpsUrl}" })`,
    ``,
  ];
  for (const operation of contract.operations) {
    const example = operation.requestExamples[0]?.value ?? {};
    lines.push(`${operation.summary} (${operation.operationId}):`, `  ${curl} \\`, `    -d '${JSON.stringify(example)}' ${mock.url}${operation.path}`, ``);
  }
  lines.push(
    `Every documented answer has a trigger: a request value that selects it (table in packages/mock/README.md).`,
    `Or pick one by status and example name: -H 'Prefer: code=429, example=too_many_requests'`,
    `Invalid requests get the error Stytch gives for that field; no or malformed Basic credentials get 401.`,
    `Stop with Ctrl-C.`,
    ``,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const mock = await startMock({
    host: HOST,
    port: parsePort("PORT", 4010),
    https: true,
    httpsPort: parsePort("MOCK_HTTPS_PORT", 4443),
    corsOrigins: corsOrigins(),
    onLog: (line) => process.stdout.write(`${line}\n`),
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
  process.stdout.write(usage(mock));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = message.includes("EADDRINUSE")
    ? "\nThe port is taken: pick others with PORT and MOCK_HTTPS_PORT, e.g. PORT=4011 MOCK_HTTPS_PORT=4444 pnpm mock\n"
    : "";
  process.stderr.write(`${message}\n${hint}`);
  process.exit(1);
});
