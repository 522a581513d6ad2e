#!/usr/bin/env node
// `sms-otp-mock` (`npx sms-otp-mock`, `pnpm mock` in this repository): serves the contract over HTTP and HTTPS on
// 127.0.0.1 in the foreground until Ctrl-C or SIGTERM, logging one line per request; `ca path` / `ca remove` manage
// the lasting local CA. Every failure is one line on stderr: exit 2 for a bad command line, 1 for anything else.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadContract } from "@sms-otp/spec/contract";
import { CA_DIR_ENV, defaultCaDir, removeLocalCa, startMock, type MockServer } from "./index.js";
import { parseHost, printable } from "./guards.js";
import { ensureLocalCa } from "./tls.js";

const NAME = "sms-otp-mock";
const HOST = "127.0.0.1";

class UsageError extends Error {}

const HELP = `Usage: ${NAME} [options]        serve the mock until Ctrl-C
       ${NAME} ca path [--ca-dir <dir>]     print the local CA certificate's path (made if missing)
       ${NAME} ca remove [--ca-dir <dir>]   delete the local CA (certificate, key and directory)

A local stand-in for Stytch's SMS passcode endpoints: Prism answering from the contract, over HTTP and HTTPS on
${HOST}. No texts, no cost, no credentials.

Options:
  --port <n>           HTTP port (default: $PORT, else 4010); 0 picks a free one
  --https-port <n>     HTTPS port (default: $MOCK_HTTPS_PORT, else 4443); 0 picks a free one
  --ca-dir <dir>       the local CA's directory (default: $${CA_DIR_ENV}, else ${defaultCaDir({ ...process.env, [CA_DIR_ENV]: "" })})
  --cors-origin <url>  also allow this browser origin (repeatable; default: $MOCK_CORS_ORIGINS, comma-separated)
  --allowed-host <h>   also answer requests whose Host is h (name or name:port, e.g. mock:4010; repeatable;
                       default: $MOCK_ALLOWED_HOSTS, comma-separated); other non-loopback Hosts get 421
  --json               print one JSON line when ready, {"url","httpsUrl","caPath"}, and log requests to stderr
  -h, --help           print this help
  -v, --version        print the version of the mock and of the contract it serves
`;

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`${name} must be an integer from 0 to 65535, not "${value}"`);
  return port;
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: "string" },
        "https-port": { type: "string" },
        "ca-dir": { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        "allowed-host": { type: "string", multiple: true },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    // Node's messages end in a hint about "--" that does not apply here: keep the first sentence.
    const reason = (error as Error).message.split(/\. To specify| To specify/)[0] ?? "";
    const plain = reason.replace(/^Unknown option '(.*)'$/, "unknown option $1").replace(/^Option '(\S+) <value>' argument missing$/, "option $1 needs a value");
    throw new UsageError(`${plain} (see ${NAME} --help)`);
  }
}

function banner(mock: MockServer): string {
  const contract = loadContract(mock.specPath);
  // The mock checks that a well-formed Basic header is present, never the credentials, so these are placeholders.
  const curl = `curl -i -u project-test-local:secret-test-local -H 'Content-Type: application/json'`;
  const lines = [
    `Stytch mock (Prism behind @sms-otp/mock) listening on ${mock.url} and ${mock.httpsUrl}`,
    `HTTPS clients must trust the mock's CA: NODE_EXTRA_CA_CERTS=${mock.caPath}`,
    `  e.g. Stytch's Node SDK: new stytch.Client({ project_id, secret, custom_base_url: "${mock.httpsUrl}" })`,
    `  The CA is the same at every start; "${NAME} ca remove" deletes it.`,
    ``,
  ];
  for (const operation of contract.operations) {
    const example = operation.requestExamples[0]?.value ?? {};
    lines.push(`${operation.summary} (${operation.operationId}):`, `  ${curl} \\`, `    -d '${JSON.stringify(example)}' ${mock.url}${operation.path}`, ``);
  }
  lines.push(
    `Every documented answer has a trigger: a request value that selects it (table in the README of @sms-otp/mock).`,
    `Or pick one by status and example name: -H 'Prefer: code=429, example=too_many_requests'`,
    `Invalid requests get the error Stytch gives for that field; no or malformed Basic credentials get 401.`,
    `Other requests follow Stytch's rules, per project_id. Read the texted codes (wait_ms waits for one):`,
    `  curl -u project-test-local:x '${mock.url}/__mock/v1/messages?wait_ms=10000'`,
    `Stop with Ctrl-C.`,
    ``,
  );
  return lines.join("\n");
}

