// The console's gateway: an HTTP front that forwards the contract's operations, and nothing else, to the
// upstream through @sms-otp/client, which adds the credentials. The browser never holds the secret, and what the
// gateway sends back never contains it.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createStytchClient } from "@sms-otp/client";
import { loadContract, type Contract, type Operation, type StytchErrorBody } from "@sms-otp/spec/contract";
import { checkOptions, type GatewayOptions } from "./config.js";
import { maskForLog } from "./mask.js";

export const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;
const WINDOW_MS = 60_000;
const MAX_LOGGED_BODY_CHARS = 300;

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

class Refusal extends Error {
  constructor(readonly answer: Answer) {
    super(answer.body);
  }
}

// The gateway's own refusals have no Stytch example to copy; they keep Stytch's envelope so clients handle them
// the same way, with an error_type that says what the gateway refused.
function envelope(status: number, errorType: string, message: string): StytchErrorBody {
  return {
    status_code: status,
    request_id: freshRequestId(),
    error_type: errorType,
    error_message: message,
    error_url: `https://stytch.com/docs/api/errors/${status}`,
  };
}

function freshRequestId(): string {
  return `request-id-gateway-${randomUUID()}`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(body), headers };
}

function refuse(status: number, errorType: string, message: string, headers: Record<string, string> = {}): never {
  throw new Refusal(json(status, envelope(status, errorType, message), headers));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners("data");
        // Keep reading (and discarding) so the 413 reaches a client that is still sending.
        request.resume();
        reject(new Refusal(json(413, envelope(413, "request_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`))));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** A rolling one-minute window of the sends that reached the upstream. */
function sendLimiter(perMinute: number) {
  const sentAt: number[] = [];
  return {
    /** Takes one send from the budget, or returns the seconds until one is free. */
    take(now: number): number | undefined {
      while (sentAt.length > 0 && now - (sentAt[0] as number) >= WINDOW_MS) sentAt.shift();
      if (sentAt.length >= perMinute) return Math.ceil((WINDOW_MS - (now - (sentAt[0] as number))) / 1000);
      sentAt.push(now);
      return undefined;
    },
  };
}

// openapi-fetch's typed methods want a literal path; the gateway forwards whichever operation the contract
// lists, so it calls the untyped form of the same client.
type UntypedRequest = (
  method: string,
  path: string,
  init: { body: unknown; parseAs: "text"; signal: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export interface GatewayServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function createGateway(options: GatewayOptions, contract: Contract = loadContract()): Server {
  const settings = checkOptions(options);
  const log = settings.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const upstreamTimeoutMs = settings.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const stytch = createStytchClient({ projectId: settings.projectId, secret: settings.secret, baseUrl: settings.upstream });
  const request = stytch.raw.request as unknown as UntypedRequest;
  const credentials = `${settings.projectId}:${settings.secret}`;
  const sensitive = [settings.secret, Buffer.from(credentials).toString("base64")].sort((a, b) => b.length - a.length);
  // Nothing from upstream should contain the secret, but a misbehaving upstream or error must not leak it either.
  const redact = (text: string) => sensitive.reduce((result, needle) => result.split(needle).join("[redacted]"), text);
  const limiter = sendLimiter(settings.sendsPerMinute);
  const allowedOrigins = new Set(settings.allowedOrigins);
  const upstreamOrigin = new URL(settings.upstream).origin;

  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (origin === undefined || !allowedOrigins.has(origin)) return {};
    return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
  }

  function operationFor(method: string, pathname: string): Operation {
    const operation = contract.findOperation(method, pathname);
    if (operation) return operation;
    const known = contract.operations.map((entry) => `${entry.method.toUpperCase()} ${entry.path}`).join(", ");
    refuse(404, "route_not_found", `The gateway forwards only the contract's operations (${known}) and GET /health.`);
  }

  function health(): Answer {
    return json(200, {
      status: "ok",
      upstream: upstreamOrigin,
      sends_per_minute: settings.sendsPerMinute,
      operations: contract.operations.map((operation) => ({
        operationId: operation.operationId,
        method: operation.method.toUpperCase(),
        path: operation.path,
      })),
    });
  }

  async function forward(incoming: IncomingMessage, operation: Operation): Promise<Answer> {
    if (incoming.headers.authorization !== undefined) {
      refuse(
        400,
        "authorization_not_allowed",
        "Send requests to the gateway without an Authorization header: it adds the project's credentials itself, so a secret never needs to be in a browser.",
      );
    }
    const contentType = incoming.headers["content-type"] ?? "";
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      refuse(415, "unsupported_content_type", "Send the request body as JSON with Content-Type: application/json.");
    }
    const text = await readBody(incoming);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      refuse(400, "bad_request", "The request body is not valid JSON.");
    }
    const rejection = contract.validateRequest(operation.operationId, body);
    if (rejection) return json(rejection.status, { ...rejection.body, request_id: freshRequestId() });

    const waitSeconds = limiter.take(Date.now());
    if (waitSeconds !== undefined) {
      const documented = operation.examples.find((example) => example.status === 429)?.value as StytchErrorBody | undefined;
      const limit = `The gateway's limit of ${settings.sendsPerMinute} sends per minute (GATEWAY_SENDS_PER_MINUTE) is reached; try again in ${waitSeconds} s.`;
      const tooMany = { ...envelope(429, "too_many_requests", limit), ...(documented && { error_url: documented.error_url }) };
      return json(429, tooMany, { "Retry-After": String(waitSeconds) });
    }

    let result: Awaited<ReturnType<UntypedRequest>>;
    const deadline = AbortSignal.timeout(upstreamTimeoutMs);
    try {
      result = await request(operation.method, operation.path, { body, parseAs: "text", signal: deadline });
    } catch (error) {
      // The client's errors are already redacted; the timeout is the gateway's own, so it says so itself.
      const reason = deadline.aborted
        ? `no answer within ${upstreamTimeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      refuse(502, "upstream_unavailable", `The gateway got no answer from ${upstreamOrigin}: ${reason}`);
    }
    const { response } = result;
    // openapi-fetch hands back a successful body as the text asked for, but parses an error body itself.
    const upstreamBody = response.ok ? result.data : result.error;
    const upstreamText = typeof upstreamBody === "string" ? upstreamBody : (JSON.stringify(upstreamBody) ?? "");
    const headers: Record<string, string> = {
      "Content-Type": response.headers.get("content-type") ?? "application/json",
    };
    const retryAfter = response.headers.get("retry-after");
    if (retryAfter !== null) headers["Retry-After"] = retryAfter;
    return { status: response.status, body: upstreamText, headers };
  }

  async function answer(incoming: IncomingMessage, pathname: string, origin: string | undefined): Promise<Answer> {
    const method = (incoming.method ?? "GET").toUpperCase();
    // A page from another origin could still make the browser send a request (a form post, say); refusing it
    // here, not only withholding CORS headers, keeps foreign pages from spending texts.
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      refuse(403, "origin_not_allowed", "This origin is not in the gateway's GATEWAY_ALLOWED_ORIGINS.");
    }
    if (pathname === "/health") {
      if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") refuse(405, "method_not_allowed", "Use GET /health.", { Allow: "GET, HEAD" });
      if (method === "OPTIONS") return preflight();
      return health();
    }
    if (method === "OPTIONS") {
      const requested = String(incoming.headers["access-control-request-method"] ?? "POST");
      operationFor(requested, pathname);
      return preflight();
    }
    return forward(incoming, operationFor(method, pathname));
  }

  function preflight(): Answer {
    return {
      status: 204,
      body: "",
      headers: {
        "Access-Control-Allow-Methods": "GET, POST",
        // Authorization is deliberately absent: a browser may not even try to send one.
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
      },
    };
  }

  return createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const started = performance.now();
    const origin = typeof incoming.headers.origin === "string" ? incoming.headers.origin : undefined;
    // The path as sent, compared exactly: no URL parsing that could read "//host/path" as another host's path.
    const pathname = (incoming.url ?? "/").split("?")[0] ?? "/";
    let loggedBody = "";
    const respond = ({ status, body, headers = {} }: Answer) => {
      const safeBody = redact(body);
      outgoing.writeHead(status, {
        ...(safeBody === "" ? {} : { "Content-Type": "application/json; charset=utf-8" }),
        ...headers,
        ...corsHeaders(origin),
        "Cache-Control": "no-store",
        "Content-Length": Buffer.byteLength(safeBody),
      });
      outgoing.end(incoming.method === "HEAD" ? undefined : safeBody);
      const milliseconds = Math.round(performance.now() - started);
      const fields = [`${incoming.method} ${pathname}`, String(status), `${milliseconds}ms`];
      if (origin !== undefined) fields.push(`origin=${origin}`);
      if (loggedBody !== "") fields.push(`body=${loggedBody}`);
      log(redact(maskForLog(`gateway: ${fields.join(" ")}`)));
    };
    // Logs the body as it arrived, whatever happens to it next.
    incoming.on("data", (chunk: Buffer) => {
      if (loggedBody.length < MAX_LOGGED_BODY_CHARS) {
        loggedBody = (loggedBody + chunk.toString("utf8")).replace(/\s+/g, " ").slice(0, MAX_LOGGED_BODY_CHARS);
      }
    });
    answer(incoming, pathname, origin).then(respond, (error: unknown) => {
      if (error instanceof Refusal) return respond(error.answer);
      const reason = error instanceof Error ? error.message : String(error);
      respond(json(500, envelope(500, "internal_server_error", `The gateway failed: ${reason}`)));
    });
  });
}

/** Creates the gateway and listens on `host:port` (127.0.0.1 and a free port by default). */
export async function startGateway(
  options: GatewayOptions,
  { port = 0, host = "127.0.0.1", contract }: { port?: number; host?: string; contract?: Contract } = {},
): Promise<GatewayServer> {
  const server = createGateway(options, contract);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
