import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePort } from "../src/config.js";
import { GatewayConfigError, logField, MAX_LOGGED_CHARS, maskForLog, optionsFromEnvironment } from "../src/index.js";

const SECRET = "secret-test-CANARY-config-9f8e7d";
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

function configError(env: Record<string, string>): string {
  try {
    optionsFromEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    const { message } = error as Error;
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected a configuration error");
}

describe("options from the environment", () => {
  it("defaults to the local mock with placeholder credentials, the docs server's origins and 10 sends a minute", () => {
    expect(optionsFromEnvironment({})).toEqual({
      upstream: "http://127.0.0.1:4010",
      projectId: expect.stringMatching(/^project-test-/),
      secret: expect.stringMatching(/\S/),
      allowedOrigins: ["http://127.0.0.1:8080", "http://localhost:8080"],
      sendsPerMinute: 10,
      allowLive: false,
    });
  });

  it("follows PORT and DOCS_PORT, as ./scripts/start sets them", () => {
    const options = optionsFromEnvironment({ PORT: "4999", DOCS_PORT: "9999" });
    expect(options.upstream).toBe("http://127.0.0.1:4999");
    expect(options.allowedOrigins).toEqual(["http://127.0.0.1:9999", "http://localhost:9999"]);
  });

  it("takes Stytch's test environment with credentials from the environment", () => {
    const options = optionsFromEnvironment({
      GATEWAY_UPSTREAM: "https://test.stytch.com",
      STYTCH_PROJECT_ID: "project-test-abc",
      STYTCH_SECRET: SECRET,
      GATEWAY_ALLOWED_ORIGINS: "https://docs.example.com, http://127.0.0.1:8080",
      GATEWAY_SENDS_PER_MINUTE: "3",
    });
    expect(options).toMatchObject({
      upstream: "https://test.stytch.com",
      projectId: "project-test-abc",
      secret: SECRET,
      allowedOrigins: ["https://docs.example.com", "http://127.0.0.1:8080"],
      sendsPerMinute: 3,
    });
  });

  it("refuses a project-live- id unless GATEWAY_ALLOW_LIVE=1", () => {
    const live = { GATEWAY_UPSTREAM: "https://api.stytch.com", STYTCH_PROJECT_ID: "project-live-abc", STYTCH_SECRET: SECRET };
    expect(configError(live)).toMatch(/project-live-.*GATEWAY_ALLOW_LIVE=1/);
    expect(optionsFromEnvironment({ ...live, GATEWAY_ALLOW_LIVE: "1" }).allowLive).toBe(true);
  });

  it.each([
    [{ GATEWAY_UPSTREAM: "http://test.stytch.com", STYTCH_PROJECT_ID: "project-test-a", STYTCH_SECRET: SECRET }, /unencrypted/],
    [{ GATEWAY_UPSTREAM: SECRET }, /not an absolute URL/],
    [{ GATEWAY_UPSTREAM: `https://project-test-a:${SECRET}@test.stytch.com` }, /must not contain credentials/],
    [{ GATEWAY_UPSTREAM: "https://test.stytch.com" }, /STYTCH_PROJECT_ID is not set/],
    [{ GATEWAY_UPSTREAM: "https://test.stytch.com", STYTCH_PROJECT_ID: "project-test-a" }, /STYTCH_SECRET is not set/],
    [{ GATEWAY_SENDS_PER_MINUTE: "0" }, /GATEWAY_SENDS_PER_MINUTE/],
    [{ GATEWAY_SENDS_PER_MINUTE: "ten" }, /GATEWAY_SENDS_PER_MINUTE/],
    [{ GATEWAY_ALLOWED_ORIGINS: "http://127.0.0.1:8080/console.html" }, /no path/],
    [{ GATEWAY_ALLOWED_ORIGINS: "*" }, /not an origin/],
  ])("refuses %o with one line that names the setting: %s", (env, reason) => {
    expect(configError(env)).toMatch(reason);
  });
});

describe("issue 20, item 9: a secret pasted into the wrong variable", () => {
  it.each([
    ["GATEWAY_ALLOWED_ORIGINS", { GATEWAY_ALLOWED_ORIGINS: SECRET }],
    ["GATEWAY_ALLOWED_ORIGINS", { GATEWAY_ALLOWED_ORIGINS: `http://127.0.0.1:8080, https://docs.example.com/${SECRET}` }],
    ["GATEWAY_SENDS_PER_MINUTE", { GATEWAY_SENDS_PER_MINUTE: SECRET }],
    ["GATEWAY_UPSTREAM", { GATEWAY_UPSTREAM: SECRET }],
    ["GATEWAY_UPSTREAM", { GATEWAY_UPSTREAM: `${SECRET}:x` }],
    ["GATEWAY_UPSTREAM", { GATEWAY_UPSTREAM: `http://${SECRET.toLowerCase()}.example` }],
    ["PORT", { PORT: SECRET }],
    ["DOCS_PORT", { DOCS_PORT: SECRET }],
  ])("%s: the error names the variable and repeats nothing of the value", (name, env) => {
    const message = configError(env);
    expect(message).toContain(name);
    for (const part of [SECRET, SECRET.toLowerCase(), "CANARY", "canary"]) expect(message).not.toContain(part);
  });

  it("GATEWAY_PORT: parsePort names it and repeats nothing of the value", () => {
    expect(() => parsePort(SECRET)).toThrow(/^gateway: GATEWAY_PORT must be a whole number from 0 to 65535$/);
  });
});

describe("maskForLog", () => {
  it("masks phone numbers with or without +, token and secret members, and JWTs anywhere", () => {
    const line = JSON.stringify({
      phone_number: "+447911123456",
      mfa_phone_number: "2025550162",
      intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=",
      note: "see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig",
      member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
      expiration_minutes: 5,
    });
    expect(JSON.parse(maskForLog(line))).toEqual({
      phone_number: "+4*********56",
      mfa_phone_number: "2*******62",
      intermediate_session_token: "***",
      note: "see ***",
      member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
      expiration_minutes: 5,
    });
  });
});

describe("logField", () => {
  it("cuts before masking, and masks what the cut leaves half: a token value without its closing quote, a JWT without its signature", () => {
    const token = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q";
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLXRlc3QifQ.c2lnbmF0dXJlLXRlc3Q";
    for (const [text, secret] of [
      [`{"pad":"${"x".repeat(MAX_LOGGED_CHARS - 40)}","session_token":"${token}"}`, token.slice(0, 10)],
      [`{"pad":"${"x".repeat(MAX_LOGGED_CHARS - 40)}","note":"${jwt}"}`, jwt.slice(3, 12)],
    ] as const) {
      const field = logField(text);
      expect(field.length).toBeLessThanOrEqual(MAX_LOGGED_CHARS + 3);
      expect(field).not.toContain(secret);
      expect(field).toContain("***");
    }
  });
});

describe("pnpm gateway (dist/cli.js)", () => {
  function run(env: Record<string, string>, untilOutput?: RegExp) {
    const child = spawn(process.execPath, [CLI], { env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilOutput?.test(stdout)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on("exit", (code) => resolve({ code, stdout, stderr })),
    );
  }

  it("exits 1 with one line, no stack trace and no secret, on a bad setting", async () => {
    const { code, stderr } = await run({ GATEWAY_UPSTREAM: "https://api.stytch.com", STYTCH_PROJECT_ID: "project-live-x", STYTCH_SECRET: SECRET });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^gateway: refusing a project-live- id/);
    expect(stderr).not.toContain(SECRET);
  });

  it.each([["GATEWAY_PORT"], ["GATEWAY_ALLOWED_ORIGINS"]])("a secret pasted into %s: exit 1, one line naming it, no secret", async (name) => {
    const { code, stderr } = await run({ [name]: SECRET });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(name);
    expect(stderr).not.toContain("CANARY");
  });

  it("prints its URL, upstream and limits when it listens, and stops on SIGTERM", async () => {
    const { code, stdout } = await run({ GATEWAY_PORT: "0", STYTCH_PROJECT_ID: "project-test-cli", STYTCH_SECRET: SECRET }, /sends a minute/);
    expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain("forwards to http://127.0.0.1:4010");
    expect(stdout).not.toContain(SECRET);
    expect(code).toBe(0);
  });
});
