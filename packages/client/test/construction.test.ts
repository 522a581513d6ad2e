import { afterEach, describe, expect, it, vi } from "vitest";
import { createStytchClient, type StytchClientOptions } from "../src/index.js";
import { caughtSync, fakeFetch, jsonResponse, PROJECT_ID, SECRET, SEND_RESPONSE, testClient } from "./helpers.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

async function urlOfFirstSend(options: Partial<StytchClientOptions>): Promise<string | undefined> {
  const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
  await testClient({ fetch, ...options }).otps.sms.send({ phone_number: "+10000000000" });
  return requests[0]?.request.url;
}

function constructionError(options: Record<string, unknown>): Error {
  const error = caughtSync(() => createStytchClient(options as unknown as StytchClientOptions));
  expect(error).toBeInstanceOf(TypeError);
  const { message } = error as Error;
  expect(message).toMatch(/^createStytchClient: /);
  expect(message).not.toContain("\n");
  expect(message).not.toContain(SECRET);
  return error as Error;
}

describe("base URL", () => {
  it.each([
    ["project-live-", "project-live-0b7f0a8e-fake-4c1d-9a2b-000000000000", "https://api.stytch.com/v1/otps/sms/send"],
    ["project-test-", "project-test-0b7f0a8e-fake-4c1d-9a2b-000000000000", "https://test.stytch.com/v1/otps/sms/send"],
    ["any other", "my-project", "https://test.stytch.com/v1/otps/sms/send"],
    ["a live-looking but unprefixed", "live-project", "https://test.stytch.com/v1/otps/sms/send"],
  ])("without baseUrl, a %s id is sent to %s", async (_what, projectId, expected) => {
    expect(await urlOfFirstSend({ projectId })).toBe(expected);
  });

  it("baseUrl wins over the project id", async () => {
    const projectId = "project-live-0b7f0a8e-fake-4c1d-9a2b-000000000000";
    expect(await urlOfFirstSend({ projectId, baseUrl: "https://stytch.example.com" })).toBe(
      "https://stytch.example.com/v1/otps/sms/send"
    );
  });

  it("keeps a path prefix and drops trailing slashes", async () => {
    expect(await urlOfFirstSend({ baseUrl: "https://proxy.example.com/stytch//" })).toBe(
      "https://proxy.example.com/stytch/v1/otps/sms/send"
    );
  });

  it("undefined baseUrl (an unset environment variable) means the default", async () => {
    expect(await urlOfFirstSend({ baseUrl: undefined })).toBe("https://test.stytch.com/v1/otps/sms/send");
  });

  it.each(["http://localhost:4010", "http://127.0.0.1:4010", "http://[::1]:4010", "http://LOCALHOST:4010/"])(
    "accepts http:// on the loopback host %s",
    async (baseUrl) => {
      const url = await urlOfFirstSend({ baseUrl });
      expect(url).toMatch(/^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):4010\/v1\/otps\/sms\/send$/);
    }
  );

  it.each([
    "http://api.stytch.com",
    "http://example.com:4010",
    "http://localhost.example.com",
    "http://127.0.0.2",
    "http://10.0.0.1",
  ])("rejects http:// on the non-loopback host %s", (baseUrl) => {
    const { message } = constructionError({ projectId: PROJECT_ID, secret: SECRET, baseUrl });
    expect(message).toContain("would send the secret unencrypted; use https://");
  });

  it.each([
    ["another scheme", "ftp://test.stytch.com", "must use https://"],
    ["credentials", "https://user:pass@test.stytch.com", "must not contain credentials"],
    ["a query", "https://test.stytch.com?x=1", "must not have a query or fragment"],
    ["a fragment", "https://test.stytch.com#x", "must not have a query or fragment"],
    ["an empty string", "", "baseUrl is empty"],
    ["a relative URL", "/v1", "baseUrl is not an absolute URL"],
  ])("rejects %s", (_what, baseUrl, expected) => {
    expect(constructionError({ projectId: PROJECT_ID, secret: SECRET, baseUrl }).message).toContain(expected);
  });

  it("does not echo an unparseable baseUrl, which could be a secret in the wrong field", () => {
    const { message } = constructionError({ projectId: PROJECT_ID, secret: "x", baseUrl: SECRET });
    expect(message).toBe("createStytchClient: baseUrl is not an absolute URL such as https://test.stytch.com");
  });
});

