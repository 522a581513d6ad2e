// The outbox: every text the stateful rules "send", kept per project for tests to read (GET /__mock/v1/messages),
// wait for (wait_ms) and watch (server-sent events).
import { randomUUID } from "node:crypto";
import type { components } from "../generated/control.js";
import { PROJECT_CAPS, type MessageRecord, type MessageStatus, type ProjectState } from "./store.js";

/** A message as the control plane shows it (control/openapi.yaml, `Message`). */
export type MessageView = components["schemas"]["Message"];

export interface MessageFilter {
  to?: string | undefined;
  member_id?: string | undefined;
  /** Only messages after this cursor. */
  after?: number | undefined;
}

export function addMessage(project: ProjectState, message: Omit<MessageRecord, "id" | "seq">): MessageRecord {
  const record: MessageRecord = { ...message, id: `message-test-${randomUUID()}`, seq: project.nextSeq++ };
  project.messages.push(record);
  if (project.messages.length > PROJECT_CAPS.messages) project.messages.splice(0, project.messages.length - PROJECT_CAPS.messages);
  for (const listener of project.listeners) listener(record);
  return record;
}

export function findMessage(project: ProjectState, id: string): MessageRecord | undefined {
  // Codes point at recent messages, so search from the end.
  for (let i = project.messages.length - 1; i >= 0; i--) if (project.messages[i]?.id === id) return project.messages[i];
  return undefined;
}

export function matches(message: MessageRecord, filter: MessageFilter): boolean {
  if (filter.after !== undefined && message.seq <= filter.after) return false;
  if (filter.to !== undefined && message.to !== filter.to) return false;
  if (filter.member_id !== undefined && message.member_id !== filter.member_id) return false;
  return true;
}

export function listMessages(project: ProjectState, filter: MessageFilter): MessageRecord[] {
  return project.messages.filter((message) => matches(message, filter));
}

export function messageView(message: MessageRecord, now: number): MessageView {
  const status: MessageStatus = message.status === "pending" && message.expires_at <= now ? "expired" : message.status;
  return {
    id: message.id,
    cursor: String(message.seq),
    to: message.to,
    body: message.body,
    code: message.code,
    method_id: message.method_id,
    ...(message.user_id === undefined ? {} : { user_id: message.user_id }),
    ...(message.member_id === undefined ? {} : { member_id: message.member_id, organization_id: message.organization_id ?? "" }),
    operation_id: message.operation_id,
    status,
    created_at: new Date(message.created_at).toISOString(),
    expires_at: new Date(message.expires_at).toISOString(),
  };
}

/**
 * Resolves with the first message matching `filter` that arrives, or with undefined after `waitMs` or when
 * `signal` aborts (the client went away). No polling: the outbox calls the listener as it adds a message.
 */
export function waitForMessage(project: ProjectState, filter: MessageFilter, waitMs: number, signal: AbortSignal): Promise<MessageRecord | undefined> {
  return new Promise((resolve) => {
    const done = (message: MessageRecord | undefined) => {
      clearTimeout(timer);
      project.listeners.delete(listener);
      signal.removeEventListener("abort", onAbort);
      resolve(message);
    };
    const listener = (message: MessageRecord) => {
      if (matches(message, filter)) done(message);
    };
    const onAbort = () => done(undefined);
    const timer = setTimeout(() => done(undefined), waitMs);
    project.listeners.add(listener);
    signal.addEventListener("abort", onAbort);
  });
}
