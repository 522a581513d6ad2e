import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createStytchClient } from "../src/index.js";
import { VERSION } from "../src/version.js";
import {
  AUTHORIZATION,
  fakeFetch,
  jsonResponse,
  PROJECT_ID,
  readBody,
  SEND_RESPONSE,
  startServer,
  testClient,
} from "./helpers.js";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

function basicFromBuffer(projectId: string, secret: string): string {
  return `Basic ${Buffer.from(`${projectId}:${secret}`, "utf8").toString("base64")}`;
}

describe("Authorization header", () => {
  it("is Basic base64(projectId:secret)", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    await testClient({ fetch }).otps.sms.send({ phone_number: "+10000000000" });

    expect(requests[0]?.request.headers.get("Authorization")).toBe(AUTHORIZATION);
  });

  it("encodes a non-ASCII secret from UTF-8", async () => {
    const secret = "secret-test-DO-NOT-LEAK-ünïcødé-密钥-🔑";
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    await createStytchClient({ projectId: PROJECT_ID, secret, fetch }).otps.sms.send({ phone_number: "+10000000000" });

    const header = requests[0]?.request.headers.get("Authorization") ?? "";
    expect(header).toBe(basicFromBuffer(PROJECT_ID, secret));
    expect(Buffer.from(header.replace(/^Basic /, ""), "base64").toString("utf8")).toBe(`${PROJECT_ID}:${secret}`);
  });

  it("is also set on requests made through raw", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    const { data } = await testClient({ fetch }).raw.POST("/v1/otps/sms/send", {
      body: { phone_number: "+10000000000" },
    });

    expect(data).toEqual(SEND_RESPONSE);
    expect(requests[0]?.request.headers.get("Authorization")).toBe(AUTHORIZATION);
  });

  it("is added after openapi-fetch's middleware, which never sees it", async () => {
    const { fetch } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    const client = testClient({ fetch });
    const seen: (string | null)[] = [];
    client.raw.use({
      onRequest: ({ request }) => {
        seen.push(request.headers.get("Authorization"));
      },
    });
    await client.otps.sms.send({ phone_number: "+10000000000" });

    expect(seen).toEqual([null]);
  });
});

describe("with openapi-fetch middleware registered", () => {
  it("middleware gets a real Request it may return, and fetch still gets (url, init) with the header", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    const client = testClient({ fetch });
    const seen: { isRequest: boolean; body: string }[] = [];
    client.raw.use({
      onRequest: async ({ request }) => {
        seen.push({ isRequest: request instanceof Request, body: await request.clone().text() });
        request.headers.set("X-Trace", "abc");
        return request;
      },
    });
    const { data } = await client.otps.sms.send({ phone_number: "+10000000000" });

    expect(data).toEqual(SEND_RESPONSE);
    expect(seen).toEqual([{ isRequest: true, body: '{"phone_number":"+10000000000"}' }]);
    expect(typeof requests[0]?.url).toBe("string");
    expect(requests[0]?.request.headers.get("X-Trace")).toBe("abc");
    expect(requests[0]?.request.headers.get("Authorization")).toBe(AUTHORIZATION);
    expect(requests[0]?.body).toBe('{"phone_number":"+10000000000"}');
  });

  it("a Request that middleware replaces is sent as it built it, and onResponse never sees the header", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    const client = testClient({ fetch });
    const sentHeaders: (string | null)[] = [];
    const middleware = {
      onRequest: ({ request }: { request: Request }) =>
        new Request(request.url, { method: "POST", headers: request.headers, body: '{"phone_number":"+12025550162"}' }),
      onResponse: ({ request }: { request: Request }) => {
        sentHeaders.push(request.headers.get("Authorization"));
      },
    };
    client.raw.use(middleware);
    await client.otps.sms.send({ phone_number: "+10000000000" });
    client.raw.eject(middleware);
    await client.otps.sms.send({ phone_number: "+10000000000" });

    expect(requests.map((request) => request.body)).toEqual([
      '{"phone_number":"+12025550162"}',
      '{"phone_number":"+10000000000"}',
    ]);
    expect(requests[0]?.request.headers.get("Authorization")).toBe(AUTHORIZATION);
    // The replacement was made with the default redirect: "follow"; a redirect must still not carry the secret.
    expect(requests[0]?.init?.redirect).toBe("manual");
    expect(sentHeaders).toEqual([null]);
  });
});

describe("User-Agent header", () => {
  it("is sms-otp-client/<version of package.json>", async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    await testClient({ fetch }).b2b.otps.sms.send({ organization_id: "o", member_id: "m" });

    expect(requests[0]?.request.headers.get("User-Agent")).toBe(`sms-otp-client/${packageJson.version}`);
  });

  it("reaches the server through Node's own fetch, with the Authorization header and the JSON body", async () => {
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const { baseUrl } = await startServer(async (request, response) => {
      received.push({ headers: request.headers, body: await readBody(request) });
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(SEND_RESPONSE));
    });
    const { data } = await testClient({ baseUrl }).otps.sms.send({ phone_number: "+10000000000" });

    expect(data).toEqual(SEND_RESPONSE);
    expect(received[0]?.headers["user-agent"]).toBe(`sms-otp-client/${packageJson.version}`);
    expect(received[0]?.headers.authorization).toBe(AUTHORIZATION);
    expect(JSON.parse(received[0]?.body ?? "")).toEqual({ phone_number: "+10000000000" });
  });
});

describe("VERSION", () => {
  it("equals the version in package.json", () => {
    expect(VERSION).toBe(packageJson.version);
  });
});