describe("credentials", () => {
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["blank", "   "],
    ["not a string", 42],
  ])("a %s projectId is a clear error at construction", (_what, projectId) => {
    expect(constructionError({ projectId, secret: SECRET }).message).toBe(
      "createStytchClient: projectId is missing or empty"
    );
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not a string", null],
  ])("a %s secret is a clear error at construction", (_what, secret) => {
    expect(constructionError({ projectId: PROJECT_ID, secret }).message).toBe(
      "createStytchClient: secret is missing or empty"
    );
  });

  it("a projectId with a colon is rejected (Basic auth would split it)", () => {
    expect(constructionError({ projectId: "project:test", secret: SECRET }).message).toContain("must not contain ':'");
  });

  it("no options at all is a clear error", () => {
    expect(caughtSync(() => (createStytchClient as (options?: unknown) => unknown)())).toMatchObject({
      message: "createStytchClient: pass an options object with projectId and secret",
    });
  });
});

describe("other options", () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, "5000"])("timeoutMs %s is rejected", (timeoutMs) => {
    expect(constructionError({ projectId: PROJECT_ID, secret: SECRET, timeoutMs }).message).toContain(
      "timeoutMs must be a number of milliseconds"
    );
  });

  it.each([{ attempts: -1 }, { attempts: 1.5 }, { attempts: "2" }, {}, { attempts: 1, maxDelayMs: -1 }, 3])(
    "retry %j is rejected",
    (retry) => {
      expect(constructionError({ projectId: PROJECT_ID, secret: SECRET, retry }).message).toMatch(/retry/);
    }
  );

  it("a fetch that is not a function is rejected", () => {
    expect(constructionError({ projectId: PROJECT_ID, secret: SECRET, fetch: "fetch" }).message).toContain(
      "fetch must be a function"
    );
  });

  it("without a global fetch and no fetch option, construction explains what to pass", () => {
    vi.stubGlobal("fetch", undefined);
    expect(constructionError({ projectId: PROJECT_ID, secret: SECRET }).message).toContain("pass options.fetch");
  });

  it("the global fetch is looked up at call time, so a mock installed later is used", async () => {
    const client = testClient();
    const { fetch, requests } = fakeFetch(jsonResponse(200, SEND_RESPONSE));
    vi.stubGlobal("fetch", fetch);
    const { data } = await client.otps.sms.send({ phone_number: "+10000000000" });

    expect(data).toEqual(SEND_RESPONSE);
    expect(requests).toHaveLength(1);
    // What a global fetch mock sees: fetch(url, init), the standard call, never a Request.
    expect(requests[0]?.url).toBe("https://test.stytch.com/v1/otps/sms/send");
    expect(requests[0]?.init).toMatchObject({ method: "POST", redirect: "manual", body: '{"phone_number":"+10000000000"}' });
    expect(requests[0]?.init?.headers).toBeInstanceOf(Headers);
    expect(requests[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe("browser guard", () => {
  it("throws when window and document exist", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(constructionError({ projectId: PROJECT_ID, secret: SECRET }).message).toContain(
      "refusing to run in a browser"
    );
  });

  it("dangerouslyAllowBrowser: true allows it", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => testClient({ dangerouslyAllowBrowser: true })).not.toThrow();
  });

  it("dangerouslyAllowBrowser must be exactly true", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    constructionError({ projectId: PROJECT_ID, secret: SECRET, dangerouslyAllowBrowser: "yes" });
  });

  it.each([
    ["only window (Deno 1.x)", "window"],
    ["only document", "document"],
  ])("%s is not a browser", (_what, name) => {
    vi.stubGlobal(name, {});
    expect(() => testClient()).not.toThrow();
  });
});
