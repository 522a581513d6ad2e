// The console's gateway: an HTTP front that forwards the contract's operations, and nothing else, to the
// upstream through @sms-otp/client, which adds the credentials. The browser never holds the secret, and what the
// gateway sends back or logs never contains it. Every request passes the same guards as the mock's (shared code:
// @sms-otp/mock/guards) before anything else: bounded body, depth and key count, timeouts, a lingering close.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { createStytchClient } from "@sms-otp/client";
import {
  answerBeforeBodyEnds,
  clientErrorStatus,
  DEFAULT_BODY_LIMITS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  endWithJson,
  excessiveJson,
  isAllowedHost,
  readBoundedBody,
  timeoutOptions,
} from "@sms-otp/mock/guards";
import { loadContract, type Contract, type Operation, type StytchErrorBody } from "@sms-otp/spec/contract";
import { envelope, freshRequestId, Refusal, refuse, upstreamAnswer, type Answer } from "./answer.js";
import { checkOptions, isLoopback, type GatewayOptions } from "./config.js";
import { logField } from "./mask.js";
import { createRedactor } from "./redact.js";

export const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_CONNECTIONS = 256;
const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;
const WINDOW_MS = 60_000;
// The mock's outbox (its control plane, not Stytch's API), forwarded read-only so the console can show the texts it
// sends: only GET, only these query parameters, only to a loopback upstream, and only the newest texts.
export const MOCK_MESSAGES_PATH = "/__mock/v1/messages";
const MOCK_MESSAGES_QUERY = new Set(["to", "member_id", "status", "after", "wait_ms"]);
const MOCK_MESSAGES_MAX_WAIT_MS = 30_000;
export const MOCK_MESSAGES_KEPT = 20;

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
  init: { body?: unknown; params?: { query: Record<string, string> }; parseAs: "text"; signal: AbortSignal },
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
  const redact = createRedactor(settings.projectId, settings.secret);
  const limiter = sendLimiter(settings.sendsPerMinute);
  const allowedOrigins = new Set(settings.allowedOrigins);
  const upstreamOrigin = new URL(settings.upstream).origin;
  const upstreamIsLoopback = isLoopback(new URL(settings.upstream));

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
    return {
      status: 200,
      body: {
        status: "ok",
        upstream: upstreamOrigin,
        sends_per_minute: settings.sendsPerMinute,
        // Whether GET /__mock/v1/messages is forwarded: the console shows an SMS inbox when it is.
        mock_messages: upstreamIsLoopback,
        operations: contract.operations.map((operation) => ({
          operationId: operation.operationId,
          method: operation.method.toUpperCase(),
          path: operation.path,
        })),
      },
    };
  }

  /** The body of a request to forward, read within the mock's limits and parsed, or a refusal. */
  async function jsonBody(incoming: IncomingMessage): Promise<unknown> {
    const reading = await readBoundedBody(incoming, MAX_BODY_BYTES);
    if (!reading.ok) {
      if (reading.tooLarge) refuse(413, "request_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      refuse(400, "bad_request", "The request body did not arrive whole.");
    }
    const text = reading.bytes.toString("utf8");
    const excess = excessiveJson(text, DEFAULT_BODY_LIMITS);
    if (excess !== undefined) refuse(400, "request_too_complex", excess);
    try {
      return JSON.parse(text);
    } catch {
      refuse(400, "bad_request", "The request body is not valid JSON.");
    }
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
    const body = await jsonBody(incoming);
    const logged = JSON.stringify(body);
    const rejection = contract.validateRequest(operation.operationId, body);
    if (rejection) return { status: rejection.status, body: { ...rejection.body, request_id: freshRequestId() }, logged };

    const waitSeconds = limiter.take(Date.now());
    if (waitSeconds !== undefined) {
      const documented = operation.examples.find((example) => example.status === 429)?.value as StytchErrorBody | undefined;
      const limit = `The gateway's limit of ${settings.sendsPerMinute} sends per minute (GATEWAY_SENDS_PER_MINUTE) is reached; try again in ${waitSeconds} s.`;
      const tooMany = { ...envelope(429, "too_many_requests", limit), ...(documented && { error_url: documented.error_url }) };
      throw new Refusal({ status: 429, body: tooMany, headers: { "Retry-After": String(waitSeconds) } });
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
    return { ...upstreamAnswer(upstreamOrigin, response.status, response.ok ? result.data : result.error, response.headers), logged };
  }

  /** GET /__mock/v1/messages of a loopback upstream (the mock), with the gateway's credentials: its project's texts. */
  async function mockMessages(method: string, query: string): Promise<Answer> {
    if (!upstreamIsLoopback) {
      refuse(404, "route_not_found", `The gateway forwards ${MOCK_MESSAGES_PATH} only to a mock on this machine, not to ${upstreamOrigin}.`);
    }
    if (method !== "GET") refuse(405, "method_not_allowed", `Use GET ${MOCK_MESSAGES_PATH}: the gateway forwards no change to the mock's state.`, { Allow: "GET" });
    const params = new URLSearchParams(query);
    const unknown = [...params.keys()].filter((key) => !MOCK_MESSAGES_QUERY.has(key));
    if (unknown.length > 0) refuse(400, "bad_request", `${MOCK_MESSAGES_PATH} takes only ${[...MOCK_MESSAGES_QUERY].join(", ")}; not ${unknown.join(", ")}.`);
    const waitMs = Math.min(Number(params.get("wait_ms") ?? 0) || 0, MOCK_MESSAGES_MAX_WAIT_MS);
    let result: Awaited<ReturnType<UntypedRequest>>;
    const deadline = AbortSignal.timeout(waitMs + upstreamTimeoutMs);
    try {
      result = await request("GET", MOCK_MESSAGES_PATH, { params: { query: Object.fromEntries(params) }, parseAs: "text", signal: deadline });
    } catch (error) {
      const reason = deadline.aborted ? `no answer within ${waitMs + upstreamTimeoutMs} ms` : error instanceof Error ? error.message : String(error);
      refuse(502, "upstream_unavailable", `The gateway got no answer from ${upstreamOrigin}: ${reason}`);
    }
    const { response } = result;
    const answer = upstreamAnswer(upstreamOrigin, response.status, response.ok ? result.data : result.error, response.headers);
    const list = answer.body as { messages?: unknown };
    if (response.ok && Array.isArray(list.messages)) answer.body = { ...list, messages: list.messages.slice(-MOCK_MESSAGES_KEPT) };
    return answer;
  }

  // The routes: GET /health, the contract's operations and the mock's messages. A route added here goes after the
  // Host and Origin checks, calls a loopback upstream only unless it is Stytch's, and builds its answer with
  // upstreamAnswer(), so the body is re-serialised and redacted and no upstream header passes unchecked.
  async function answer(incoming: IncomingMessage, pathname: string, query: string, origin: string | undefined): Promise<Answer> {
    // Only this gateway's own loopback names with the port the request came in on: a page whose own name was
    // rebound to 127.0.0.1 (DNS rebinding) sends its own name and gets nothing.
    const port = incoming.socket.localPort;
    if (port === undefined || !isAllowedHost(incoming.headers.host, { loopbackPort: port })) {
      refuse(421, "host_not_allowed", "The gateway answers only requests addressed to it as 127.0.0.1, localhost or [::1] with its port.");
    }
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
    if (pathname === MOCK_MESSAGES_PATH) return mockMessages(method, query);
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
      body: undefined,
      headers: {
        "Access-Control-Allow-Methods": "GET, POST",
        // Authorization is deliberately absent: a browser may not even try to send one.
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
      },
    };
  }

  const server = createServer(timeoutOptions(settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS), (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const started = performance.now();
    const origin = typeof incoming.headers.origin === "string" ? incoming.headers.origin : undefined;
    // The path as sent, compared exactly: no URL parsing that could read "//host/path" as another host's path.
    const target = incoming.url ?? "/";
    const queryAt = target.indexOf("?");
    const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
    const query = queryAt === -1 ? "" : target.slice(queryAt + 1);
    const respond = ({ status, body, headers = {}, logged }: Answer) => {
      const json = body === undefined ? "" : JSON.stringify(redact.value(body));
      // Every header value is the gateway's own; one that still carries the secret is dropped, not sent.
      const safeHeaders = Object.fromEntries(Object.entries(headers).filter(([, value]) => redact.text(value) === value));
      const allHeaders = {
        ...safeHeaders,
        ...corsHeaders(origin),
        "Content-Type": "application/json",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      };
      if (incoming.complete) {
        outgoing.writeHead(status, { ...allHeaders, "Content-Length": Buffer.byteLength(json) });
        outgoing.end(incoming.method === "HEAD" ? undefined : json);
      } else {
        // Refused before its body was read: never read the rest for more than a moment (it could be gigabytes).
        answerBeforeBodyEnds(incoming, outgoing, status, allHeaders, json);
      }
      const milliseconds = Math.round(performance.now() - started);
      const fields = [logField(incoming.method ?? "-"), logField(redact.text(pathname)), String(status), `${milliseconds}ms`];
      if (origin !== undefined) fields.push(`origin=${logField(redact.text(origin))}`);
      if (logged !== undefined) fields.push(`body=${logField(redact.text(logged))}`);
      log(`gateway: ${fields.join(" ")}`);
    };
    answer(incoming, pathname, query, origin).then(respond, (error: unknown) => {
      if (error instanceof Refusal) return respond(error.answer);
      const reason = error instanceof Error ? error.message : String(error);
      respond({ status: 500, body: envelope(500, "internal_server_error", `The gateway failed: ${reason}`) });
    });
  });
  server.maxConnections = settings.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // Requests too malformed, large or slow to reach the handler still get Stytch's envelope, and a log line that
  // repeats nothing they sent.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = clientErrorStatus(error, socket);
    if (status === undefined) return;
    const [errorType, message] =
      status === 431
        ? ["request_headers_too_large", "The request headers are too large."]
        : status === 408
          ? ["request_timeout", "The request did not arrive in time."]
          : ["bad_request", "The request line or headers are malformed."];
    endWithJson(socket, status, JSON.stringify(envelope(status, errorType, message)));
    log(`gateway: - - ${status}`);
  });
  return server;
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
