import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startAppAndMock } from "./start.js";

const PHONE = "+12025550123";
let app;
before(async () => {
  app = await startAppAndMock();
});
after(() => app.stop());

async function post(path, body) {
  const response = await fetch(`${app.url}${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, cookie: response.headers.get("set-cookie"), body: await response.json() };
}

test("start texts a code and answers its method_id; verify with the code signs in with an HttpOnly cookie", async () => {
  const started = await post("/login/start", { phone_number: PHONE });
  assert.equal(started.status, 200);
  assert.match(started.body.method_id, /^phone-number-test-/);
  const code = await app.control.waitForCode({ to: PHONE });

  const verified = await post("/login/verify", { method_id: started.body.method_id, code });
  assert.equal(verified.status, 200);
  assert.match(verified.body.user_id, /^user-test-/);
  assert.match(verified.cookie, /^session=[^;]+; HttpOnly; Secure; SameSite=Lax; Path=\/$/);

  const again = await post("/login/verify", { method_id: started.body.method_id, code });
  assert.deepEqual(again, { status: 401, cookie: null, body: { error: "unable_to_auth_otp_code" } });
});

test("a wrong code does not sign in", async () => {
  const started = await post("/login/start", { phone_number: PHONE });
  const code = await app.control.waitForCode({ to: PHONE });
  const wrong = code === "123456" ? "654321" : "123456";
  const verified = await post("/login/verify", { method_id: started.body.method_id, code: wrong });
  assert.deepEqual(verified, { status: 404, cookie: null, body: { error: "otp_code_not_found" } });
});

test("a new number signs up, and signs in to the same user when it comes back", async () => {
  const signIn = async (phone_number) => {
    const started = await post("/login/start", { phone_number });
    const code = await app.control.waitForCode({ to: phone_number });
    return (await post("/login/verify", { method_id: started.body.method_id, code })).body.user_id;
  };
  const first = await signIn("+12025550199");
  assert.match(first, /^user-test-/);
  assert.equal(await signIn("+12025550199"), first);
  assert.notEqual(await signIn("+12025550188"), first);
});

test("a number Stytch refuses gets Stytch's error type", async () => {
  assert.deepEqual(await post("/login/start", { phone_number: "12345" }), {
    status: 400,
    cookie: null,
    body: { error: "invalid_phone_number" },
  });
});

test("a body that is not a JSON object gets 400 without a call to Stytch; an unknown route 404", async () => {
  const response = await fetch(`${app.url}/login/start`, { method: "POST", body: "phone=+12025550123" });
  assert.deepEqual([response.status, await response.json()], [400, { error: "bad_request" }]);
  const unknown = await fetch(`${app.url}/admin`);
  assert.deepEqual([unknown.status, await unknown.json()], [404, { error: "not_found" }]);
});
