// The control plane under /__mock/v1/ (described in control/openapi.yaml): what a test reads and changes of its own
// project (the Basic-auth project_id): the outbox, the clock, the rules' settings, a reset. It holds no rule of its
// own: it reads and writes the same store as the rules.
import type { IncomingMessage, ServerResponse } from "node:http";
import { printable } from "./guards.js";
import { mergeConfig } from "./state/config.js";
import type { StatefulMock } from "./state/index.js";
import { listMessages, matches, messageView, waitForMessage, type MessageFilter, type MessageView } from "./state/outbox.js";
import { createMember, createUser, projectNow } from "./state/rules.js";
import { memberJson, userJson } from "./state/shapes.js";
import { memberKey, type ProjectState } from "./state/store.js";

export const CONTROL_PREFIX = "/__mock/v1/";

export const MAX_WAIT_MS = 30_000;
const MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600;
const HEARTBEAT_MS = 15_000;
const E164 = /^\+[1-9]\d{1,14}$/;
const STATUSES = ["pending", "used", "expired", "superseded", "locked"];

/** Which methods each control path accepts. */
export const CONTROL_ROUTES: Readonly<Record<string, readonly string[]>> = {
  messages: ["GET", "DELETE"],
  clock: ["GET", "POST"],
  reset: ["POST"],
  config: ["GET", "PUT"],
  events: ["GET"],
  users: ["POST"],
  members: ["POST"],
  jwks: ["GET"],
};

export interface ControlRequest {
  method: string;
  /** The part after /__mock/v1/. */
  route: string;
  query: URLSearchParams;
  projectId: string;
  body: unknown;
  request: IncomingMessage;
  response: ServerResponse;
}

/** What the control plane sends back: JSON, nothing (204), an error, or a stream it has already started. */
export type ControlAnswer =
  | { status: number; json: unknown }
  | { status: 204 }
  | { status: number; error: "bad_request" | "route_not_found" | "method_not_allowed"; message: string }
  | { status: 200; streaming: true };

