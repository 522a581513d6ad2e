// Requests meant to hurt: each gets a clear 4xx in Stytch's envelope, never a 5xx or another body, and the mock
// answers the next valid request. Sent byte for byte over a socket, because fetch refuses to send most of them.
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { API_BASE_URL, describeOnMock } from "./support/target.js";

const AUTH = `Basic ${Buffer.from("project-test-00000000-0000-0000-0000-000000000000:secret-test-DO-NOT-LEAK-hostile").toString("base64")}`;
const CONSUMER = "/v1/otps/sms/send";
const VALID = JSON.stringify({ phone_number: "+10000000000" });
const MIB = 1024 * 1024;
const ENVELOPE_KEYS = ["error_message", "error_type", "error_url", "request_id", "status_code"];

interface RawAnswer {
  status: number;
  head: string;
  body: string;
}

/**
 * Writes `head` (request line and headers, without the blank line) and `body` to the mock and reads the answer
 * until the mock closes the connection. A body is written in chunks and no longer once the answer has begun, as
 * an HTTP client does when the server answers early (413).
 */
function sendRaw(head: string, body: Buffer | string = ""): Promise<RawAnswer> {
  const { hostname, port } = new URL(API_BASE_URL);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    socket.on("data", (chunk) => received.push(chunk));
    // The mock may reset the connection after answering a body it will not read; what arrived before counts.
    socket.on("error", () => {});
    socket.on("close", () => {
      const text = Buffer.concat(received).toString("utf8");
      const match = /^HTTP\/1\.1 (\d{3}) [^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (match === null) reject(new Error(`no HTTP answer; got ${JSON.stringify(text.slice(0, 200))}`));
      else resolve({ status: Number(match[1]), head: match[2] as string, body: match[3] as string });
    });
    socket.once("connect", async () => {
      socket.write(`${head}\r\n\r\n`);
      const bytes = typeof body === "string" ? Buffer.from(body) : body;
      for (let offset = 0; offset < bytes.length && received.length === 0 && !socket.destroyed; offset += 64 * 1024) {
        if (!socket.write(bytes.subarray(offset, offset + 64 * 1024))) {
          await new Promise((drained) => socket.once("drain", drained).once("close", drained));
        }
      }
    });
  });
}

