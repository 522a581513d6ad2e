// The login_or_create and sessions methods: same result model as the others, and the session credentials a call
// sends or receives never reach an error, a log line or inspect output.
import { describe, expect, it } from "vitest";
import { StytchRequestError, type StytchClient } from "../src/index.js";
import { AUTHENTICATE_RESPONSE, B2B_AUTHENTICATE_RESPONSE, BROKEN_SUCCESS_BODIES, expectNoSessionSecret, SESSION_JWT, SESSION_TOKEN } from "./authenticate-fixtures.js";
import { caught, fakeFetch, jsonResponse, readBody, startServer, stytchError, testClient } from "./helpers.js";

const SESSIONS_AUTHENTICATE_RESPONSE = {
  request_id: AUTHENTICATE_RESPONSE.request_id,
  status_code: 200,
  session: AUTHENTICATE_RESPONSE.session,
  session_token: SESSION_TOKEN,
  session_jwt: SESSION_JWT,
  user: AUTHENTICATE_RESPONSE.user,
};
const B2B_SESSIONS_AUTHENTICATE_RESPONSE = {
  request_id: B2B_AUTHENTICATE_RESPONSE.request_id,
  status_code: 200,
  member_session: B2B_AUTHENTICATE_RESPONSE.member_session,
  session_token: SESSION_TOKEN,
  session_jwt: SESSION_JWT,
  member: B2B_AUTHENTICATE_RESPONSE.member,
  organization: B2B_AUTHENTICATE_RESPONSE.organization,
};
const REVOKE_RESPONSE = { request_id: AUTHENTICATE_RESPONSE.request_id, status_code: 200 };

type Call = (stytch: StytchClient) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Each new method with a body that carries a session credential, and what a success of it looks like. */
const CALLS: [path: string, call: Call, success: unknown][] = [
  ["/v1/sessions/authenticate", (stytch) => stytch.sessions.authenticate({ session_token: SESSION_TOKEN }), SESSIONS_AUTHENTICATE_RESPONSE],
  ["/v1/sessions/revoke", (stytch) => stytch.sessions.revoke({ session_jwt: SESSION_JWT }), REVOKE_RESPONSE],
  ["/v1/b2b/sessions/authenticate", (stytch) => stytch.b2b.sessions.authenticate({ session_jwt: SESSION_JWT }), B2B_SESSIONS_AUTHENTICATE_RESPONSE],
  ["/v1/b2b/sessions/revoke", (stytch) => stytch.b2b.sessions.revoke({ session_token: SESSION_TOKEN }), REVOKE_RESPONSE],
];

describe("POST /v1/otps/sms/login_or_create", () => {
  it("200 returns user_id, phone_id and user_created as data", async () => {
    const answer = { request_id: AUTHENTICATE_RESPONSE.request_id, user_id: "user-test-x", phone_id: "phone-number-test-x", user_created: true, status_code: 200 };
    const { fetch, requests } = fakeFetch(jsonResponse(200, answer));
    const { data, error } = await testClient({ fetch }).otps.sms.loginOrCreate({ phone_number: "+12025550162", create_user_as_pending: true });

    expect(error).toBeUndefined();
    expect(data).toEqual(answer);
    expect(requests[0]?.request.url).toBe("https://test.stytch.com/v1/otps/sms/login_or_create");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ phone_number: "+12025550162", create_user_as_pending: true });
  });
});

describe.each(CALLS)("POST %s", (path, call, success) => {
  it("200 comes back as data, from the path of the operation", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, success));
    const { data, error } = await call(testClient({ fetch }));

    expect(error).toBeUndefined();
    expect(data).toEqual(success);
    expect(requests[0]?.request.url).toBe(`https://test.stytch.com${path}`);
  });

  it("404 session_not_found comes back as an error value", async () => {
    const { fetch } = fakeFetch(jsonResponse(404, stytchError(404, "session_not_found")));
    const { data, error } = await call(testClient({ fetch }));

    expect(data).toBeUndefined();
    expect(error).toMatchObject({ status_code: 404, error_type: "session_not_found" });
  });

  it("an answer over real HTTP that echoes the request (a proxy's error page) is quoted without the session credential", async () => {
    const { baseUrl } = await startServer(async (request, response) => {
      const body = await readBody(request);
      response.writeHead(502, { "Content-Type": "text/html" }).end(`<pre>upstream failed for ${body}</pre>`);
    });
    const error = (await caught(call(testClient({ baseUrl })))) as StytchRequestError;

    expect(error).toMatchObject({ kind: "invalid_response", status: 502 });
    expect(error.cause.message).toContain("upstream failed");
    expect(error.cause.message).toContain("[redacted]");
    expectNoSessionSecret(error);
  });

  it("a fetch that throws with the request body in its message is redacted too", async () => {
    const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      throw new TypeError(`cannot send ${String(init?.body)}`, { cause: new Error(`body was ${String(init?.body)}`) });
    };
    const error = (await caught(call(testClient({ fetch })))) as StytchRequestError;

    expect(error).toMatchObject({ kind: "network" });
    expectNoSessionSecret(error);
  });
});

describe.each(CALLS.filter(([path]) => path.endsWith("/authenticate")))("POST %s success bodies", (path, call) => {
  it.each(BROKEN_SUCCESS_BODIES)(`a 200 with %s throws invalid_response quoting no part of a session secret`, async (_what, body) => {
    const { fetch } = fakeFetch(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } }));
    const error = (await caught(call(testClient({ fetch })))) as StytchRequestError;

    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
    expect(error.message).toContain(`POST ${path} got HTTP 200`);
    expectNoSessionSecret(error);
  });
});

describe("what is not a credential is not redacted", () => {
  it("a session_id, and values too short to be a token, stay readable in an echoed error", async () => {
    const { fetch } = fakeFetch((request) => new Response(`no route for ${request.url}`, { status: 404 }));
    const error = (await caught(testClient({ fetch }).sessions.revoke({ session_id: "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509" }))) as StytchRequestError;
    expect(error.cause.message).toContain("/v1/sessions/revoke");

    const short = (await caught(testClient({ fetch }).sessions.authenticate({ session_token: "sessions" }))) as StytchRequestError;
    expect(short.cause.message).toContain("no route for https://test.stytch.com/v1/sessions/authenticate");
  });
});
