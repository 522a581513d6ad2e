// A real client nobody here wrote: Stytch's official Node SDK, pointed at the mock's HTTPS URL with custom_base_url
// and trusting its CA through NODE_EXTRA_CA_CERTS, as an application would. It cannot send Prefer, so every answer
// it gets is chosen by the request alone: the contract's triggers and its Stytch-faithful validation errors.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadContract, type JsonObject, type Operation } from "@sms-otp/spec/contract";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { answered, describeOnMock } from "./support/target.js";

const CHILD = fileURLToPath(new URL("./support/stytch-sdk-child.mjs", import.meta.url));
const contract = loadContract(inject("specPath"));

interface SdkCall {
  b2b: boolean;
  method: string[];
  body: unknown;
}

type Outcome = { data: unknown } | { error: JsonObject } | { thrown: string };

/**
 * The SDK method of an operation, from its path: /v1/b2b/otps/sms/send is B2BClient.otps.sms.send, and
 * /v1/otps/sms/login_or_create is Client.otps.sms.loginOrCreate.
 */
function sdkMethod(operation: Operation): Omit<SdkCall, "body"> {
  const [, version, ...segments] = operation.path.split("/");
  if (version !== "v1") throw new Error(`${operation.operationId}: no SDK mapping for ${operation.path}`);
  const rest = segments.map((segment) => segment.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase()));
  const b2b = rest[0] === "b2b";
  return { b2b, method: b2b ? rest.slice(1) : rest };
}

/** `base` with `partial` written over it, nested objects merged. */
function merged(base: unknown, partial: JsonObject): JsonObject {
  const result: JsonObject = { ...(base as JsonObject) };
  for (const [key, value] of Object.entries(partial)) {
    const current = result[key];
    const bothObjects = [current, value].every((item) => typeof item === "object" && item !== null && !Array.isArray(item));
    result[key] = bothObjects ? merged(current, value as JsonObject) : value;
  }
  return result;
}

function firstRequest(operation: Operation): unknown {
  const example = operation.requestExamples[0];
  if (example === undefined) throw new Error(`${operation.operationId} has no request example to start from`);
  return example.value;
}

/** The acceptance cases of issue 10: a request value Stytch rejects with a specific error type. */
const NAMED_REJECTIONS: { operationId: string; change: JsonObject; errorType: string }[] = [
  { operationId: "otpsSmsSend", change: { phone_number: "12345" }, errorType: "invalid_phone_number" },
  { operationId: "otpsSmsSend", change: { expiration_minutes: 11 }, errorType: "invalid_expiration_otp" },
  { operationId: "otpsSmsSend", change: { locale: "de" }, errorType: "invalid_locale" },
  { operationId: "b2bOtpsSmsSend", change: { mfa_phone_number: "12345" }, errorType: "invalid_phone_number" },
  { operationId: "b2bOtpsSmsSend", change: { locale: "de" }, errorType: "invalid_locale" },
  { operationId: "otpsAuthenticate", change: { code: "12345" }, errorType: "invalid_code" },
  { operationId: "otpsAuthenticate", change: { session_duration_minutes: 4 }, errorType: "invalid_session_duration_minutes" },
  { operationId: "b2bOtpsSmsAuthenticate", change: { code: "1234567" }, errorType: "invalid_code" },
  { operationId: "b2bOtpsSmsAuthenticate", change: { session_duration_minutes: 527041 }, errorType: "invalid_session_duration_minutes" },
  { operationId: "otpsSmsLoginOrCreate", change: { phone_number: "12345" }, errorType: "invalid_phone_number" },
  { operationId: "sessionsAuthenticate", change: { session_duration_minutes: 4 }, errorType: "invalid_session_duration_minutes" },
  { operationId: "sessionsRevoke", change: { session_id: "session-123" }, errorType: "invalid_session_id" },
];

interface Case {
  title: string;
  call: SdkCall;
  check: (outcome: Outcome) => void;
}

function expectError(outcome: Outcome, expected: JsonObject): void {
  expect(outcome, JSON.stringify(outcome)).toHaveProperty("error");
  const { request_id: requestId, ...rest } = (outcome as { error: JsonObject }).error;
  const { request_id: _documented, ...documented } = expected;
  expect(rest).toStrictEqual(documented);
  expect(requestId).toMatch(/^request-id-test-/);
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const operation of contract.operations) {
    const method = sdkMethod(operation);
    const label = `${method.b2b ? "B2BClient" : "Client"}.${method.method.join(".")}`;
    const success = operation.examples.find((example) => example.status < 300);
    all.push({
      title: `${label}: the first request example, as is, gets ${success?.status} ${success?.name}`,
      call: { ...method, body: firstRequest(operation) },
      check: (outcome) => expect(outcome).toStrictEqual({ data: answered(success?.value) }),
    });
    for (const example of operation.examples.filter((candidate) => candidate.trigger !== undefined)) {
      const trigger = example.trigger as JsonObject;
      all.push({
        title: `${label}: the trigger ${JSON.stringify(trigger)} gets ${example.status} ${example.name}`,
        call: { ...method, body: merged(firstRequest(operation), trigger) },
        check: (outcome) => {
          if (example.status < 400) expect(outcome).toStrictEqual({ data: answered(example.value) });
          else expectError(outcome, example.value as JsonObject);
        },
      });
    }
    for (const { change, errorType } of NAMED_REJECTIONS.filter((named) => named.operationId === operation.operationId)) {
      const body = merged(firstRequest(operation), change);
      all.push({
        title: `${label}: ${JSON.stringify(change)} gets ${errorType}, the error the contract documents for it`,
        call: { ...method, body },
        check: (outcome) => {
          const rejection = contract.validateRequest(operation.operationId, body);
          expect(rejection?.body.error_type).toBe(errorType);
          expectError(outcome, rejection?.body as unknown as JsonObject);
        },
      });
    }
  }
  return all;
}

function runSdk(calls: SdkCall[]): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: inject("mockCaPath") };
    // Trust must come from the CA alone: an inherited switch that turns verification off would hide a bad certificate.
    delete env["NODE_TLS_REJECT_UNAUTHORIZED"];
    const child = execFile(
      process.execPath,
      [CHILD],
      { env },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`the SDK process failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as Outcome[]);
      },
    );
    child.stdin?.end(JSON.stringify({ baseUrl: inject("mockHttpsUrl"), calls }));
  });
}

describeOnMock("Stytch's official Node SDK against the mock over HTTPS", "it checks the mock's triggers and CA", () => {
  const all = cases();
  let outcomes: Outcome[] = [];

  beforeAll(async () => {
    // One process for every call: starting Node and loading the SDK costs more than all the calls together.
    outcomes = await runSdk(all.map((c) => c.call));
  }, 60_000);

  it("every operation has a trigger for each of its examples, so the SDK can reach them all", () => {
    for (const operation of contract.operations) {
      expect(operation.examples.filter((example) => example.trigger === undefined).map((example) => example.name)).toEqual([]);
    }
  });

  it("every issue-10 acceptance case names an operation of the contract", () => {
    const ids = contract.operations.map((operation) => operation.operationId);
    expect(NAMED_REJECTIONS.filter((named) => !ids.includes(named.operationId))).toEqual([]);
  });

  describe.each(all.map((c, index) => ({ ...c, index })))("$title", ({ check, index }) => {
    it("comes back from the SDK as documented", () => {
      check(outcomes[index] as Outcome);
    });
  });
});
