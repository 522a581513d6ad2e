#!/usr/bin/env node
// `pnpm gateway`: serves the gateway on 127.0.0.1:${GATEWAY_PORT:-8787} in the foreground until Ctrl-C.
import { GatewayConfigError, optionsFromEnvironment, parsePort } from "./config.js";
import { startGateway } from "./gateway.js";

const HOST = "127.0.0.1";

async function main(): Promise<void> {
  const options = optionsFromEnvironment(process.env);
  const port = parsePort(process.env["GATEWAY_PORT"]);
  const gateway = await startGateway(options, { port, host: HOST });
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void gateway.close().then(() => process.exit(0));
    });
  }
  // Printed once the handlers are in place: whoever waits for this line may stop the gateway right away.
  process.stdout.write(
    [
      `Gateway for the docs console listening on ${gateway.url}`,
      `  forwards to ${new URL(options.upstream).origin} as ${options.projectId.replace(/^(project-(?:test|live)-).*/, "$1...")}`,
      `  CORS for ${options.allowedOrigins.join(", ")}; at most ${options.sendsPerMinute} sends a minute`,
      // The docs console calls the gateway named in its link (unless its reader saved another).
      ...options.allowedOrigins.slice(0, 1).map((origin) => `  Try-it console: ${origin}/console.html?gateway=${encodeURIComponent(gateway.url)}`),
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message =
    error instanceof GatewayConfigError
      ? error.message
      : code === "EADDRINUSE"
        ? `gateway: the port is taken: set GATEWAY_PORT to another one (${(error as Error).message})`
        : `gateway: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