export function createControlPlane(state: StatefulMock) {
  const bad = (message: string): ControlAnswer => ({ status: 400, error: "bad_request", message });

  async function messages(project: ProjectState, query: URLSearchParams, request: IncomingMessage): Promise<ControlAnswer> {
    const parsed = messageQuery(query);
    if (typeof parsed === "string") return bad(parsed);
    const { filter, status, waitMs } = parsed;
    // A reset during a long poll replaces the project: read the current one each time.
    const current = () => state.store.project(project.projectId);
    const found = () => {
      const now = projectNow(current());
      return listMessages(current(), filter).map((message) => messageView(message, now)).filter((view) => status === undefined || view.status === status);
    };
    let views = found();
    if (views.length === 0 && waitMs > 0) {
      const aborted = new AbortController();
      const onClose = () => aborted.abort();
      request.socket.once("close", onClose);
      const waitFilter: MessageFilter = { ...filter, after: Math.max(filter.after ?? 0, project.nextSeq - 1) };
      const message = await waitForMessage(project, waitFilter, waitMs, aborted.signal);
      request.socket.off("close", onClose);
      views = message === undefined ? [] : found();
    }
    const newest = views.at(-1)?.cursor ?? String(Math.max(filter.after ?? 0, current().nextSeq - 1));
    return { status: 200, json: { messages: views, next_cursor: newest } };
  }

  function events(project: ProjectState, query: URLSearchParams, request: IncomingMessage, response: ServerResponse): ControlAnswer {
    const parsed = messageQuery(query);
    if (typeof parsed === "string") return bad(parsed);
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
    response.write(": the outbox of this project, one event per message\n\n");
    const write = (view: MessageView) => response.write(`event: message\nid: ${view.cursor}\ndata: ${JSON.stringify(view)}\n\n`);
    const listener = (message: Parameters<typeof matches>[0]) => {
      if (matches(message, parsed.filter)) write(messageView(message, projectNow(state.store.project(project.projectId))));
    };
    project.listeners.add(listener);
    const heartbeat = setInterval(() => response.write(": keep-alive\n\n"), HEARTBEAT_MS);
    request.socket.once("close", () => {
      clearInterval(heartbeat);
      project.listeners.delete(listener);
    });
    return { status: 200, streaming: true };
  }

  return {
    async handle(call: ControlRequest): Promise<ControlAnswer> {
      const methods = CONTROL_ROUTES[call.route];
      if (methods === undefined) return { status: 404, error: "route_not_found", message: `The control plane has no /__mock/v1/${printable(call.route, 60)}.` };
      if (!methods.includes(call.method)) {
        return { status: 405, error: "method_not_allowed", message: `/__mock/v1/${call.route} accepts ${methods.join(", ")}.` };
      }
      const project = state.store.project(call.projectId);
      switch (`${call.method} ${call.route}`) {
        case "GET messages":
          return messages(project, call.query, call.request);
        case "DELETE messages":
          project.messages.length = 0;
          return { status: 204 };
        case "GET events":
          return events(project, call.query, call.request, call.response);
        case "GET clock":
          return { status: 200, json: { now: new Date(projectNow(project)).toISOString() } };
        case "POST clock": {
          const seconds = (call.body as { advance_seconds?: unknown } | undefined)?.advance_seconds;
          if (!Number.isInteger(seconds) || (seconds as number) < 0 || (seconds as number) > MAX_ADVANCE_SECONDS) {
            return bad(`advance_seconds must be an integer from 0 to ${MAX_ADVANCE_SECONDS}.`);
          }
          project.clockOffsetMs += (seconds as number) * 1000;
          return { status: 200, json: { now: new Date(projectNow(project)).toISOString() } };
        }
        case "POST reset":
          state.store.reset(call.projectId);
          return { status: 204 };
        case "GET config":
          return { status: 200, json: project.config };
        case "PUT config": {
          const merged = mergeConfig(project.config, call.body);
          if (!merged.ok) return bad(merged.reason);
          project.config = merged.config;
          project.seedState = undefined;
          return { status: 200, json: project.config };
        }
        case "POST users":
          return addUser(project, call.body);
        case "POST members":
          return addMember(project, call.body);
        case "GET jwks":
          return { status: 200, json: state.env.signer.jwks() };
        default:
          return { status: 405, error: "method_not_allowed", message: `/__mock/v1/${call.route} accepts ${methods.join(", ")}.` };
      }
    },
  };

  function addUser(project: ProjectState, body: unknown): ControlAnswer {
    if (typeof body !== "object" || body === null || Array.isArray(body)) return bad("the body must be a JSON object.");
    const fields = body as Record<string, unknown>;
    for (const key of Object.keys(fields)) if (!["phone_number", "status"].includes(key)) return bad(`${printable(key, 60)} is not a field of a User here.`);
    const phoneNumber = fields["phone_number"];
    if (typeof phoneNumber !== "string" || !E164.test(phoneNumber)) return bad("phone_number must be an E.164 phone number.");
    const status = fields["status"] ?? "active";
    if (status !== "active" && status !== "pending") return bad("status must be active or pending.");
    if (project.phonesByNumber.has(phoneNumber)) return bad(`a User of this project already holds ${phoneNumber}.`);
    const now = projectNow(project);
    const { user } = createUser(project, phoneNumber, status, now);
    return { status: 201, json: { user: userJson(project, user, now) } };
  }

  function addMember(project: ProjectState, body: unknown): ControlAnswer {
    if (typeof body !== "object" || body === null || Array.isArray(body)) return bad("the body must be a JSON object.");
    const fields = body as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) {
      if (!["organization_id", "member_id", "email_address", "mfa_phone_number"].includes(key)) return bad(`${printable(key, 60)} is not a field of a Member here.`);
      if (typeof value !== "string" || value === "") return bad(`${key} must be a non-empty string.`);
    }
    if (fields["organization_id"] === undefined) return bad("organization_id is required.");
    if (fields["mfa_phone_number"] !== undefined && !E164.test(fields["mfa_phone_number"] as string)) return bad("mfa_phone_number format is invalid.");
    const organizationId = fields["organization_id"] as string;
    const memberId = fields["member_id"] as string | undefined;
    if (memberId !== undefined && project.members.has(memberKey(organizationId, memberId))) return bad(`${printable(memberId, 80)} already exists in this Organization.`);
    const now = projectNow(project);
    const member = createMember(project, { organization_id: organizationId, member_id: memberId, email_address: fields["email_address"] as string | undefined, mfa_phone_number: fields["mfa_phone_number"] as string | undefined }, now);
    return { status: 201, json: { member: memberJson(member, now) } };
  }
}

export type ControlPlane = ReturnType<typeof createControlPlane>;

function messageQuery(query: URLSearchParams): { filter: MessageFilter; status: string | undefined; waitMs: number } | string {
  for (const key of query.keys()) if (!["to", "member_id", "after", "wait_ms", "status"].includes(key)) return `${printable(key, 60)} is not a parameter of this endpoint.`;
  const after = query.get("after");
  if (after !== null && !/^\d{1,15}$/.test(after)) return "after must be a cursor from an earlier answer.";
  const wait = query.get("wait_ms");
  if (wait !== null && (!/^\d{1,5}$/.test(wait) || Number(wait) > MAX_WAIT_MS)) return `wait_ms must be an integer from 0 to ${MAX_WAIT_MS}.`;
  const status = query.get("status") ?? undefined;
  if (status !== undefined && !STATUSES.includes(status)) return `status must be one of: ${STATUSES.join(", ")}.`;
  return {
    filter: { to: query.get("to") ?? undefined, member_id: query.get("member_id") ?? undefined, after: after === null ? undefined : Number(after) },
    status,
    waitMs: wait === null ? 0 : Number(wait),
  };
}
