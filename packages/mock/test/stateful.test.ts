// The stateful mock end to end over HTTP, as issue 17's "Done when" lists it, for two projects at once: Stytch's
// rules (facts §5), the outbox read through the typed helpers, the clock, reset, and every 2xx body checked against
// the contract's response schema.
import { createPublicKey, verify } from "node:crypto";
import { request as httpRequest } from "node:http";
import { loadContract, type JsonObject } from "@sms-otp/spec/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockControl, PROJECT_CAPS, startMock, type MockControl, type MockServer } from "../src/index.js";

const contract = loadContract();
let mock: MockServer;

beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock?.stop();
});

interface Answer {
  status: number;
  body: JsonObject;
}

/** A project's view of the mock: Stytch's endpoints with its credentials, and its control plane. */
function project(projectId: string) {
  const auth = `Basic ${Buffer.from(`${projectId}:secret-test-stateful`).toString("base64")}`;
  const control: MockControl = mockControl({ url: mock.url, projectId, secret: "secret-test-stateful" });
  async function call(path: string, body: JsonObject): Promise<Answer> {
    const response = await fetch(`${mock.url}${path}`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const answer = { status: response.status, body: (await response.json()) as JsonObject };
    if (answer.status < 300) expectValidSuccess(path, answer.body);
    return answer;
  }
  return {
    control,
    call,
    send: (phone_number: string, extra: JsonObject = {}) => call("/v1/otps/sms/send", { phone_number, ...extra }),
    authenticate: (method_id: string, code: string, extra: JsonObject = {}) => call("/v1/otps/authenticate", { method_id, code, ...extra }),
    /** A User for `phone`: by log-in-or-create when the contract has it, else seeded through the control plane. */
    async userFor(phone: string): Promise<{ userId: string; phoneId: string; code: string }> {
      if (hasOperation("/v1/otps/sms/login_or_create")) {
        const created = await call("/v1/otps/sms/login_or_create", { phone_number: phone });
        expect(created.status).toBe(200);
        expect(created.body["user_created"]).toBe(true);
        return { userId: String(created.body["user_id"]), phoneId: String(created.body["phone_id"]), code: await control.waitForCode({ to: phone }) };
      }
      const user = (await control.createUser({ phone_number: phone })) as { user_id: string; phone_numbers: { phone_id: string }[] };
      const sent = await call("/v1/otps/sms/send", { phone_number: phone });
      expect(sent.status).toBe(200);
      return { userId: user.user_id, phoneId: user.phone_numbers[0]?.phone_id ?? "", code: await control.waitForCode({ to: phone }) };
    },
  };
}

function hasOperation(path: string): boolean {
  return contract.operations.some((operation) => operation.path === path);
}

/** Every stateful 2xx body is valid against the contract's response schema of its operation. */
function expectValidSuccess(path: string, body: JsonObject): void {
  const operation = contract.operations.find((candidate) => candidate.path === path);
  const response = operation?.responses.find((candidate) => candidate.status.startsWith("2"));
  const validate = contract.compileSchema(response?.schema);
  expect(validate(body), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

const wrongCodeOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0").replace(/^000000$/, "111111");

/** The whole consumer flow of the issue's "Done when", in one project. */
async function consumerFlow(projectId: string, phone: string) {
  const p = project(projectId);
  await p.control.reset();

  const unknown = await p.send(phone);
  expect(unknown.status).toBe(404);
  expect(unknown.body["error_type"]).toBe("phone_number_not_found");

  const { userId, phoneId, code } = await p.userFor(phone);
  expect(userId).toMatch(/^user-test-[0-9a-f-]{36}$/);
  expect(phoneId).toMatch(/^phone-number-test-[0-9a-f-]{36}$/);
  expect(code).toMatch(/^\d{6}$/);

  const wrong = await p.authenticate(phoneId, wrongCodeOf(code));
  expect([wrong.status, wrong.body["error_type"]]).toEqual([404, "otp_code_not_found"]);

  const before = Date.parse(await p.control.clock.now());
  const right = await p.authenticate(phoneId, code, { session_duration_minutes: 60 });
  const after = Date.parse(await p.control.clock.now());
  expect(right.status).toBe(200);
  const session = right.body["session"] as JsonObject;
  const expiresAt = Date.parse(String(session["expires_at"]));
  expect(expiresAt).toBeGreaterThanOrEqual(before + 60 * 60_000);
  expect(expiresAt).toBeLessThanOrEqual(after + 60 * 60_000);
  expect(session["session_id"]).toMatch(/^session-test-[0-9a-f-]{36}$/);
  expect(String(right.body["session_token"])).toHaveLength(44);
  expect((right.body["user"] as JsonObject)["phone_numbers"]).toEqual([{ phone_id: phoneId, phone_number: phone, verified: true }]);

  const again = await p.authenticate(phoneId, code, { session_duration_minutes: 60 });
  expect([again.status, again.body["error_type"]]).toEqual([401, "unable_to_auth_otp_code"]);

  // A newer send makes the older code fail.
  expect((await p.send(phone)).body["phone_id"]).toBe(phoneId);
  const older = await p.control.waitForCode({ to: phone });
  await p.send(phone);
  const newer = await p.control.waitForCode({ to: phone });
  const superseded = await p.authenticate(phoneId, older);
  expect(superseded.status).toBe(older === newer ? 200 : 401);
  if (older !== newer) expect((await p.authenticate(phoneId, newer)).status).toBe(200);

  // expiration_minutes: 1 fails after 61 seconds.
  await p.send(phone, { expiration_minutes: 1 });
  const shortLived = await p.control.waitForCode({ to: phone });
  await p.control.clock.advance(61);
  const expired = await p.authenticate(phoneId, shortLived);
  expect([expired.status, expired.body["error_type"]]).toEqual([401, "unable_to_auth_otp_code"]);
  expect((await p.control.messages({ to: phone })).at(-1)?.status).toBe("expired");

  // Ten wrong codes in a row lock the User: the tenth gets 429, and so does the right code after it. (A success
  // resets the count, which the expired code above started.)
  await p.send(phone);
  expect((await p.authenticate(phoneId, await p.control.waitForCode({ to: phone }))).status).toBe(200);
  await p.send(phone);
  const live = await p.control.waitForCode({ to: phone });
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 10; attempt++) statuses.push((await p.authenticate(phoneId, wrongCodeOf(live))).status);
  expect(statuses).toEqual([...Array<number>(9).fill(404), 429]);
  const locked = await p.authenticate(phoneId, live);
  expect([locked.status, locked.body["error_type"]]).toEqual([429, "user_lock_limit_reached"]);
  expect((await p.control.messages({ to: phone })).at(-1)?.status).toBe("locked");
  // The lock lasts an hour of the project's clock.
  await p.control.clock.advance(3601);
  await p.send(phone);
  expect((await p.authenticate(phoneId, await p.control.waitForCode({ to: phone }))).status).toBe(200);

  return { phoneId, messages: await p.control.messages() };
}

describe("the stateful mock, two projects in parallel", () => {
  it("runs Stytch's rules in each project, and neither sees the other's texts, codes or Users", async () => {
    const phones = { a: "+12025550101", b: "+12025550102" };
    const [a, b] = await Promise.all([consumerFlow("project-test-stateful-a", phones.a), consumerFlow("project-test-stateful-b", phones.b)]);
    expect(a.messages.length).toBeGreaterThan(0);
    expect(a.messages.every((message) => message.to === phones.a)).toBe(true);
    expect(b.messages.every((message) => message.to === phones.b)).toBe(true);
    // B's phone_id means nothing in A.
    const crossed = await project("project-test-stateful-a").authenticate(b.phoneId, b.messages.at(-1)?.code ?? "123456");
    expect([crossed.status, crossed.body["error_type"]]).toEqual([404, "phone_number_not_found"]);
  });

  it("a long poll returns within a second of the send, with that text", async () => {
    const p = project("project-test-stateful-poll");
    await p.control.reset();
    const phone = "+12025550103";
    const { phoneId } = await p.userFor(phone);
    const cursor = (await p.control.messages()).at(-1)?.cursor;
    const waiting = p.control.waitForMessage({ to: phone, ...(cursor === undefined ? {} : { after: cursor }), timeoutMs: 20_000 }).then((message) => ({ message, at: performance.now() }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await p.send(phone);
    const sentAt = performance.now();
    const { message, at } = await waiting;
    expect(at - sentAt).toBeLessThan(1000);
    expect(message).toMatchObject({ to: phone, method_id: phoneId, status: "pending", operation_id: "otpsSmsSend" });
  });

  it("reset empties the project: texts, Users, codes and clock", async () => {
    const p = project("project-test-stateful-reset");
    const phone = "+12025550104";
    await p.control.reset();
    const { phoneId, code } = await p.userFor(phone);
    await p.control.clock.advance(600);
    await p.control.reset();
    expect(await p.control.messages()).toEqual([]);
    expect(Math.abs(Date.parse(await p.control.clock.now()) - Date.now())).toBeLessThan(5000);
    expect((await p.send(phone)).status).toBe(404);
    expect((await p.authenticate(phoneId, code)).body["error_type"]).toBe("phone_number_not_found");
  });
});

describe("sandbox values and triggers", () => {
  it("answer with the contract's examples and change no state", async () => {
    const p = project("project-test-stateful-sandbox");
    await p.control.reset();
    const sent = await p.send("+10000000000");
    const success = contract.operation("otpsSmsSend").examples.find((example) => example.name === "success");
    expect(sent).toEqual({ status: 200, body: { ...(success?.value as JsonObject), request_id: expect.any(String) } });
    const authenticated = await p.authenticate(String(sent.body["phone_id"]), "000000", { session_duration_minutes: 60 });
    expect(authenticated.status).toBe(200);
    const wrong = await p.authenticate(String(sent.body["phone_id"]), "123456");
    expect(wrong.body["error_type"]).toBe("otp_code_not_found");
    const triggered = await p.send("+15005554290");
    expect([triggered.status, triggered.body["error_type"]]).toEqual([429, "too_many_requests"]);
    expect(await p.control.messages()).toEqual([]);
  });

  it("a project configured stateful: false answers every valid request from the examples, as before", async () => {
    const p = project("project-test-stateful-off");
    await p.control.config({ stateful: false });
    const sent = await p.send("+12025550105");
    expect(sent.status).toBe(200);
    expect(sent.body["phone_id"]).toBe("phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0");
    expect(await p.control.messages()).toEqual([]);
  });
});

describe("B2B", () => {
  const organization_id = "organization-test-5e1b9a4c-2d3f-4a5b-8c6d-7e8f9a0b1c2d";

  it("the first send with an mfa_phone_number creates the Member; its code authenticates once, with a 60-minute session", async () => {
    const p = project("project-test-stateful-b2b");
    await p.control.reset();
    const member_id = "member-test-0c6a1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";
    const missing = await p.call("/v1/b2b/otps/sms/send", { organization_id, member_id });
    expect([missing.status, missing.body["error_type"]]).toEqual([404, "member_not_found"]);
    const sent = await p.call("/v1/b2b/otps/sms/send", { organization_id, member_id, mfa_phone_number: "+12025550106" });
    expect(sent.status).toBe(200);
    expect((sent.body["member"] as JsonObject)["mfa_phone_number"]).toBe("+12025550106");
    const message = await p.control.waitForMessage({ memberId: member_id });
    expect(message).toMatchObject({ to: "+12025550106", member_id, organization_id, operation_id: "b2bOtpsSmsSend" });

    const noSession = await p.call("/v1/b2b/otps/sms/authenticate", { organization_id, member_id, code: message.code });
    expect(noSession.body["error_type"]).toBe("no_session_arguments");
    const ist = { intermediate_session_token: "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=" };
    const before = Date.parse(await p.control.clock.now());
    const ok = await p.call("/v1/b2b/otps/sms/authenticate", { organization_id, member_id, code: message.code, ...ist });
    expect(ok.status).toBe(200);
    const memberSession = ok.body["member_session"] as JsonObject;
    expect(Date.parse(String(memberSession["expires_at"])) - before).toBeGreaterThanOrEqual(60 * 60_000);
    expect(Date.parse(String(memberSession["expires_at"])) - before).toBeLessThan(60 * 60_000 + 5000);
    const reused = await p.call("/v1/b2b/otps/sms/authenticate", { organization_id, member_id, code: message.code, ...ist });
    expect([reused.status, reused.body["error_type"]]).toEqual([401, "unable_to_auth_otp_code"]);
  });

  it("with b2b_members: seeded_only, only Members added through the control plane exist", async () => {
    const p = project("project-test-stateful-b2b-seeded");
    await p.control.reset();
    await p.control.config({ b2b_members: "seeded_only" });
    const refused = await p.call("/v1/b2b/otps/sms/send", { organization_id, member_id: "member-test-unknown", mfa_phone_number: "+12025550107" });
    expect(refused.body["error_type"]).toBe("member_not_found");
    const member = await p.control.createMember({ organization_id, mfa_phone_number: "+12025550107" });
    expect(member["member_id"]).toMatch(/^member-test-[0-9a-f-]{36}$/);
    expect((await p.call("/v1/b2b/otps/sms/send", { organization_id, member_id: String(member["member_id"]) })).status).toBe(200);
  });
});

describe("settings", () => {
  it("fixed codes, a seed that repeats a run's codes, and the superseded-code error are the project's to choose", async () => {
    const p = project("project-test-stateful-config");
    await p.control.reset();
    await p.control.config({ fixed_codes: { "+12025550108": "135790" } });
    expect((await p.userFor("+12025550108")).code).toBe("135790");

    const seeded = async () => {
      await p.control.reset();
      await p.control.config({ code_seed: 42 });
      const { code } = await p.userFor("+12025550109");
      await p.send("+12025550109");
      return [code, await p.control.waitForCode({ to: "+12025550109" })];
    };
    const first = await seeded();
    expect(await seeded()).toEqual(first);

    await p.control.config({ superseded_code_error: "otp_code_not_found" });
    const { phoneId } = await p.userFor("+12025550110");
    const older = await p.control.waitForCode({ to: "+12025550110" });
    await p.send("+12025550110");
    const newer = await p.control.waitForCode({ to: "+12025550110" });
    if (older !== newer) expect((await p.authenticate(phoneId, older)).body["error_type"]).toBe("otp_code_not_found");
  });

  it("the lock's threshold and length, and whether a lock stops sends, are the project's to choose", async () => {
    const p = project("project-test-stateful-config-lock");
    await p.control.reset();
    await p.control.config({ lock_threshold: 2, lock_ttl_seconds: 300, lock_blocks_send: true });
    const { phoneId, code } = await p.userFor("+12025550114");
    const statuses = [(await p.authenticate(phoneId, wrongCodeOf(code))).status, (await p.authenticate(phoneId, wrongCodeOf(code))).status];
    expect(statuses).toEqual([404, 429]);
    expect((await p.send("+12025550114")).body["error_type"]).toBe("user_lock_limit_reached");
    await p.control.clock.advance(301);
    expect((await p.send("+12025550114")).status).toBe(200);
    const answer = await p.authenticate(phoneId, await p.control.waitForCode({ to: "+12025550114" }));
    expect(answer.status).toBe(200);
    expect((answer.body["user"] as JsonObject)["is_locked"]).toBe(false);
  });

  it("rejects a setting it does not know, or a value out of range, with a one-line reason", async () => {
    const p = project("project-test-stateful-config-bad");
    await expect(p.control.config({ lock_threshold: 0 })).rejects.toThrow("400 lock_threshold must be an integer from 1 to 100.");
    await expect(p.control.config({ colour: "blue" } as never)).rejects.toThrow("colour is not a setting of the mock.");
  });
});

describe("the outbox", () => {
  it(`keeps the newest ${PROJECT_CAPS.messages} texts of a project`, { timeout: 180_000 }, async () => {
    const p = project("project-test-stateful-cap");
    await p.control.reset();
    await p.userFor("+12025550111");
    // Ten at a time: a thousand sends one after the other take a minute on a busy 2-core machine.
    for (let i = 0; i < PROJECT_CAPS.messages + 5; i += 10) await Promise.all(Array.from({ length: 10 }, () => p.send("+12025550111")));
    const messages = await p.control.messages();
    expect(messages).toHaveLength(PROJECT_CAPS.messages);
    expect(messages.filter((message) => message.status === "pending")).toHaveLength(1);
    expect(messages.map((message) => Number(message.cursor))).toEqual([...messages.map((message) => Number(message.cursor))].sort((a, b) => a - b));
  });

  it("streams one server-sent event per text", async () => {
    const p = project("project-test-stateful-events");
    await p.control.reset();
    const { phoneId } = await p.userFor("+12025550112");
    const controller = new AbortController();
    const response = await fetch(`${mock.url}/__mock/v1/events?to=%2B12025550112`, {
      headers: { Authorization: `Basic ${Buffer.from("project-test-stateful-events:x").toString("base64")}` },
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    await p.send("+12025550112");
    let text = "";
    while (!text.includes("\n\nevent: message") && !/event: message\nid: \d+\ndata: .*\n\n/.test(text)) text += (await reader.read()).value ?? "";
    controller.abort();
    const data = JSON.parse(/data: (.*)\n/.exec(text)?.[1] ?? "{}") as JsonObject;
    expect(data).toMatchObject({ to: "+12025550112", method_id: phoneId, status: "pending" });
  });

  it("a long poll that no text answers ends with none when wait_ms is up, and next_cursor is the project's newest", async () => {
    const p = project("project-test-stateful-poll-empty");
    await p.control.reset();
    await p.userFor("+12025550113");
    const started = performance.now();
    const response = await fetch(`${mock.url}/__mock/v1/messages?to=%2B12025550199&wait_ms=300`, {
      headers: { Authorization: `Basic ${Buffer.from("project-test-stateful-poll-empty:x").toString("base64")}` },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const list = (await response.json()) as { messages: unknown[]; next_cursor: string };
    expect(list.messages).toEqual([]);
    expect(list.next_cursor).toBe((await p.control.messages()).at(-1)?.cursor);
  });

  it("answers a bad query with bad_request naming the parameter", async () => {
    const response = await fetch(`${mock.url}/__mock/v1/messages?wait_ms=40000`, { headers: { Authorization: `Basic ${Buffer.from("p:x").toString("base64")}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_type: "bad_request", error_message: "wait_ms must be an integer from 0 to 30000." });
  });
});

it("error answers carry one Content-Type header, not Content-type and Content-Type", async () => {
  const rawHeaders = await new Promise<string[]>((resolve, reject) => {
    const outgoing = httpRequest(`${mock.url}/v1/otps/sms/send`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from("p:x").toString("base64")}` } }, (incoming) => {
      incoming.resume().on("end", () => resolve(incoming.rawHeaders));
    });
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify({ phone_number: "+15005554290" }));
  });
  const names = rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase());
  expect(names.filter((name) => name === "content-type")).toHaveLength(1);
});

describe("sessions", () => {
  const withSessions = hasOperation("/v1/sessions/authenticate") && hasOperation("/v1/b2b/sessions/revoke");

  it("a session JWT is RS256, lives 5 minutes, names the project and the session, and verifies with the mock's JWKS", async () => {
    const p = project("project-test-stateful-jwt");
    await p.control.reset();
    const { phoneId, code } = await p.userFor("+12025550120");
    const signedIn = await p.authenticate(phoneId, code, { session_duration_minutes: 60 });
    const jwt = String(signedIn.body["session_jwt"]);
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as JsonObject;
    expect(decode(header)).toMatchObject({ alg: "RS256", typ: "JWT", kid: expect.stringMatching(/^jwk-test-[0-9a-f-]{36}$/) });
    const claims = decode(payload);
    expect(claims).toMatchObject({ aud: ["project-test-stateful-jwt"], iss: "stytch.com/project-test-stateful-jwt", sub: signedIn.body["user_id"] });
    expect(Number(claims["exp"]) - Number(claims["iat"])).toBe(300);
    expect((claims["https://stytch.com/session"] as JsonObject)["id"]).toBe((signedIn.body["session"] as JsonObject)["session_id"]);
    const { keys } = (await (await fetch(`${mock.url}/__mock/v1/jwks`, { headers: { Authorization: `Basic ${Buffer.from("p:x").toString("base64")}` } })).json()) as { keys: JsonObject[] };
    const key = createPublicKey({ key: keys[0] as never, format: "jwk" });
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"))).toBe(true);
  });

  it("without session_duration_minutes, authenticate starts no session", async () => {
    const p = project("project-test-stateful-nosession");
    await p.control.reset();
    const { phoneId, code } = await p.userFor("+12025550121");
    const answer = await p.authenticate(phoneId, code);
    expect([answer.body["session_token"], answer.body["session_jwt"], answer.body["session"]]).toEqual(["", "", null]);
  });

  it.runIf(withSessions)("consumer: a session authenticates by token or JWT, extends to now + duration, ends when revoked or expired", async () => {
    const p = project("project-test-stateful-sessions");
    await p.control.reset();
    const { phoneId, code } = await p.userFor("+12025550122");
    const signedIn = await p.authenticate(phoneId, code, { session_duration_minutes: 30 });
    const token = String(signedIn.body["session_token"]);
    const byToken = await p.call("/v1/sessions/authenticate", { session_token: token });
    expect(byToken.status).toBe(200);
    expect(byToken.body["session_token"]).toBe(token);
    const byJwt = await p.call("/v1/sessions/authenticate", { session_jwt: String(signedIn.body["session_jwt"]) });
    expect(byJwt.body["session_token"]).toBe(token);

    const now = Date.parse(await p.control.clock.now());
    const extended = await p.call("/v1/sessions/authenticate", { session_token: token, session_duration_minutes: 120 });
    const expiresIn = Date.parse(String((extended.body["session"] as JsonObject)["expires_at"])) - now;
    expect(expiresIn).toBeGreaterThanOrEqual(120 * 60_000);
    expect(expiresIn).toBeLessThan(120 * 60_000 + 5000);

    const both = await p.call("/v1/sessions/authenticate", { session_token: token, session_jwt: String(signedIn.body["session_jwt"]) });
    expect(both.body["error_type"]).toBe("too_many_session_arguments");
    expect((await p.call("/v1/sessions/revoke", { session_token: token })).status).toBe(200);
    expect((await p.call("/v1/sessions/authenticate", { session_token: token })).body["error_type"]).toBe("session_not_found");
    expect((await p.call("/v1/sessions/revoke", { session_token: token })).body["error_type"]).toBe("session_not_found");
    await p.control.config({ revoke_ended_session: "ok" });
    expect((await p.call("/v1/sessions/revoke", { session_token: token })).status).toBe(200);

    await p.send("+12025550122");
    const second = await p.authenticate(phoneId, await p.control.waitForCode({ to: "+12025550122" }), { session_duration_minutes: 5 });
    await p.control.clock.advance(301);
    expect((await p.call("/v1/sessions/authenticate", { session_token: String(second.body["session_token"]) })).body["error_type"]).toBe("session_not_found");
  });

  it.runIf(withSessions)("B2B: a Member session authenticates, and revoking by member_id ends all of them", async () => {
    const p = project("project-test-stateful-b2b-sessions");
    await p.control.reset();
    const organization_id = "organization-test-5e1b9a4c-2d3f-4a5b-8c6d-7e8f9a0b1c2e";
    const member_id = "member-test-1c6a1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      await p.call("/v1/b2b/otps/sms/send", { organization_id, member_id, mfa_phone_number: "+12025550123" });
      const code = await p.control.waitForCode({ memberId: member_id });
      const ok = await p.call("/v1/b2b/otps/sms/authenticate", { organization_id, member_id, code, intermediate_session_token: "ist" });
      tokens.push(String(ok.body["session_token"]));
    }
    const authenticated = await p.call("/v1/b2b/sessions/authenticate", { session_token: tokens[0] ?? "" });
    expect(authenticated.status).toBe(200);
    expect((authenticated.body["member_session"] as JsonObject)["member_id"]).toBe(member_id);
    expect((await p.call("/v1/b2b/sessions/revoke", { member_id })).status).toBe(200);
    for (const token of tokens) expect((await p.call("/v1/b2b/sessions/authenticate", { session_token: token })).body["error_type"]).toBe("session_not_found");
  });
});
