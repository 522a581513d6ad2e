import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSpecPath, startMock, type MockServer } from "../src/index.js";
import { groupIsAlive, processesMatching } from "./processes.js";

const AUTH = `Basic ${Buffer.from("project-test-mock:secret-test-mock").toString("base64")}`;
const SANDBOX = { phone_number: "+10000000000" };
const B2B = { organization_id: "organization-test-1", member_id: "member-test-1" };

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: AUTH, ...headers },
    body: JSON.stringify(body),
  });
}

describe("startMock", () => {
  const tempDir = mkdtempSync(join(tmpdir(), "sms-otp-mock-test-"));
  let mock: MockServer;

  beforeAll(async () => {
    mock = await startMock();
  });

  afterAll(async () => {
    await mock?.stop();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it("listens on a free port of 127.0.0.1 by default and resolves with its URL", () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(processesMatching(`prism-cli.* -h 127.0.0.1 -p ${new URL(mock.url).port} `)).toHaveLength(1);
  });

  it("200: answers a valid consumer request with the spec's success example", async () => {
    const response = await post(`${mock.url}/v1/otps/sms/send`, SANDBOX);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status_code: 200, phone_id: expect.any(String) });
  });

  it("200: answers a valid B2B request with the spec's success example", async () => {
    const response = await post(`${mock.url}/v1/b2b/otps/sms/send`, B2B);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status_code: 200, member: expect.any(Object) });
  });

  it("429: serves the example named in the Prefer header", async () => {
    const response = await post(`${mock.url}/v1/otps/sms/send`, SANDBOX, {
      Prefer: "code=429, example=too_many_requests",
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ status_code: 429, error_type: "too_many_requests" });
  });

  it("400: answers an invalid request with bad_request and names the field in sl-violations", async () => {
    const response = await post(`${mock.url}/v1/otps/sms/send`, { phone_number: "555-0100" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_type: "bad_request" });
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { location: string[] }[];
    expect(violations.map((violation) => violation.location)).toContainEqual(["request", "body", "phone_number"]);
  });

  it("400: an unknown field named outside Latin-1 gets bad_request, an escaped sl-violations, and Prism survives", async () => {
    const response = await post(`${mock.url}/v1/otps/sms/send`, { ...SANDBOX, 電話: "+10000000000" });
    expect(response.status).toBe(400);
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { message: string }[];
    expect(violations.map((violation) => violation.message)).toContain(
      "Request body must NOT have additional properties; found '電話'",
    );
    expect((await post(`${mock.url}/v1/otps/sms/send`, SANDBOX)).status).toBe(200);
  });

  it("401: answers a request without Authorization with unauthorized_credentials", async () => {
    const response = await fetch(`${mock.url}/v1/otps/sms/send`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(SANDBOX),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error_type: "unauthorized_credentials" });
  });

  // Prism's behaviours that the README lists as limitations: a Prism upgrade that changes one should update it.
  describe("known Prism limitations", () => {
    it("404: a Prefer status the operation does not declare gets Prism's NOT_FOUND problem, not a Stytch error", async () => {
      const response = await post(`${mock.url}/v1/otps/sms/send`, SANDBOX, { Prefer: "code=418" });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ type: "https://stoplight.io/prism/errors#NOT_FOUND" });
    });

    it("500: a Prefer example name that does not exist gets Prism's own problem, not a Stytch error", async () => {
      const response = await post(`${mock.url}/v1/otps/sms/send`, SANDBOX, { Prefer: "code=429, example=nope" });
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    });

    it("400: a body that is not JSON gets Prism's invalid_json error, not a Stytch error", async () => {
      const response = await fetch(`${mock.url}/v1/otps/sms/send`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: AUTH },
        body: '{"phone_number":',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toStrictEqual({ error: { code: "invalid_json", message: "Invalid JSON" } });
    });
  });

  it("stop() ends Prism's whole process group, frees the port, and can be called again", async () => {
    const other = await startMock();
    expect(other.url).not.toBe(mock.url);
    expect(groupIsAlive(other.pid)).toBe(true);

    await other.stop();

    expect(groupIsAlive(other.pid)).toBe(false);
    expect(await other.exited).toMatchObject({ signal: "SIGTERM" });
    await expect(fetch(`${other.url}/v1/otps/sms/send`)).rejects.toThrow();
    await expect(other.stop()).resolves.toBeUndefined();
  });

  it("rejects with a one-line 'run pnpm build' error when the spec bundle is missing", async () => {
    const specPath = join(tempDir, "missing", "openapi.yaml");
    const error = await startMock({ specPath }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `@sms-otp/mock: no OpenAPI bundle at ${specPath}; run "pnpm build" first (it writes spec/dist/openapi.yaml)`,
    );
  });

  it("rejects with Prism's own output when Prism cannot load the spec, leaving no process", async () => {
    const specPath = join(tempDir, "not-openapi.yaml");
    writeFileSync(specPath, "hello: world\n");
    const error = await startMock({ specPath }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^@sms-otp\/mock: Prism exited \(code 1\) before listening on 127\.0\.0\.1:\d+\./);
    expect((error as Error).message).toContain("Unsupported document format");
    expect(processesMatching(specPath)).toEqual([]);
  });

  it("rejects and stops Prism when it does not start listening within startTimeoutMs", async () => {
    const specPath = join(tempDir, "slow-openapi.yaml");
    copyFileSync(defaultSpecPath(), specPath);
    const error = await startMock({ specPath, startTimeoutMs: 100 }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/Prism did not start listening within 100 ms on 127\.0\.0\.1:\d+/);
    expect(processesMatching(specPath)).toEqual([]);
  });
});