/** A POST to the consumer send endpoint with a JSON content type, Basic credentials and `Connection: close`. */
function post(body: Buffer | string, headers: Record<string, string> = {}, path = CONSUMER): Promise<RawAnswer> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const all = { "Content-Type": "application/json", Authorization: AUTH, "Content-Length": String(bytes.length), ...headers };
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}`);
  return sendRaw([`POST ${path} HTTP/1.1`, `Host: 127.0.0.1`, "Connection: close", ...lines].join("\r\n"), bytes);
}

function nested(depth: number, open: string, close: string): string {
  return `${open.repeat(depth)}${close.repeat(depth)}`;
}

function fields(count: number, name: (index: number) => string): string {
  const members = Array.from({ length: count }, (_, index) => `${JSON.stringify(name(index))}:1`);
  return `{"phone_number":"+10000000000",${members.join(",")}}`;
}

interface HostileCase {
  name: string;
  send: () => Promise<RawAnswer>;
  status: number;
  errorType: string;
}

const CATALOGUE: HostileCase[] = [
  { name: "JSON arrays nested 5,000 deep", send: () => post(nested(5000, "[", "]")), status: 400, errorType: "request_too_complex" },
  {
    name: "JSON objects nested 7,500 deep",
    send: () => post(`${'{"a":'.repeat(7500)}1${"}".repeat(7500)}`),
    status: 400,
    errorType: "request_too_complex",
  },
  { name: "JSON nested 10,000 deep", send: () => post(nested(10_000, "[", "]")), status: 400, errorType: "request_too_complex" },
  {
    name: "20,000 unknown fields (under the size limit)",
    send: () => post(fields(20_000, (index) => `k${index}`)),
    status: 400,
    errorType: "request_too_complex",
  },
  {
    name: "200,000 unknown fields (2.3 MB)",
    send: () => post(fields(200_000, (index) => `k${index}`)),
    status: 413,
    errorType: "request_too_large",
  },
  { name: "a body over 10 MiB", send: () => post(Buffer.alloc(10 * MIB + 1, 0x20)), status: 413, errorType: "request_too_large" },
  {
    name: "a chunked body over 10 MiB without Content-Length",
    send: () => {
      const chunk = `${(MIB).toString(16)}\r\n${" ".repeat(MIB)}\r\n`;
      const head = [`POST ${CONSUMER} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close", "Content-Type: application/json"];
      return sendRaw([...head, `Authorization: ${AUTH}`, "Transfer-Encoding: chunked"].join("\r\n"), chunk.repeat(11));
    },
    status: 413,
    errorType: "request_too_large",
  },
  { name: "JSON cut short", send: () => post('{"phone_number":'), status: 400, errorType: "invalid_json" },
  { name: "a body that is not JSON", send: () => post("phone_number=+10000000000"), status: 400, errorType: "invalid_json" },
  {
    name: "a body that is not UTF-8",
    send: () => post(Buffer.concat([Buffer.from('{"phone_number":"+1'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])),
    status: 400,
    errorType: "invalid_json",
  },
  {
    name: "a JSON body sent as text/plain",
    send: () => post(VALID, { "Content-Type": "text/plain" }),
    status: 400,
    errorType: "invalid_content_type",
  },
  {
    name: "a field name of 5,000 characters outside Latin-1",
    send: () => post(fields(1, () => "電".repeat(5000))),
    status: 400,
    errorType: "bad_request",
  },
  { name: "a JSON array instead of an object", send: () => post("[]"), status: 400, errorType: "bad_request" },
  { name: "JSON null", send: () => post("null"), status: 400, errorType: "bad_request" },
  { name: "an empty body", send: () => post(""), status: 400, errorType: "bad_request" },
  { name: "a __proto__ field", send: () => post('{"phone_number":"+10000000000","__proto__":{"x":1}}'), status: 400, errorType: "bad_request" },
  { name: "a path no endpoint has", send: () => post(VALID, {}, "/v1/otps/sms/sendd"), status: 404, errorType: "route_not_found" },
  { name: "a path with a query and encoded characters", send: () => post(VALID, {}, "/v1/%00?x=%ff"), status: 404, errorType: "route_not_found" },
  { name: "a request target of //", send: () => post(VALID, {}, "//"), status: 404, errorType: "route_not_found" },
  { name: "an absolute request target that is not a URL", send: () => post(VALID, {}, "http://[::1"), status: 404, errorType: "route_not_found" },
  {
    name: "GET on a POST endpoint",
    send: () => sendRaw(`GET ${CONSUMER} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close`),
    status: 405,
    errorType: "method_not_allowed",
  },
  {
    name: "a method HTTP does not have",
    send: () => sendRaw(`BREW ${CONSUMER} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close`),
    status: 400,
    errorType: "bad_request",
  },
  { name: "a request line that is not HTTP", send: () => sendRaw("HELLO"), status: 400, errorType: "bad_request" },
  {
    name: "a header with a control character in its value",
    send: () => post(VALID, { "X-Trace": "a\u0001b" }),
    status: 400,
    errorType: "bad_request",
  },
  { name: "a header name with a space", send: () => post(VALID, { "Bad Header": "1" }), status: 400, errorType: "bad_request" },
  {
    name: "64 KiB of headers",
    send: () => post(VALID, { "X-Padding": "x".repeat(64 * 1024) }),
    status: 431,
    errorType: "request_headers_too_large",
  },
  { name: "Prefer with an undeclared status", send: () => post(VALID, { Prefer: "code=418" }), status: 400, errorType: "invalid_prefer_header" },
  {
    name: "Prefer with an unknown example",
    send: () => post(VALID, { Prefer: "code=429, example=nope" }),
    status: 400,
    errorType: "invalid_prefer_header",
  },
  {
    name: "Prefer with an example of another status",
    send: () => post(VALID, { Prefer: "code=400, example=too_many_requests" }),
    status: 400,
    errorType: "invalid_prefer_header",
  },
  { name: "Prefer that is not key=value", send: () => post(VALID, { Prefer: "!!!" }), status: 400, errorType: "invalid_prefer_header" },
  {
    name: "Prefer asking for dynamic answers",
    send: () => post(VALID, { Prefer: "dynamic=true" }),
    status: 400,
    errorType: "invalid_prefer_header",
  },
  {
    name: "Basic credentials that are not base64",
    send: () => post(VALID, { Authorization: "Basic ###" }),
    status: 401,
    errorType: "unauthorized_credentials",
  },
];

describeOnMock("hostile input", "it is aimed at the mock, not at Stytch", () => {
  describe.each(CATALOGUE)("$name", ({ send, status, errorType }) => {
    it(`gets ${status} ${errorType} in Stytch's envelope, short and ASCII, and the mock answers the next valid request`, async () => {
      const answer = await send();

      expect(answer.status).toBe(status);
      expect(answer.head).toMatch(/^content-type: application\/json$/im);
      const envelope = JSON.parse(answer.body) as Record<string, unknown>;
      expect(Object.keys(envelope).sort()).toEqual(ENVELOPE_KEYS);
      expect(envelope).toMatchObject({ status_code: status, error_type: errorType });
      expect(envelope["request_id"]).toMatch(/^request-id-test-/);
      expect(String(envelope["error_message"]).length).toBeLessThan(400);
      expect(answer.head.length).toBeLessThan(1000);
      expect(answer.head).toMatch(/^[\x20-\x7e\r\n]*$/);

      const next = await post(VALID);
      expect(next.status).toBe(200);
    });
  });
});
