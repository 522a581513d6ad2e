import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";
import {
  createStytchClient,
  type B2BOtpsSmsSendResponse,
  type OtpsSmsSendResponse,
  type StytchClient,
  type StytchClientOptions,
  type StytchError,
} from "../src/index.js";

export const PROJECT_ID = "project-test-0b7f0a8e-fake-4c1d-9a2b-000000000000";
export const SECRET = "secret-test-DO-NOT-LEAK-5c4e1d8a9b";
// Computed with Buffer, independently of the client's TextEncoder + btoa code.
export const TOKEN = Buffer.from(`${PROJECT_ID}:${SECRET}`, "utf8").toString("base64");
export const AUTHORIZATION = `Basic ${TOKEN}`;

export const SEND_RESPONSE: OtpsSmsSendResponse = {
  request_id: "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141",
  user_id: "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
  phone_id: "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
  status_code: 200,
};

export const B2B_SEND_RESPONSE: B2BOtpsSmsSendResponse = {
  request_id: "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141",
  member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
  status_code: 200,
  member: {
    organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
    member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
    email_address: "ada@example.com",
    status: "active",
    name: "Ada Lovelace",
    sso_registrations: [],
    is_breakglass: false,
    member_password_id: "",
    oauth_registrations: [],
    email_address_verified: true,
    mfa_phone_number_verified: true,
    is_admin: false,
    totp_registration_id: "",
    retired_email_addresses: [],
    is_locked: false,
    mfa_enrolled: true,
    mfa_phone_number: "+12025550162",
    default_mfa_method: "sms_otp",
    roles: [{ role_id: "stytch_member", sources: [{ type: "direct_assignment", details: {} }] }],
  },
  organization: {
    organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
    organization_name: "Example Corp",
    organization_logo_url: "https://example.com/logo.png",
    organization_slug: "example-corp",
    sso_jit_provisioning: "ALL_ALLOWED",
    sso_jit_provisioning_allowed_connections: [],
    sso_active_connections: [],
    email_allowed_domains: [],
    email_jit_provisioning: "RESTRICTED",
    email_invites: "ALL_ALLOWED",
    auth_methods: "ALL_ALLOWED",
    allowed_auth_methods: [],
    mfa_policy: "OPTIONAL",
    rbac_email_implicit_role_assignments: [],
    mfa_methods: "ALL_ALLOWED",
    allowed_mfa_methods: [],
    oauth_tenant_jit_provisioning: "NOT_ALLOWED",
    claimed_email_domains: [],
    first_party_connected_apps_allowed_type: "ALL_ALLOWED",
    allowed_first_party_connected_apps: [],
    third_party_connected_apps_allowed_type: "ALL_ALLOWED",
    allowed_third_party_connected_apps: [],
    custom_roles: [],
  },
};

export function stytchError(status: number, errorType: string): StytchError {
  return {
    status_code: status,
    request_id: "request-id-test-8c2d6f4e-1111-4a4a-9b9b-222222222222",
    error_type: errorType,
    error_message: `A fake ${errorType} error.`,
    error_url: `https://stytch.com/docs/api/errors/${status}#${errorType}`,
  };
}

// What each jsonResponse was made from, so that fakeFetch answers every request with a new Response: the tests
// share Responses across requests, and on Node 22.12 (undici 6) clone() of such a Response fails with "Body has
// already been consumed" once earlier clones of it have been read.
const jsonResponseParts = new WeakMap<Response, { text: string; init: ResponseInit }>();

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const parts = { text: JSON.stringify(body), init: { status, headers: { "Content-Type": "application/json", ...headers } } };
  const response = new Response(parts.text, parts.init);
  jsonResponseParts.set(response, parts);
  return response;
}

function freshCopy(response: Response): Response {
  const parts = jsonResponseParts.get(response);
  return parts ? new Response(parts.text, parts.init) : response.clone();
}

type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

export interface RecordedRequest {
  /** What the client passed to fetch, as it passed it. */
  url: unknown;
  init: RequestInit | undefined;
  /** The same as a Request, for assertions on headers and the URL. */
  request: Request;
  body: string;
}

/** A fetch that answers with `answers` in order (the last one repeats) and records every call it gets. */
export function fakeFetch(...answers: Answer[]) {
  const requests: RecordedRequest[] = [];
  const times: number[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    times.push(Date.now());
    const request = new Request(url, init);
    requests.push({ url, init, request, body: await request.clone().text() });
    const answer = answers[Math.min(requests.length, answers.length) - 1];
    if (answer === undefined) throw new Error("fakeFetch needs at least one answer");
    if (answer instanceof Error) throw answer;
    if (answer instanceof Response) return freshCopy(answer);
    return answer(request);
  };
  return { fetch, requests, times };
}

/** A fetch that never answers and rejects, as fetch does, when the signal in its init aborts. */
export function hangingFetch() {
  const requests: Request[] = [];
  const fetch = (url: string | URL | Request, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      requests.push(new Request(url, init));
      const signal = init?.signal;
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  return { fetch, requests };
}

export function testClient(options: Partial<StytchClientOptions> = {}): StytchClient {
  return createStytchClient({ projectId: PROJECT_ID, secret: SECRET, ...options });
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

export function caughtSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/** An HTTP server on 127.0.0.1 and a free port, closed (with its open connections) when the test ends. */
export async function startServer(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}
