// What the suites talk to (the mock, or Stytch when TEST_API_BASE_URL is set) and the spec they check it against.
import { createStytchClient, type Fetch, type StytchClient } from "@sms-otp/client";
import { describe, expect, inject } from "vitest";
import { loadContract } from "@sms-otp/spec/contract";
import { MOCK_PROJECT_ID } from "./mock-project.js";

export const API_BASE_URL = inject("apiBaseUrl");
export const ON_MOCK = inject("onMock");
export const CONTRACT = loadContract(inject("specPath"));

// Fixed so that a failure replays the same requests; each run is an HTTP round trip, so runs stay few.
export const FAST_CHECK = { seed: 20_261_123, numRuns: 30 } as const;

// Prism checks only that a well-formed Basic header is present, so the mock gets fake credentials that are
// safe to print; Stytch gets the test project's, which global-setup.ts made sure exist.
const credentials = ON_MOCK
  ? { projectId: MOCK_PROJECT_ID, secret: "secret-test-DO-NOT-LEAK-contract" }
  : { projectId: process.env["STYTCH_PROJECT_ID"] ?? "", secret: process.env["STYTCH_SECRET"] ?? "" };

/**
 * A documented body as the mock answers it: the example, with the fresh `request_id` every answer gets (Stytch
 * gives each request its own).
 */
export function answered(value: unknown): unknown {
  const hasRequestId = typeof value === "object" && value !== null && typeof (value as { request_id?: unknown }).request_id === "string";
  return hasRequestId ? { ...(value as object), request_id: expect.stringMatching(/^request-id-test-[0-9a-f-]{36}$/) } : value;
}

/** A client for the target whose requests get `headers` set (a null value removes the header). */
export function testClient(headers: Record<string, string | null> = {}): StytchClient {
  return createStytchClient({ ...credentials, baseUrl: API_BASE_URL, fetch: withHeaders(headers) });
}

/** A `fetch` for createStytchClient that changes headers of the request the client makes, Authorization included. */
export function withHeaders(changes: Record<string, string | null>): Fetch {
  return (url, init = {}) => {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    return fetch(url, { ...init, headers });
  };
}

/**
 * `describe`, skipped against Stytch with the reason in its title, for tests that rely on the mock: its
 * Prefer header and triggers, hostile input, or requests that would text real numbers.
 */
export function describeOnMock(title: string, reasonOnStytch: string, body: () => void): void {
  if (ON_MOCK) describe(title, body);
  else describe.skip(`${title} [skipped against Stytch: ${reasonOnStytch}]`, body);
}
