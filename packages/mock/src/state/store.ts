// The state of the stateful mock: one namespace per project (the Basic-auth project_id), in memory, behind the
// small StateStore interface so that a shared store could replace it. Only the rules (rules.ts) and the control
// plane change what is in here; every collection is capped, the oldest entries dropped first.
import { DEFAULT_RULES_CONFIG, type RulesConfig } from "./config.js";

/** How much one project keeps: beyond these, the oldest entries are dropped (documented in the README). */
export const PROJECT_CAPS = {
  messages: 1000,
  users: 10_000,
  members: 10_000,
  /** Issued codes, counted by the phones and Members that hold one. */
  codes: 10_000,
  sessions: 10_000,
} as const;

/** How many projects one mock keeps; the least recently used is dropped beyond it. */
export const MAX_PROJECTS = 1000;

export interface UserRecord {
  user_id: string;
  created_at: number;
  status: "active" | "pending";
  phone_ids: string[];
  failures: number;
  lock_created_at: number | undefined;
  lock_expires_at: number | undefined;
}

export interface PhoneRecord {
  phone_id: string;
  phone_number: string;
  user_id: string;
  verified: boolean;
}

export interface MemberRecord {
  organization_id: string;
  member_id: string;
  email_address: string;
  mfa_phone_number: string;
  mfa_phone_number_verified: boolean;
  created_at: number;
  updated_at: number;
  failures: number;
  lock_created_at: number | undefined;
  lock_expires_at: number | undefined;
}

/** One code texted to a phone (consumer) or a Member (B2B). */
export interface IssuedCode {
  code: string;
  expires_at: number;
  message_id: string;
  used: boolean;
}

/** The codes of one phone or Member, newest last; only the newest is live, older ones are superseded. */
export interface CodeSlot {
  issued: IssuedCode[];
}

export type MessageStatus = "pending" | "used" | "expired" | "superseded" | "locked";

export interface MessageRecord {
  id: string;
  /** Position in the project's outbox: increasing, never reused, also across reset. */
  seq: number;
  to: string;
  body: string;
  code: string;
  method_id: string;
  user_id: string | undefined;
  member_id: string | undefined;
  organization_id: string | undefined;
  operation_id: string;
  /** What happened to the code, except expiry, which is read against the clock. */
  status: Exclude<MessageStatus, "expired">;
  created_at: number;
  expires_at: number;
}

export interface AuthenticationFactorRecord {
  phone_id: string;
  phone_number: string;
  created_at: number;
  last_authenticated_at: number;
}

export interface SessionRecord {
  session_id: string;
  session_token: string;
  /** A consumer session's User, or a B2B session's Member. */
  user_id: string | undefined;
  member_id: string | undefined;
  organization_id: string | undefined;
  started_at: number;
  last_accessed_at: number;
  expires_at: number;
  factors: AuthenticationFactorRecord[];
  custom_claims: Record<string, unknown>;
  attributes: { ip_address: string; user_agent: string };
}

export type OutboxListener = (message: MessageRecord) => void;

export interface ProjectState {
  readonly projectId: string;
  config: RulesConfig;
  /** Added to the real clock: what POST /__mock/v1/clock advances. */
  clockOffsetMs: number;
  /** State of the seeded code generator, when config.code_seed is set. */
  seedState: number | undefined;
  nextSeq: number;
  users: Map<string, UserRecord>;
  phonesById: Map<string, PhoneRecord>;
  phonesByNumber: Map<string, PhoneRecord>;
  /** Keyed by member key (see memberKey). */
  members: Map<string, MemberRecord>;
  /** Keyed by phone_id (consumer) or member key (B2B). */
  codes: Map<string, CodeSlot>;
  sessionsByToken: Map<string, SessionRecord>;
  sessionsById: Map<string, SessionRecord>;
  messages: MessageRecord[];
  listeners: Set<OutboxListener>;
}

/** Where the mock keeps its projects. In memory today; the interface is all the rules and control plane use. */
export interface StateStore {
  /** The project's state, made empty on first use. */
  project(projectId: string): ProjectState;
  /** Forgets everything of the project but its outbox cursor and its listeners. */
  reset(projectId: string): void;
}

export function memberKey(organizationId: string, memberId: string): string {
  return `${organizationId}\n${memberId}`;
}

export function createMemoryStore(): StateStore {
  const projects = new Map<string, ProjectState>();
  return {
    project(projectId) {
      let project = projects.get(projectId);
      if (project === undefined) {
        project = emptyProject(projectId, 1, new Set());
        if (projects.size >= MAX_PROJECTS) {
          const oldest = projects.keys().next().value;
          if (oldest !== undefined) projects.delete(oldest);
        }
      } else {
        projects.delete(projectId);
      }
      projects.set(projectId, project);
      return project;
    },
    reset(projectId) {
      const old = projects.get(projectId);
      projects.set(projectId, emptyProject(projectId, old?.nextSeq ?? 1, old?.listeners ?? new Set()));
    },
  };
}

function emptyProject(projectId: string, nextSeq: number, listeners: Set<OutboxListener>): ProjectState {
  return {
    projectId,
    config: structuredClone(DEFAULT_RULES_CONFIG),
    clockOffsetMs: 0,
    seedState: undefined,
    nextSeq,
    users: new Map(),
    phonesById: new Map(),
    phonesByNumber: new Map(),
    members: new Map(),
    codes: new Map(),
    sessionsByToken: new Map(),
    sessionsById: new Map(),
    messages: [],
    listeners,
  };
}

/** Adds `key` to `map` last, dropping the oldest entries beyond `cap`; `onDrop` cleans up what refers to them. */
export function putCapped<K, V>(map: Map<K, V>, key: K, value: V, cap: number, onDrop?: (value: V) => void): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > cap) {
    const [oldestKey, oldest] = map.entries().next().value as [K, V];
    map.delete(oldestKey);
    onDrop?.(oldest);
  }
}
