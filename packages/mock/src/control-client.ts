// Typed helpers for tests over the mock's control plane, generated from control/openapi.yaml (openapi-fetch): read
// the codes the mock texted, wait for one without sleeping, move the clock, change the rules, reset the project.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/control.js";

export type MockMessage = components["schemas"]["Message"];
export type MockMessageStatus = components["schemas"]["MessageStatus"];
export type MockConfig = components["schemas"]["Config"];
export type MockConfigChange = components["schemas"]["ConfigChange"];

export interface MockControlOptions {
  /** The mock's base URL, http or https (`mock.url`). */
  url: string;
  /** The project whose state to read and change: the project_id the app under test uses. */
  projectId: string;
  /** Any string; the mock does not check it. Never printed. */
  secret?: string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface WaitOptions {
  /** The phone number texted (E.164). */
  to?: string;
  /** The B2B Member texted. */
  memberId?: string;
  /** Only texts after this cursor (a message's `cursor`). */
  after?: string;
  /** How long to wait; 10 s by default, at most 30 s. */
  timeoutMs?: number;
}

export interface MockControl {
  /** The code of the newest pending text to `to` (or the Member), waiting for one to be sent if there is none yet. */
  waitForCode(options: WaitOptions): Promise<string>;
  /** The newest pending text to `to` (or the Member), waiting for one to be sent if there is none yet. */
  waitForMessage(options: WaitOptions): Promise<MockMessage>;
  /** The project's texts, oldest first. */
  messages(filter?: { to?: string; memberId?: string; status?: MockMessageStatus; after?: string }): Promise<MockMessage[]>;
  /** Empties the project's outbox (codes stay valid). */
  clearMessages(): Promise<void>;
  clock: {
    /** The project's time (ISO 8601). */
    now(): Promise<string>;
    /** Moves the project's clock forward; answers the new time. */
    advance(seconds: number): Promise<string>;
  };
  /** Forgets everything of the project: Users, Members, codes, sessions, texts, clock and settings. */
  reset(): Promise<void>;
  /** Changes the rule settings given (all of them when called without), answering those in force. */
  config(change?: MockConfigChange): Promise<MockConfig>;
  /** Adds a User holding `phone_number` (what log-in-or-create does on its first call for a number). */
  createUser(user: { phone_number: string; status?: "active" | "pending" }): Promise<Record<string, unknown>>;
  /** Adds a B2B Member (the contract has no endpoint that creates one). */
  createMember(member: { organization_id: string; member_id?: string; email_address?: string; mfa_phone_number?: string }): Promise<Record<string, unknown>>;
}

const DEFAULT_WAIT_MS = 10_000;
const MAX_WAIT_MS = 30_000;

export function mockControl(options: MockControlOptions): MockControl {
  const authorization = `Basic ${Buffer.from(`${options.projectId}:${options.secret ?? "secret-test-mock"}`).toString("base64")}`;
  const client = createClient<paths>({
    baseUrl: options.url.replace(/\/+$/, ""),
    headers: { Authorization: authorization },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  const failed = (what: string, response: Response, error: unknown): Error => {
    const detail = typeof error === "object" && error !== null && "error_message" in error ? String((error as { error_message: unknown }).error_message) : response.statusText;
    return new Error(`mockControl: ${what} failed: ${response.status} ${detail}`);
  };

  async function waitForMessage({ to, memberId, after, timeoutMs = DEFAULT_WAIT_MS }: WaitOptions): Promise<MockMessage> {
    if (to === undefined && memberId === undefined) throw new Error("mockControl: waitForCode needs `to` or `memberId`");
    const waitMs = Math.min(Math.max(0, Math.round(timeoutMs)), MAX_WAIT_MS);
    const query = {
      status: "pending" as const,
      wait_ms: waitMs,
      ...(to === undefined ? {} : { to }),
      ...(memberId === undefined ? {} : { member_id: memberId }),
      ...(after === undefined ? {} : { after }),
    };
    const { data, error, response } = await client.GET("/__mock/v1/messages", { params: { query } });
    if (data === undefined) throw failed("waiting for a text", response, error);
    const message = data.messages.at(-1);
    if (message === undefined) throw new Error(`mockControl: no code was texted to ${to ?? memberId} within ${waitMs} ms`);
    return message;
  }

  return {
    waitForMessage,
    async waitForCode(wait) {
      return (await waitForMessage(wait)).code;
    },
    async messages(filter = {}) {
      const query = {
        ...(filter.to === undefined ? {} : { to: filter.to }),
        ...(filter.memberId === undefined ? {} : { member_id: filter.memberId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
        ...(filter.after === undefined ? {} : { after: filter.after }),
      };
      const { data, error, response } = await client.GET("/__mock/v1/messages", { params: { query } });
      if (data === undefined) throw failed("listing texts", response, error);
      return data.messages;
    },
    async clearMessages() {
      const { error, response } = await client.DELETE("/__mock/v1/messages");
      if (!response.ok) throw failed("emptying the outbox", response, error);
    },
    clock: {
      async now() {
        const { data, error, response } = await client.GET("/__mock/v1/clock");
        if (data === undefined) throw failed("reading the clock", response, error);
        return data.now;
      },
      async advance(seconds) {
        const { data, error, response } = await client.POST("/__mock/v1/clock", { body: { advance_seconds: seconds } });
        if (data === undefined) throw failed("advancing the clock", response, error);
        return data.now;
      },
    },
    async reset() {
      const { error, response } = await client.POST("/__mock/v1/reset");
      if (!response.ok) throw failed("resetting the project", response, error);
    },
    async config(change) {
      const { data, error, response } =
        change === undefined ? await client.GET("/__mock/v1/config") : await client.PUT("/__mock/v1/config", { body: change });
      if (data === undefined) throw failed("configuring the project", response, error);
      return data;
    },
    async createUser(user) {
      const { data, error, response } = await client.POST("/__mock/v1/users", { body: user });
      if (data === undefined) throw failed("creating a User", response, error);
      return data.user;
    },
    async createMember(member) {
      const { data, error, response } = await client.POST("/__mock/v1/members", { body: member });
      if (data === undefined) throw failed("creating a Member", response, error);
      return data.member;
    },
  };
}
