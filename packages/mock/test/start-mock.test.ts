import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { loadContract } from "@sms-otp/spec/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSpecPath, startMock, type MockServer } from "../src/index.js";
import { occupyPort } from "./ports.js";

const AUTH = `Basic ${Buffer.from("project-test-mock:secret-test-mock").toString("base64")}`;
const CONSUMER = "/v1/otps/sms/send";
const SANDBOX = { phone_number: "+10000000000" };
// Stytch's example Member, a sandbox fixture: the stateful rules leave it to the contract's examples.
const B2B = { organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931", member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f" };

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: AUTH, ...headers },
    body: JSON.stringify(body),
  });
}

/** A POST over HTTPS that trusts `ca` (as a client given NODE_EXTRA_CA_CERTS would), or Node's own roots only. */
function postHttps(url: string, ca: Buffer | undefined, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(url, { method: "POST", ...(ca === undefined ? {} : { ca }), headers: { "Content-Type": "application/json", Authorization: AUTH } }, (incoming) => {
      let text = "";
      incoming.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify(body));
  });
}

describe("startMock", () => {
  const tempDir = mkdtempSync(join(tmpdir(), "sms-otp-mock-test-"));
  const logLines: string[] = [];
  let mock: MockServer;

  beforeAll(async () => {
    mock = await startMock({ https: true, caDir: join(tempDir, "ca"), onLog: (line) => logLines.push(line), corsOrigins: ["https://app.example.test"] });
  });

  afterAll(async () => {
    await mock?.stop();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it("listens on free ports of 127.0.0.1 for HTTP and HTTPS and resolves with both URLs and the CA path", () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(mock.caPath as string, "utf8")).toContain("BEGIN CERTIFICATE");
  });

  it("200: answers a valid consumer request with the spec's success example", async () => {
    const response = await post(`${mock.url}${CONSUMER}`, SANDBOX);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status_code: 200, phone_id: expect.any(String) });
  });

  it("200: answers a valid B2B request with the spec's success example", async () => {
    const response = await post(`${mock.url}/v1/b2b/otps/sms/send`, B2B);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status_code: 200, member: expect.any(Object) });
  });

  it("HTTPS: a client that trusts only the mock's CA gets the same answer, for 127.0.0.1 and localhost", async () => {
    const ca = readFileSync(mock.caPath as string);
    const port = new URL(mock.httpsUrl as string).port;
    for (const host of ["127.0.0.1", "localhost"]) {
      const answer = await postHttps(`https://${host}:${port}${CONSUMER}`, ca, SANDBOX);
      expect(answer).toMatchObject({ status: 200, body: { status_code: 200 } });
    }
  });

  it("HTTPS: a client that does not trust the mock's CA refuses the certificate", async () => {
    const refused = postHttps(`${mock.httpsUrl}${CONSUMER}`, undefined, SANDBOX);
    await expect(refused).rejects.toMatchObject({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
  });

  it("429: serves the example named in the Prefer header", async () => {
    const response = await post(`${mock.url}${CONSUMER}`, SANDBOX, { Prefer: "code=429, example=too_many_requests" });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ status_code: 429, error_type: "too_many_requests" });
  });

  it("400: a 15,000-character Prefer (quadratic before: 219 ms each) gets invalid_prefer_header, without its raw text", async () => {
    const response = await post(`${mock.url}${CONSUMER}`, SANDBOX, { Prefer: `code="${" ".repeat(15_000)}""x` });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error_type: string; error_message: string };
    expect(body.error_type).toBe("invalid_prefer_header");
    expect(body.error_message.length).toBeLessThan(300);
  });

  it("a request value chosen as a trigger in the contract selects its example; Prefer wins over a trigger", async () => {
    const contract = loadContract(mock.specPath);
    const tooMany = contract.operation("otpsSmsSend").examples.find((example) => example.status === 429);
    const triggered = await post(`${mock.url}${CONSUMER}`, tooMany?.trigger);
    expect(triggered.status).toBe(429);
    const body = (await triggered.json()) as { request_id: string };
    expect(body).toStrictEqual({ ...(tooMany?.value as object), request_id: body.request_id });
    expect(body.request_id).not.toBe((tooMany?.value as { request_id: string }).request_id);

    const preferred = await post(`${mock.url}${CONSUMER}`, tooMany?.trigger, { Prefer: "code=200" });
    expect(preferred.status).toBe(200);
  });

  it("400: an invalid request gets the error the contract maps its failure to, with a fresh request_id", async () => {
    const response = await post(`${mock.url}${CONSUMER}`, { phone_number: "12345" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error_type: string; request_id: string };
    expect(body.error_type).toBe("invalid_phone_number");
    expect(body.request_id).toMatch(/^request-id-test-[0-9a-f-]{36}$/);
  });

  it("401: a request without Authorization gets unauthorized_credentials with a fresh request_id", async () => {
    const first = await fetch(`${mock.url}${CONSUMER}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    const second = await fetch(`${mock.url}${CONSUMER}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(first.status).toBe(401);
    const [a, b] = [(await first.json()) as { request_id: string }, (await second.json()) as { request_id: string }];
    expect(a).toMatchObject({ status_code: 401, error_type: "unauthorized_credentials" });
    expect(a.request_id).toMatch(/^request-id-test-[0-9a-f-]{36}$/);
    expect(a.request_id).not.toBe(b.request_id);
  });

  it("the control plane repeats only printable ASCII of what it was sent: a field, a setting or a query parameter with escapes", async () => {
    const hostile = "\u009b2J\u001b]52;c;eA==\u0007\u00e9";
    const headers = { Authorization: AUTH, "Content-Type": "application/json" };
    const answers = await Promise.all([
      fetch(`${mock.url}/__mock/v1/users`, { method: "POST", headers, body: JSON.stringify({ [hostile]: 1 }) }),
      fetch(`${mock.url}/__mock/v1/config`, { method: "PUT", headers, body: JSON.stringify({ [hostile]: 1 }) }),
      fetch(`${mock.url}/__mock/v1/messages?${encodeURIComponent(hostile)}=1`, { headers }),
      fetch(`${mock.url}/__mock/v1/${encodeURIComponent(hostile)}`, { headers }),
    ]);
    for (const answer of answers) {
      const { error_message: message } = (await answer.json()) as { error_message: string };
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(message).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it("logs one line per request: method, path, status, time and request id, never the body or credentials", async () => {
    logLines.length = 0;
    const response = await post(`${mock.url}${CONSUMER}`, SANDBOX, { Prefer: "code=418" });
    const { request_id: requestId } = (await response.json()) as { request_id: string };
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatch(new RegExp(`^POST /v1/otps/sms/send 400 \\d+\\.\\dms ${requestId}$`));
    expect(logLines.join("\n")).not.toContain(SANDBOX.phone_number);
    expect(logLines.join("\n")).not.toContain(AUTH.slice(6));
  });

  describe("CORS", () => {
    const preflight = (origin: string) =>
      fetch(`${mock.url}${CONSUMER}`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization" },
      });

    for (const origin of ["http://localhost:3000", "http://127.0.0.1:5173", "https://[::1]:8443", "https://app.example.test"]) {
      it(`allows ${origin} (loopback, or configured), with credentials`, async () => {
        const response = await preflight(origin);
        expect(response.status).toBe(204);
        expect(response.headers.get("access-control-allow-origin")).toBe(origin);
        expect(response.headers.get("access-control-allow-credentials")).toBe("true");
        expect(response.headers.get("access-control-allow-methods")).toBe("POST");
      });
    }

    for (const origin of ["https://evil.example", "http://localhost.evil.example", "null"]) {
      it(`never reflects ${origin}`, async () => {
        const preflighted = await preflight(origin);
        const posted = await post(`${mock.url}${CONSUMER}`, SANDBOX, { Origin: origin });
        for (const response of [preflighted, posted]) {
          expect(response.headers.get("access-control-allow-origin")).toBeNull();
          expect(response.headers.get("access-control-allow-credentials")).toBeNull();
        }
        expect(posted.status).toBe(200);
      });
    }
  });

  it("408: a client that never finishes its headers gets request_timeout in Stytch's envelope, and others are served", async () => {
    const patient = await startMock({ requestTimeoutMs: 500 });
    try {
      const { port } = new URL(patient.url);
      const answer = await new Promise<string>((resolve) => {
        let text = "";
        const socket = connect(Number(port), "127.0.0.1", () => socket.write(`POST ${CONSUMER} HTTP/1.1\r\nHost: 127.0.0.1\r\n`));
        socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        socket.on("error", () => {});
        socket.on("close", () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({ status_code: 408, error_type: "request_timeout" });
      expect((await post(`${patient.url}${CONSUMER}`, SANDBOX)).status).toBe(200);
    } finally {
      await patient.stop();
    }
  });

  it("stop() closes both servers and frees the ports, keeps the lasting CA, and can be called again", async () => {
    const other = await startMock({ https: true, caDir: join(tempDir, "ca") });
    expect(other.url).not.toBe(mock.url);
    await other.stop();

    await expect(fetch(`${other.url}${CONSUMER}`)).rejects.toThrow();
    await expect(postHttps(`${other.httpsUrl}${CONSUMER}`, undefined, SANDBOX)).rejects.toThrow();
    expect(existsSync(other.caPath as string)).toBe(true);
    await expect(other.stop()).resolves.toBeUndefined();
  });

  it("rejects with a one-line error naming the port when it is taken", async () => {
    const { port, server } = await occupyPort();
    try {
      await expect(startMock({ port })).rejects.toThrow(`@sms-otp/mock: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    } finally {
      server.close();
    }
  });

  it("rejects with a one-line 'run pnpm build' error when the spec bundle is missing", async () => {
    const specPath = join(tempDir, "missing", "openapi.yaml");
    await expect(startMock({ specPath })).rejects.toThrow(`no OpenAPI bundle at ${specPath}; run "pnpm build" first`);
  });

  it("rejects with a one-line error when the file is not an OpenAPI document", async () => {
    const specPath = join(tempDir, "not-openapi.yaml");
    writeFileSync(specPath, "hello: world\n");
    await expect(startMock({ specPath })).rejects.toThrow(`@sms-otp/mock: ${specPath} declares no operations to serve`);
  });

  it("a rebuild of the bundle it serves, even through an empty file, fails 0 of the requests in flight", async () => {
    // A private copy, rebuilt by the real bundler, so the shared spec/dist that other suites read is left alone.
    const specPath = join(tempDir, "rebuilt-openapi.yaml");
    writeFileSync(specPath, readFileSync(defaultSpecPath()));
    const served = await startMock({ specPath });
    try {
      const statuses: number[] = [];
      let rebuilding = true;
      const load = Array.from({ length: 10 }, async () => {
        while (rebuilding) {
          const response = await post(`${served.url}${CONSUMER}`, SANDBOX).catch(() => undefined);
          statuses.push(response?.status ?? 0);
          await response?.arrayBuffer();
        }
      });
      writeFileSync(specPath, "");
      await new Promise((resolve) => setTimeout(resolve, 300));
      await promisify(execFile)(redoclyBin(), ["bundle", specSource(), "--output", specPath], {
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      });
      rebuilding = false;
      await Promise.all(load);
      expect(statuses.length).toBeGreaterThan(20);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
    } finally {
      await served.stop();
    }
  });
});

const require = createRequire(import.meta.url);
const specPackageDir = dirname(require.resolve("@sms-otp/spec/package.json"));

function redoclyBin(): string {
  return join(specPackageDir, "node_modules", ".bin", "redocly");
}

function specSource(): string {
  return join(specPackageDir, "openapi.yaml");
}
