// The front every request goes through, in this order: Host check, bounded read, JSON limits on the raw text, route, Basic auth,
// the contract's Stytch-faithful validation, then the answer Prefer or an x-mock-trigger selects, else Prism's
// default. Every error it sends is Stytch's envelope, and nothing a client sends gets a 5xx.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { Contract, Operation } from "@sms-otp/spec/contract";
import { answerBeforeBodyEnds, clientErrorStatus, endWithJson, excessiveJson, isAllowedHost, LOOPBACK_HOSTNAMES, readBoundedBody, type BodyLimits } from "./guards.js";
import { echo, mockError, newRequestId, type MockErrorType, type StytchErrorEnvelope } from "./envelope.js";
import { readPrefer } from "./prefer.js";
import { CONTROL_PREFIX, CONTROL_ROUTES, type ControlPlane } from "./control.js";
import type { PrismEngine } from "./prism.js";
import type { StatefulMock } from "./state/index.js";

export interface FrontSettings {
  contract: Contract;
  prism: PrismEngine;
  /** Stytch's rules over the per-project store, for valid requests no Prefer header or trigger answers. */
  state: StatefulMock;
  /** The /__mock/v1/ endpoints. */
  control: ControlPlane;
  limits: BodyLimits;
  /** Exact origins allowed besides loopback ones (`http://127.0.0.1:*`, `http://localhost:*`, `http://[::1]:*`). */
  corsOrigins: readonly string[];
  /** Hosts (`name` or `name:port`) the Host header may name besides loopback ones, on any port. */
  allowedHosts: readonly string[];
  /** Receives one line per request; undefined keeps the mock quiet. */
  log: ((line: string) => void) | undefined;
}

export interface Front {
  handleRequest(request: IncomingMessage, response: ServerResponse): void;
  /** Node's `clientError`: a request too malformed to reach handleRequest (bad or oversized headers). */
  handleClientError(error: NodeJS.ErrnoException, socket: Socket): void;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function createFront(settings: FrontSettings): Front {
  const { contract, prism, state, control, limits, log } = settings;
  const pathsToMethods = new Map<string, string[]>();
  for (const op of contract.operations) {
    pathsToMethods.set(op.path, [...(pathsToMethods.get(op.path) ?? []), op.method.toUpperCase()]);
  }

  function isAllowedOrigin(origin: string): boolean {
    if (settings.corsOrigins.includes(origin)) return true;
    try {
      const url = new URL(origin);
      return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTNAMES.includes(url.hostname);
    } catch {
      return false;
    }
  }

  async function answer(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<number> {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      sendJson(response, status, body, headers);
      return status;
    };
    const fail = (errorType: MockErrorType, detail?: string, headers?: Record<string, string>) => {
      const envelope = mockError(errorType, requestId, detail);
      return send(envelope.status_code, envelope, headers);
    };

    // First of all: a DNS-rebound page sends its own name, and must not reach a route, the auth check or any state.
    if (!isAllowedHost(request.headers.host, { loopbackPort: "any", allowedHosts: settings.allowedHosts })) {
      const host = request.headers.host === undefined ? "no Host" : `Host ${echo(request.headers.host)}`;
      const envelope = mockError("host_not_allowed", requestId, `The mock does not answer ${host}: only 127.0.0.1, localhost, [::1] and the hosts allowed with --allowed-host or allowedHosts.`);
      const json = JSON.stringify(envelope);
      if (request.complete) sendJson(response, envelope.status_code, envelope, {});
      else answerBeforeBodyEnds(request, response, envelope.status_code, { "Content-Type": "application/json" }, json);
      return envelope.status_code;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && isAllowedOrigin(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Allow-Credentials", "true");
      response.setHeader("Vary", "Origin");
    }
    const path = pathOf(request.url);
    const controlRoute = path.startsWith(CONTROL_PREFIX) ? path.slice(CONTROL_PREFIX.length) : undefined;
    const methods = controlRoute === undefined ? pathsToMethods.get(path) : CONTROL_ROUTES[controlRoute]?.slice();
    if (request.method === "OPTIONS" && methods !== undefined && request.headers["access-control-request-method"] !== undefined) {
      response.setHeader("Access-Control-Allow-Methods", methods.join(", "));
      response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Prefer");
      response.setHeader("Access-Control-Max-Age", "600");
      response.writeHead(204).end();
      return 204;
    }

    const reading = await readBoundedBody(request, limits.maxBytes);
    if (!reading.ok) {
      if (!reading.tooLarge) return 0;
      const envelope = mockError("request_too_large", requestId, `The request body is larger than ${limits.maxBytes} bytes.`);
      answerBeforeBodyEnds(request, response, envelope.status_code, { "Content-Type": "application/json" }, JSON.stringify(envelope));
      return envelope.status_code;
    }

    if (methods === undefined) return fail("route_not_found", `No endpoint is served at ${echo(path)}.`);
    const operation = contract.findOperation(request.method ?? "", path);
    if (operation === undefined && controlRoute === undefined) {
      return fail("method_not_allowed", `${echo(path)} accepts ${methods.join(", ")}, not ${echo(request.method ?? "")}.`, { Allow: methods.join(", ") });
    }

    let body: unknown;
    if (reading.bytes.length > 0) {
      const contentType = request.headers["content-type"];
      if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType)) {
        return fail("invalid_content_type", `Send the request body as Content-Type: application/json, not ${contentType === undefined ? "without one" : echo(contentType)}.`);
      }
      let text: string;
      try {
        text = UTF8.decode(reading.bytes);
      } catch {
        return fail("invalid_json", "The request body is not UTF-8 text.");
      }
      const excess = excessiveJson(text, limits);
      if (excess !== undefined) return fail("request_too_complex", excess);
      try {
        body = JSON.parse(text);
      } catch (error) {
        return fail("invalid_json", `The request body is not valid JSON: ${echo((error as Error).message)}`);
      }
    }

    const projectId = basicProjectId(request.headers.authorization);
    if (projectId === undefined) {
      return operation === undefined ? fail("unauthorized_credentials") : send(401, unauthorized(operation, requestId));
    }

    if (operation === undefined) {
      const answer = await control.handle({
        method: request.method ?? "",
        route: controlRoute ?? "",
        query: new URL(request.url ?? "/", "http://mock.invalid").searchParams,
        projectId,
        body,
        request,
        response,
      });
      if ("streaming" in answer) return answer.status;
      if ("error" in answer) return fail(answer.error, answer.message, answer.status === 405 ? { Allow: methods.join(", ") } : {});
      if (!("json" in answer)) {
        response.writeHead(answer.status).end();
        return answer.status;
      }
      return send(answer.status, answer.json);
    }

    const rejection = contract.validateRequest(operation.operationId, body);
    if (rejection !== undefined) return send(rejection.status, { ...rejection.body, request_id: requestId });

    const preferHeader = request.headers.prefer;
    const prefer = readPrefer(Array.isArray(preferHeader) ? preferHeader.join(", ") : preferHeader, operation);
    if (!prefer.ok) return fail("invalid_prefer_header", prefer.reason);
    const triggered = prefer.status === undefined ? contract.triggeredExample(operation.operationId, body) : undefined;
    if (prefer.status === undefined && triggered === undefined) {
      const stateful = state.answer(operation, projectId, body, requestId);
      if (stateful !== undefined) return send(stateful.status, stateful.body);
    }
    const chosen = prefer.example ?? (prefer.status === undefined ? (triggered ?? operation.mockDefault) : undefined);
    const status = prefer.status ?? chosen?.status;

    const prismAnswer = await prism.answer({
      method: operation.method,
      path,
      headers: { "content-type": "application/json", accept: "application/json" },
      body,
      code: status,
      exampleKey: chosen?.name,
    });
    if (!prismAnswer.ok) return fail("internal_server_error", `The mock cannot answer: ${echo(prismAnswer.reason)}`);
    return send(prismAnswer.status, withRequestId(prismAnswer.body, requestId), prismAnswer.headers);
  }

