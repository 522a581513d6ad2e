// DNS rebinding, written as the attack: a page on attacker.example whose name now resolves to 127.0.0.1 is
// same-origin with the mock, and its requests arrive with `Host: attacker.example`. They must get 421 before any
// route, credential check or state is touched; loopback names (any port) and the allowed hosts still get answers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockControl, startMock, type HttpsMockServer, type MockControl } from "../src/index.js";
import { requestWithHost, requestWithoutHost, type HostExchange } from "./host-request.js";

const PROJECT = "project-test-host-check";
const AUTH = `Basic ${Buffer.from(`${PROJECT}:secret-test-host-check`).toString("base64")}`;
const PHONE = "+12025550147";
const SANDBOX = { phone_number: "+10000000000" };
const ALLOWED_HOSTS = ["mock:4010", "Compose-Mock"];

function expectRefused(answer: HostExchange, label: string): void {
  expect(answer.status, label).toBe(421);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  expect(body, label).toMatchObject({ status_code: 421, error_type: "host_not_allowed", error_url: "https://stytch.com/docs/api/errors/421" });
  expect(body["request_id"], label).toMatch(/^request-id-test-/);
  expect(answer.headers["access-control-allow-origin"], label).toBeUndefined();
}

describe("the Host check", () => {
  const tempDir = mkdtempSync(join(tmpdir(), "sms-otp-mock-host-test-"));
  const logLines: string[] = [];
  let mock: HttpsMockServer;
  let control: MockControl;
  let port: string;

  beforeAll(async () => {
    mock = await startMock({ https: true, caDir: join(tempDir, "ca"), allowedHosts: ALLOWED_HOSTS, onLog: (line) => logLines.push(line) });
    control = mockControl({ url: mock.url, projectId: PROJECT, secret: "secret-test-host-check" });
    port = new URL(mock.url).port;
  });

  afterAll(async () => {
    await mock?.stop();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it("a DNS-rebound page reads no texted code, resets nothing and sends nothing: 421 host_not_allowed", async () => {
    await control.createUser({ phone_number: PHONE });
    const sent = await requestWithHost(mock.url, `127.0.0.1:${port}`, "/v1/otps/sms/send", { headers: { Authorization: AUTH }, body: { phone_number: PHONE } });
    expect(sent.status, sent.text).toBe(200);
    const [message] = await control.messages({ to: PHONE });
    expect(message?.code).toMatch(/^\d{6}$/);

    const attacker = `attacker.example:${port}`;
    const withAuth = { Authorization: AUTH };
    const attacks: [string, string, Parameters<typeof requestWithHost>[3]][] = [
      ["GET", "/__mock/v1/messages", { headers: withAuth }],
      ["GET", "/__mock/v1/messages?wait_ms=0", { headers: { ...withAuth, Origin: `http://${attacker}` } }],
      ["POST", "/__mock/v1/reset", { method: "POST", headers: withAuth }],
      ["DELETE", "/__mock/v1/messages", { method: "DELETE", headers: withAuth }],
      ["POST", "/__mock/v1/clock", { headers: withAuth, body: { advance_seconds: 3600 } }],
      ["POST", "/v1/otps/sms/send", { headers: withAuth, body: { phone_number: PHONE } }],
      ["POST", "/v1/otps/authenticate", { headers: withAuth, body: { method_id: message?.method_id, code: message?.code } }],
      ["OPTIONS", "/__mock/v1/messages", { method: "OPTIONS", headers: { Origin: `http://${attacker}`, "Access-Control-Request-Method": "GET" } }],
      ["GET", "/__mock/v1/messages (no credentials)", {}],
      ["GET", "/nowhere", {}],
    ];
    for (const [method, path, init] of attacks) {
      const answer = await requestWithHost(mock.url, attacker, path.split(" ")[0] as string, init);
      expectRefused(answer, `${method} ${path}`);
      expect(answer.text).not.toContain(message?.code);
    }

    // Everything is as the legitimate client left it: the one text, still pending, and the clock unmoved.
    const after = await control.messages({ to: PHONE });
    expect(after.map(({ id, status }) => ({ id, status }))).toEqual([{ id: message?.id, status: "pending" }]);
    expect(Date.parse(await control.clock.now()) - Date.parse(message?.created_at as string)).toBeLessThan(3600_000);
    expect(logLines.some((line) => line.startsWith("POST /__mock/v1/reset 421 "))).toBe(true);
  });

  it("refuses names that merely contain a loopback name, an allowed name on another port, and no Host at all", async () => {
    for (const host of [
      "attacker.example",
      `127.0.0.1.attacker.example:${port}`,
      "localhost.attacker.example",
      `attacker.example@127.0.0.1:${port}`,
      "127.0.0.2",
      "mock:4011",
      "mock.attacker.example:4010",
      "compose-mock.attacker.example",
    ]) {
      expectRefused(await requestWithHost(mock.url, host, "/v1/otps/sms/send", { headers: { Authorization: AUTH }, body: SANDBOX }), host);
    }
    const bare = await requestWithoutHost(mock.url, "/__mock/v1/jwks");
    expect(bare).toMatch(/^HTTP\/1\.1 421 /);
    expect(bare).toContain('"error_type":"host_not_allowed"');
  });

  it("answers loopback names on any port, and the allowed hosts (name: any port; name:port: that port)", async () => {
    for (const host of [`127.0.0.1:${port}`, "127.0.0.1", "LOCALHOST:1", "[::1]:65535", "mock:4010", "compose-mock", "COMPOSE-MOCK:8080"]) {
      const answer = await requestWithHost(mock.url, host, "/v1/otps/sms/send", { headers: { Authorization: AUTH }, body: SANDBOX });
      expect(answer.status, `${host}: ${answer.text}`).toBe(200);
    }
  });

  it("over HTTPS too", async () => {
    const attack = await requestWithHost(mock.httpsUrl, "attacker.example", "/__mock/v1/messages", { headers: { Authorization: AUTH }, ca: mock.caPem });
    expectRefused(attack, "https attacker.example");
    const allowed = await requestWithHost(mock.httpsUrl, "mock:4010", "/v1/otps/sms/send", { headers: { Authorization: AUTH }, body: SANDBOX, ca: mock.caPem });
    expect(allowed.status, allowed.text).toBe(200);
  });

  it("startMock rejects an allowed host that is not a name or name:port, with a one-line reason", async () => {
    await expect(startMock({ allowedHosts: ["http://mock:4010"] })).rejects.toThrow(
      '@sms-otp/mock: allowedHosts: "http://mock:4010" is not a host name or name:port',
    );
  });
});
