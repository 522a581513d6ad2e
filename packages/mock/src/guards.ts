// What keeps one request from taking the mock down or stalling it, shared with any server that fronts the same
// clients (the docs console's gateway imports it as `@sms-otp/mock/guards`): the body's size is bounded while
// reading, its JSON depth and key count on the raw text before JSON.parse or any validator walks it; a refused body
// is discarded for at most LINGER_MS; slow clients are cut off by the server's timeouts; a Host header that names
// neither loopback nor an allowed host is refused; and whatever a client sent is made printable before anything
// repeats it.
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerOptions, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export interface BodyLimits {
  /** Bytes; larger bodies get 413 without being buffered. */
  maxBytes: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** Object keys in the whole body. */
  maxKeys: number;
}

// Stytch documents no limits. The largest valid request of the contract is under 2 KB and nests 2 deep, so these
// leave room for any honest mistake while keeping validation of the worst accepted body under a millisecond.
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 1024 * 1024, maxDepth: 32, maxKeys: 1000 };

export type BodyReading = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; aborted: true };

/** Reads the whole body, or stops at `maxBytes` (the rest is discarded by Node when the response ends). */
export function readBoundedBody(request: IncomingMessage, maxBytes: number): Promise<BodyReading> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (reading: BodyReading) => {
      if (settled) return;
      settled = true;
      request.off("data", onData);
      resolve(reading);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => settle({ ok: true, bytes: Buffer.concat(chunks, size) }));
    request.once("error", () => settle({ ok: false, tooLarge: false, aborted: true }));
    request.once("close", () => settle({ ok: false, tooLarge: false, aborted: true }));
  });
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * Why `text` would be too costly to parse and validate, or undefined. One pass over the characters: depth counts
 * `{` and `[` outside strings, keys count `:` outside strings (each object member has exactly one). Malformed JSON
 * is left for JSON.parse to reject.
 */
export function excessiveJson(text: string, limits: Pick<BodyLimits, "maxDepth" | "maxKeys">): string | undefined {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limits.maxDepth) return `The request body nests deeper than ${limits.maxDepth} levels.`;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    } else if (code === COLON) {
      if (++keys > limits.maxKeys) return `The request body has more than ${limits.maxKeys} fields.`;
    }
  }
  return undefined;
}

/** How long a refused body is still read (and discarded) so the client can see the answer before the cut. */
export const LINGER_MS = 2000;

/**
 * Answers while the client may still be sending a body the server will not read. Closing at once would reset the
 * connection and could destroy the answer before the client reads it, so the rest of the body is discarded for a
 * moment first (a "lingering close"), bounded by LINGER_MS; then the connection is closed, however much is left.
 */
export function answerBeforeBodyEnds(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string,
): void {
  response.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)), Connection: "close" });
  response.write(body);
  const end = () => {
    clearTimeout(timer);
    response.end();
  };
  const timer = setTimeout(end, LINGER_MS);
  request.once("end", end).once("close", end).resume();
}

/** Headers must arrive within this, whatever the request timeout. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * `http.createServer` options that cut off slow or idle clients: the whole request within `requestTimeoutMs`
 * (408), its headers within 10 s. Node checks every connectionsCheckingInterval, 30 s by default, which would let
 * a short timeout run long, so it checks every second.
 */
export function timeoutOptions(requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS): ServerOptions {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
    connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
  };
}

/**
 * What to answer Node's `clientError` (a request too malformed, large or slow to reach the request handler) with:
 * 431 for oversized headers, 408 for a request that did not arrive in time, else 400; undefined when nobody is
 * left to answer (the connection was reset or is closed), in which case the socket is destroyed.
 */
export function clientErrorStatus(error: NodeJS.ErrnoException, socket: Duplex): 400 | 408 | 431 | undefined {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return undefined;
  }
  return error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
}

/** Writes a whole JSON response on a raw socket and closes it: all `clientError` can do, as no response object exists. */
export function endWithJson(socket: Duplex, status: number, json: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

/**
 * `text` made safe to print in a terminal or a log line: anything but printable ASCII (control characters such as
 * ESC, which starts terminal escape sequences, C1 controls, any non-ASCII) becomes `?`, and it is cut to `maxChars`
 * (then ends in `...`). Linear in the length of `text`, and only its first `maxChars` characters are examined.
 */
export function printable(text: string, maxChars: number): string {
  const cut = text.length > maxChars;
  const ascii = (cut ? text.slice(0, maxChars) : text).replace(/[^\x20-\x7e]/g, "?");
  return cut ? `${ascii}...` : ascii;
}

/** The names of the loopback addresses as a Host header spells them (lower case, IPv6 in brackets). */
export const LOOPBACK_HOSTNAMES: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/** Which Host headers a server answers: loopback names with `loopbackPort`, plus `allowedHosts`. */
export interface HostRule {
  /** The port a loopback Host must carry (with 80, none is also accepted), or "any". */
  loopbackPort: number | "any";
  /** Hosts allowed besides loopback, as `name` (any port) or `name:port` (that port only); case-insensitive. */
  allowedHosts?: readonly string[];
}

const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::(\d{1,5}))?$/;

/** `host` (a Host header value, or an allowed host) split into its lower-case name and its port; undefined if malformed. */
export function parseHost(host: string): { name: string; port: string | undefined } | undefined {
  const match = HOST_HEADER.exec(host.toLowerCase());
  return match?.[1] === undefined ? undefined : { name: match[1], port: match[2] };
}

/**
 * Whether `host` (the request's Host header) names this server under `rule`. After DNS rebinding a web page reaches
 * a loopback server under its own name and is same-origin with it; the Host header still carries that name, so
 * refusing every name but the allowed ones leaves the page nothing to read or change. No Host at all is refused too.
 */
export function isAllowedHost(host: string | undefined, rule: HostRule): boolean {
  const parsed = host === undefined ? undefined : parseHost(host);
  if (parsed === undefined) return false;
  const { name, port } = parsed;
  if (LOOPBACK_HOSTNAMES.includes(name)) {
    if (rule.loopbackPort === "any" || port === String(rule.loopbackPort) || (rule.loopbackPort === 80 && port === undefined)) return true;
  }
  return (rule.allowedHosts ?? []).some((allowed) => {
    const entry = parseHost(allowed);
    return entry !== undefined && entry.name === name && (entry.port === undefined || entry.port === port);
  });
}