  return {
    handleRequest(request, response) {
      const started = performance.now();
      const requestId = newRequestId();
      answer(request, response, requestId)
        .catch((error: unknown) => {
          if (response.headersSent) {
            response.destroy();
            return 0;
          }
          const envelope = mockError("internal_server_error", requestId, `The mock failed: ${echo(String((error as Error)?.message ?? error))}`);
          sendJson(response, 500, envelope, {});
          return 500;
        })
        .then((status) => {
          const path = pathOf(request.url);
          log?.(logLine(request.method ?? "-", path, status, performance.now() - started, requestId));
        });
    },
    handleClientError(error, socket) {
      const status = clientErrorStatus(error, socket);
      if (status === undefined) return;
      const requestId = newRequestId();
      const envelope =
        status === 431
          ? mockError("request_headers_too_large", requestId)
          : status === 408
            ? mockError("request_timeout", requestId)
            : mockError("bad_request", requestId, "The request line or headers are malformed.");
      endWithJson(socket, status, JSON.stringify(envelope));
      log?.(logLine("-", "-", status, 0, requestId));
    },
  };
}

/** The path of a request target: origin form (`/v1/...?x`) as sent, absolute form (`http://host/v1/...`) parsed. */
function pathOf(target: string | undefined): string {
  const withoutQuery = (target ?? "/").split("?", 1)[0] ?? "/";
  if (!/^https?:\/\//i.test(withoutQuery)) return withoutQuery;
  try {
    return new URL(withoutQuery).pathname;
  } catch {
    return withoutQuery;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const json = JSON.stringify(body);
  // Prism spells it Content-type; one Content-Type, ours, is what goes out.
  const others = Object.entries(headers).filter(([name]) => !["content-type", "content-length"].includes(name.toLowerCase()));
  response.writeHead(status, {
    ...Object.fromEntries(others),
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(json)),
  });
  response.end(json);
}

/**
 * The project id of a present, well-formed Basic header, as Stytch's gateway checks first: it names the project's
 * state. The mock never checks the credentials themselves.
 */
function basicProjectId(header: string | undefined): string | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(header ?? "");
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? undefined : decoded.slice(0, colon);
}

// Stytch gives every answer its own request_id; the examples share one, which an app that logs or correlates
// request ids would otherwise see again and again.
function withRequestId(body: unknown, requestId: string): unknown {
  const isEnvelope = typeof body === "object" && body !== null && typeof (body as { request_id?: unknown }).request_id === "string";
  return isEnvelope ? { ...(body as object), request_id: requestId } : body;
}

function unauthorized(operation: Operation, requestId: string): StytchErrorEnvelope {
  const example = operation.examples.find((candidate) => candidate.status === 401);
  if (example === undefined) return mockError("unauthorized_credentials", requestId);
  return { ...(example.value as StytchErrorEnvelope), request_id: requestId };
}

function logLine(method: string, path: string, status: number, ms: number, requestId: string): string {
  const outcome = status === 0 ? "aborted" : String(status);
  return `${echo(method)} ${echo(path)} ${outcome} ${ms.toFixed(1)}ms ${requestId}`;
}