async function serve(values: ReturnType<typeof parseCommandLine>["values"]): Promise<void> {
  const port = parsePort("--port", values.port, parsePort("PORT", process.env["PORT"], 4010));
  const httpsPort = parsePort("--https-port", values["https-port"], parsePort("MOCK_HTTPS_PORT", process.env["MOCK_HTTPS_PORT"], 4443));
  const corsOrigins = values["cors-origin"] ?? (process.env["MOCK_CORS_ORIGINS"] ?? "").split(",");
  const allowedHosts = (values["allowed-host"] ?? (process.env["MOCK_ALLOWED_HOSTS"] ?? "").split(",")).map((allowed) => allowed.trim()).filter((allowed) => allowed !== "");
  const badHost = allowedHosts.find((allowed) => parseHost(allowed) === undefined);
  if (badHost !== undefined) throw new UsageError(`--allowed-host must be a host name or name:port (e.g. mock:4010), not "${printable(badHost, 120)}"`);
  const json = values.json === true;
  // With --json, stdout carries the one ready line and nothing else, so a reader can take its first line.
  const logStream = json ? process.stderr : process.stdout;
  let mock: MockServer;
  try {
    mock = await startMock({
      host: HOST,
      port,
      https: true,
      httpsPort,
      caDir: values["ca-dir"] ?? defaultCaDir(),
      corsOrigins: corsOrigins.map((origin) => origin.trim()).filter((origin) => origin !== ""),
      allowedHosts,
      onLog: (line) => logStream.write(`${line}\n`),
    });
  } catch (error) {
    const busy = /cannot listen on \S+:(\d+) \(EADDRINUSE\)/.exec((error as Error).message);
    if (busy === null) throw error;
    const flag = Number(busy[1]) === port ? "--port" : "--https-port";
    throw new Error(`port ${busy[1]} on ${HOST} is in use; choose another with ${flag} (0 picks a free one)`);
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logStream.write(`\nReceived ${signal}, stopping the mock...\n`);
    void mock.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  if (json) process.stdout.write(`${JSON.stringify({ url: mock.url, httpsUrl: mock.httpsUrl, caPath: mock.caPath })}\n`);
  else process.stdout.write(banner(mock));
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help === true) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version === true) {
    process.stdout.write(`@sms-otp/mock ${packageVersion()} (contract ${loadContract().info.version})\n`);
    return;
  }
  const caDir = values["ca-dir"] ?? defaultCaDir();
  const [command, subcommand, ...extra] = positionals;
  if (command === undefined) return serve(values);
  if (command !== "ca" || extra.length > 0 || (subcommand !== "path" && subcommand !== "remove")) {
    throw new UsageError(`unknown command "${positionals.join(" ")}"; the commands are "ca path" and "ca remove" (see ${NAME} --help)`);
  }
  if (subcommand === "path") {
    process.stdout.write(`${ensureLocalCa(caDir).certPath}\n`);
  } else if (removeLocalCa(caDir)) {
    process.stdout.write(`Removed the mock's CA from ${caDir}. If you added it to a system or browser trust store, remove it there too.\n`);
  } else {
    process.stdout.write(`No CA of the mock in ${caDir}: nothing to remove.\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^@sms-otp\/mock: /, "");
  process.stderr.write(`${NAME}: ${message}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
