// Stytch's rules of the SMS login (facts: shared/reference/stytch-login-flow.md §5 and §8), as plain functions over
// one project's state, with the clock passed in. The front calls them for valid requests that no Prefer header,
// trigger or sandbox fixture answers; the control plane shares the store. Choices where Stytch is silent are in
// config.ts and the README's rules table, marked inferred.
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { JsonObject } from "@sms-otp/spec/contract";
import { addMessage, findMessage } from "./outbox.js";
import { activeLock, createJwtSigner, memberJson, memberSessionJson, organizationJson, sessionJson, userJson, type JwtSigner } from "./shapes.js";
import {
  memberKey,
  putCapped,
  PROJECT_CAPS,
  type CodeSlot,
  type MemberRecord,
  type MessageRecord,
  type PhoneRecord,
  type ProjectState,
  type SessionRecord,
  type UserRecord,
} from "./store.js";

/** A 2xx body, or a Stytch error by type (the front answers it with the contract's example of that type). */
export type RuleAnswer = { status: number; body: JsonObject } | { status: number; errorType: string; message?: string };

/** What the rules need from outside a project: read once from the contract. */
export interface RulesEnvironment {
  /** Codes that select a documented answer (000000 and the triggers): never texted, so never ambiguous. */
  reservedCodes: ReadonlySet<string>;
  /** The contract's example Organization, the template of every Organization the mock makes up. */
  organizationTemplate: JsonObject;
  signer: JwtSigner;
}

export interface RuleCall {
  project: ProjectState;
  /** The project's clock, in milliseconds. */
  now: number;
  requestId: string;
  /** The contract's operationId of the request, recorded on the messages it sends. */
  operationId: string;
  body: JsonObject;
  env: RulesEnvironment;
}

export type Rule = (call: RuleCall) => RuleAnswer;

const CONSUMER_DEFAULT_EXPIRATION_MINUTES = 2;
const B2B_EXPIRATION_MINUTES = 2;
const B2B_DEFAULT_SESSION_MINUTES = 60;
/** Superseded codes remembered per phone or Member, to tell them from wrong ones. */
const REMEMBERED_CODES = 5;
const MINUTE = 60_000;
const SESSION_ID = /^session-(test|live)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function projectNow(project: ProjectState, realNow: number = Date.now()): number {
  return realNow + project.clockOffsetMs;
}

export function createRulesEnvironment(reservedCodes: ReadonlySet<string>, organizationTemplate: JsonObject): RulesEnvironment {
  return { reservedCodes, organizationTemplate, signer: createJwtSigner() };
}

const fail = (status: number, errorType: string, message?: string): RuleAnswer => ({ status, errorType, ...(message === undefined ? {} : { message }) });
const ok = (call: RuleCall, body: JsonObject): RuleAnswer => ({ status: 200, body: { request_id: call.requestId, status_code: 200, ...body } });
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

// ---- consumer: Users and their phone numbers --------------------------------------------------------------------

/** Adds a User holding one phone number (login_or_create, or POST /__mock/v1/users). */
export function createUser(project: ProjectState, phoneNumber: string, status: UserRecord["status"], now: number): { user: UserRecord; phone: PhoneRecord } {
  const user: UserRecord = {
    user_id: `user-test-${randomUUID()}`,
    created_at: now,
    status,
    phone_ids: [],
    failures: 0,
    lock_created_at: undefined,
    lock_expires_at: undefined,
  };
  putCapped(project.users, user.user_id, user, PROJECT_CAPS.users, (dropped) => forgetUser(project, dropped));
  return { user, phone: addPhone(project, user, phoneNumber) };
}

function addPhone(project: ProjectState, user: UserRecord, phoneNumber: string): PhoneRecord {
  const phone: PhoneRecord = { phone_id: `phone-number-test-${randomUUID()}`, phone_number: phoneNumber, user_id: user.user_id, verified: false };
  user.phone_ids.push(phone.phone_id);
  project.phonesById.set(phone.phone_id, phone);
  project.phonesByNumber.set(phoneNumber, phone);
  return phone;
}

function forgetUser(project: ProjectState, user: UserRecord): void {
  for (const phoneId of user.phone_ids) {
    const phone = project.phonesById.get(phoneId);
    project.phonesById.delete(phoneId);
    project.codes.delete(phoneId);
    if (phone !== undefined && project.phonesByNumber.get(phone.phone_number) === phone) project.phonesByNumber.delete(phone.phone_number);
  }
}

/** Clears a lock whose time is up, as Stytch does on expiry. */
function expireLock(record: UserRecord | MemberRecord, now: number): void {
  if (record.lock_expires_at !== undefined && record.lock_expires_at <= now) {
    record.lock_created_at = undefined;
    record.lock_expires_at = undefined;
    record.failures = 0;
  }
}

// ---- codes -----------------------------------------------------------------------------------------------------

function nextCode(project: ProjectState, env: RulesEnvironment, phoneNumber: string): string {
  const fixed = project.config.fixed_codes[phoneNumber];
  if (fixed !== undefined) return fixed;
  for (;;) {
    const code = String(nextRandom(project)).padStart(6, "0");
    if (!env.reservedCodes.has(code)) return code;
  }
}

function nextRandom(project: ProjectState): number {
  const seed = project.config.code_seed;
  if (seed === null) return randomInt(1_000_000);
  // mulberry32: small, fast and good enough to make a run's codes repeatable.
  let state = (project.seedState ?? seed) | 0;
  state = (state + 0x6d2b79f5) | 0;
  project.seedState = state;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % 1_000_000;
}

interface Recipient {
  slotKey: string;
  to: string;
  methodId: string;
  userId?: string;
  memberId?: string;
  organizationId?: string;
}

/** Texts a new code to the recipient: it replaces the live one, whose message becomes superseded. */
function issueCode(call: RuleCall, recipient: Recipient, lifetimeMinutes: number): void {
  const { project, now, env } = call;
  const slot: CodeSlot = project.codes.get(recipient.slotKey) ?? { issued: [] };
  const previous = slot.issued.at(-1);
  if (previous !== undefined && !previous.used) {
    const message = findMessage(project, previous.message_id);
    if (message?.status === "pending") message.status = "superseded";
  }
  const code = nextCode(project, env, recipient.to);
  const expiresAt = now + lifetimeMinutes * MINUTE;
  const message = addMessage(project, {
    to: recipient.to,
    body: `Your verification code is ${code}. It expires in ${lifetimeMinutes} minute${lifetimeMinutes === 1 ? "" : "s"}.`,
    code,
    method_id: recipient.methodId,
    user_id: recipient.userId,
    member_id: recipient.memberId,
    organization_id: recipient.organizationId,
    operation_id: call.operationId,
    status: "pending",
    created_at: now,
    expires_at: expiresAt,
  });
  slot.issued.push({ code, expires_at: expiresAt, message_id: message.id, used: false });
  if (slot.issued.length > REMEMBERED_CODES) slot.issued.shift();
  putCapped(project.codes, recipient.slotKey, slot, PROJECT_CAPS.codes);
}

type CodeCheck = { ok: true } | { ok: false; status: number; errorType: string };

/** Checks `code` against the live code of the slot, and uses it up on success. */
function consumeCode(call: RuleCall, slotKey: string, code: string): CodeCheck {
  const { project, now } = call;
  const slot = project.codes.get(slotKey);
  const live = slot?.issued.at(-1);
  if (live !== undefined && live.code === code) {
    if (live.used || live.expires_at <= now) return { ok: false, status: 401, errorType: "unable_to_auth_otp_code" };
    live.used = true;
    const message = findMessage(project, live.message_id);
    if (message !== undefined) message.status = "used";
    return { ok: true };
  }
  if (slot?.issued.slice(0, -1).some((issued) => issued.code === code)) {
    const errorType = project.config.superseded_code_error;
    return { ok: false, status: errorType === "otp_code_not_found" ? 404 : 401, errorType };
  }
  return { ok: false, status: 404, errorType: "otp_code_not_found" };
}

/** Counts a failed authentication; the one that reaches the threshold locks the User or Member and gets 429. */
function recordFailure(
  call: RuleCall,
  record: UserRecord | MemberRecord,
  check: Extract<CodeCheck, { ok: false }>,
  isRecipient: (message: MessageRecord) => boolean,
): RuleAnswer {
  const { project, now } = call;
  record.failures += 1;
  if (record.failures < project.config.lock_threshold) return fail(check.status, check.errorType);
  record.failures = 0;
  record.lock_created_at = now;
  record.lock_expires_at = now + project.config.lock_ttl_seconds * 1000;
  for (const message of project.messages) if (message.status === "pending" && isRecipient(message)) message.status = "locked";
  return fail(429, "user_lock_limit_reached");
}

// ---- sessions --------------------------------------------------------------------------------------------------

function newSessionToken(): string {
  // 33 random bytes are 44 base64url characters, the length of Stytch's opaque session tokens.
  return randomBytes(33).toString("base64url");
}

function storeSession(project: ProjectState, session: SessionRecord): void {
  project.sessionsById.set(session.session_id, session);
  putCapped(project.sessionsByToken, session.session_token, session, PROJECT_CAPS.sessions, (dropped) => project.sessionsById.delete(dropped.session_id));
}

function endSession(project: ProjectState, session: SessionRecord): void {
  project.sessionsByToken.delete(session.session_token);
  project.sessionsById.delete(session.session_id);
}

/** A session that has not expired (an expired one is forgotten on the way). */
function liveSession(call: RuleCall, session: SessionRecord | undefined): SessionRecord | undefined {
  if (session === undefined) return undefined;
  if (session.expires_at <= call.now) {
    endSession(call.project, session);
    return undefined;
  }
  return session;
}

type Locator = { ok: true; session: SessionRecord | undefined; given: boolean } | { ok: false; answer: RuleAnswer };

/** The session named by session_token or session_jwt (at most one of them): 404 session_not_found if it has ended. */
function locateSession(call: RuleCall, requireOne: boolean): Locator {
  const token = str(call.body["session_token"]);
  const jwt = str(call.body["session_jwt"]);
  if (token !== undefined && jwt !== undefined) return { ok: false, answer: fail(400, "too_many_session_arguments") };
  if (token === undefined && jwt === undefined) {
    return requireOne ? { ok: false, answer: fail(400, "no_session_arguments") } : { ok: true, session: undefined, given: false };
  }
  let session: SessionRecord | undefined;
  if (token !== undefined) session = call.project.sessionsByToken.get(token);
  else {
    const sessionId = call.env.signer.sessionIdOf(jwt ?? "");
    if (sessionId === undefined) return { ok: false, answer: fail(400, "unable_to_parse_session_jwt") };
    session = call.project.sessionsById.get(sessionId);
  }
  const live = liveSession(call, session);
  if (live === undefined) return { ok: false, answer: fail(404, "session_not_found") };
  return { ok: true, session: live, given: true };
}

function mergeClaims(session: SessionRecord, claims: unknown): void {
  if (typeof claims !== "object" || claims === null) return;
  for (const [key, value] of Object.entries(claims)) {
    if (value === null) delete session.custom_claims[key];
    else session.custom_claims[key] = value;
  }
}

/** Starts a session, or adds the factor to the one given; a duration sets expires_at to now + duration. */
function sessionAfterCode(
  call: RuleCall,
  existing: SessionRecord | undefined,
  owner: { user_id?: string; member_id?: string; organization_id?: string },
  phone: { phone_id: string; phone_number: string },
  durationMinutes: number | undefined,
): SessionRecord | undefined {
  const { now, project, body } = call;
  if (existing === undefined && durationMinutes === undefined) return undefined;
  const session: SessionRecord = existing ?? {
    session_id: `session-test-${randomUUID()}`,
    session_token: newSessionToken(),
    user_id: owner.user_id,
    member_id: owner.member_id,
    organization_id: owner.organization_id,
    started_at: now,
    last_accessed_at: now,
    expires_at: now,
    factors: [],
    custom_claims: {},
    attributes: attributesOf(body),
  };
  const factor = session.factors.find((candidate) => candidate.phone_id === phone.phone_id && candidate.phone_number === phone.phone_number);
  if (factor === undefined) session.factors.push({ ...phone, created_at: now, last_authenticated_at: now });
  else factor.last_authenticated_at = now;
  session.last_accessed_at = now;
  if (durationMinutes !== undefined) session.expires_at = now + durationMinutes * MINUTE;
  mergeClaims(session, body["session_custom_claims"]);
  if (existing === undefined) storeSession(project, session);
  return session;
}

function attributesOf(body: JsonObject): SessionRecord["attributes"] {
  const attributes = (body["attributes"] ?? {}) as JsonObject;
  return { ip_address: str(attributes["ip_address"]) ?? "", user_agent: str(attributes["user_agent"]) ?? "" };
}

const duration = (body: JsonObject): number | undefined => (typeof body["session_duration_minutes"] === "number" ? body["session_duration_minutes"] : undefined);

// ---- the operations --------------------------------------------------------------------------------------------

function consumerRecipient(phone: PhoneRecord): Recipient {
  return { slotKey: phone.phone_id, to: phone.phone_number, methodId: phone.phone_id, userId: phone.user_id };
}

function expiration(body: JsonObject): number {
  return typeof body["expiration_minutes"] === "number" ? body["expiration_minutes"] : CONSUMER_DEFAULT_EXPIRATION_MINUTES;
}

/** POST /v1/otps/sms/send: texts a code to a number a User holds; an unknown number gets 404 (no User is created). */
function otpsSmsSend(call: RuleCall): RuleAnswer {
  const { project, body, now } = call;
  const phoneNumber = String(body["phone_number"]);
  let phone = project.phonesByNumber.get(phoneNumber);
  let owner: UserRecord | undefined;
  const userId = str(body["user_id"]);
  if (userId !== undefined) {
    owner = project.users.get(userId);
    if (owner === undefined) return fail(404, "user_not_found");
  }
  if (str(body["session_token"]) !== undefined || str(body["session_jwt"]) !== undefined) {
    const located = locateSession(call, false);
    if (!located.ok) return located.answer;
    owner = project.users.get(located.session?.user_id ?? "");
    if (owner === undefined) return fail(404, "session_not_found");
  }
  if (phone === undefined) {
    if (owner === undefined) return fail(404, "phone_number_not_found", "Phone number could not be found.");
    phone = addPhone(project, owner, phoneNumber);
  }
  const user = project.users.get(phone.user_id);
  if (user === undefined) return fail(404, "phone_number_not_found");
  expireLock(user, now);
  if (project.config.lock_blocks_send && activeLock(user, now)) return fail(429, "user_lock_limit_reached");
  issueCode(call, consumerRecipient(phone), expiration(body));
  return ok(call, { user_id: user.user_id, phone_id: phone.phone_id });
}

/** POST /v1/otps/sms/login_or_create: like send, but an unknown number creates a User (pending if asked). */
function otpsSmsLoginOrCreate(call: RuleCall): RuleAnswer {
  const { project, body, now } = call;
  const phoneNumber = String(body["phone_number"]);
  let phone = project.phonesByNumber.get(phoneNumber);
  let user = phone === undefined ? undefined : project.users.get(phone.user_id);
  const created = user === undefined;
  if (phone === undefined || user === undefined) {
    ({ user, phone } = createUser(project, phoneNumber, body["create_user_as_pending"] === true ? "pending" : "active", now));
  }
  expireLock(user, now);
  if (project.config.lock_blocks_send && activeLock(user, now)) return fail(429, "user_lock_limit_reached");
  issueCode(call, consumerRecipient(phone), expiration(body));
  return ok(call, { user_id: user.user_id, phone_id: phone.phone_id, user_created: created });
}

/** POST /v1/otps/authenticate: one live code per phone, single use, lifetime, consecutive-failure lock. */
function otpsAuthenticate(call: RuleCall): RuleAnswer {
  const { project, body, now } = call;
  const phone = project.phonesById.get(String(body["method_id"]));
  const user = phone === undefined ? undefined : project.users.get(phone.user_id);
  if (phone === undefined || user === undefined) return fail(404, "phone_number_not_found");
  expireLock(user, now);
  if (activeLock(user, now)) return fail(429, "user_lock_limit_reached");
  const located = locateSession(call, false);
  if (!located.ok) return located.answer;
  if (located.session !== undefined && located.session.user_id !== user.user_id) return fail(400, "session_on_code_does_not_match_session_passed_in");

  const check = consumeCode(call, phone.phone_id, String(body["code"]));
  if (!check.ok) return recordFailure(call, user, check, (message) => message.user_id === user.user_id);
  user.failures = 0;
  phone.verified = true;
  user.status = "active";
  const session = sessionAfterCode(call, located.session, { user_id: user.user_id }, phone, duration(body));
  return ok(call, {
    user_id: user.user_id,
    method_id: phone.phone_id,
    session_token: session?.session_token ?? "",
    session_jwt: session === undefined ? "" : call.env.signer.sessionJwt(project.projectId, session, now),
    user: userJson(project, user, now),
    reset_sessions: false,
    session: session === undefined ? null : sessionJson(session),
  });
}

function b2bRecipient(member: MemberRecord): Recipient {
  return {
    slotKey: memberKey(member.organization_id, member.member_id),
    to: member.mfa_phone_number,
    methodId: member.member_id,
    memberId: member.member_id,
    organizationId: member.organization_id,
  };
}

/** Adds a Member to the project (POST /__mock/v1/members, or the first send when b2b_members allows it). */
export function createMember(
  project: ProjectState,
  fields: { organization_id: string; member_id?: string | undefined; email_address?: string | undefined; mfa_phone_number?: string | undefined },
  now: number,
): MemberRecord {
  const member: MemberRecord = {
    organization_id: fields.organization_id,
    member_id: fields.member_id ?? `member-test-${randomUUID()}`,
    email_address: fields.email_address ?? "",
    mfa_phone_number: fields.mfa_phone_number ?? "",
    mfa_phone_number_verified: false,
    created_at: now,
    updated_at: now,
    failures: 0,
    lock_created_at: undefined,
    lock_expires_at: undefined,
  };
  putCapped(project.members, memberKey(member.organization_id, member.member_id), member, PROJECT_CAPS.members, (dropped) =>
    project.codes.delete(memberKey(dropped.organization_id, dropped.member_id)),
  );
  return member;
}

function phoneTakenInOrganization(project: ProjectState, organizationId: string, phoneNumber: string, memberId: string): boolean {
  for (const other of project.members.values()) {
    if (other.organization_id === organizationId && other.member_id !== memberId && other.mfa_phone_number === phoneNumber) return true;
  }
  return false;
}

/** POST /v1/b2b/otps/sms/send: texts a code to the Member's MFA phone, linking mfa_phone_number if it has none. */
function b2bOtpsSmsSend(call: RuleCall): RuleAnswer {
  const { project, body, now } = call;
  const organizationId = String(body["organization_id"]);
  const memberId = String(body["member_id"]);
  const number = str(body["mfa_phone_number"]);
  let member = project.members.get(memberKey(organizationId, memberId));
  if (member === undefined) {
    if (project.config.b2b_members === "seeded_only" || number === undefined) return fail(404, "member_not_found");
    if (phoneTakenInOrganization(project, organizationId, number, memberId)) return fail(400, "duplicate_member_phone_number");
    member = createMember(project, { organization_id: organizationId, member_id: memberId, mfa_phone_number: number }, now);
  } else if (number !== undefined && member.mfa_phone_number !== "" && number !== member.mfa_phone_number) {
    return fail(400, "duplicate_member_phone_number_for_member");
  } else if (member.mfa_phone_number === "") {
    if (number === undefined) return fail(400, "bad_request", "mfa_phone_number is required: this Member has no MFA phone number yet.");
    if (phoneTakenInOrganization(project, organizationId, number, memberId)) return fail(400, "duplicate_member_phone_number");
    member.mfa_phone_number = number;
    member.updated_at = now;
  }
  expireLock(member, now);
  if (project.config.lock_blocks_send && activeLock(member, now)) return fail(429, "user_lock_limit_reached");
  issueCode(call, b2bRecipient(member), B2B_EXPIRATION_MINUTES);
  return ok(call, { member_id: member.member_id, member: memberJson(member, now), organization: organizationJson(call.env.organizationTemplate, organizationId) });
}

/** POST /v1/b2b/otps/sms/authenticate: as the consumer one, per Member; always gives a session (60 minutes by default). */
function b2bOtpsSmsAuthenticate(call: RuleCall): RuleAnswer {
  const { project, body, now } = call;
  const organizationId = String(body["organization_id"]);
  const memberId = String(body["member_id"]);
  const member = project.members.get(memberKey(organizationId, memberId));
  if (member === undefined) return fail(404, "member_not_found");
  const intermediate = str(body["intermediate_session_token"]);
  const tokens = [intermediate, str(body["session_token"]), str(body["session_jwt"])].filter((value) => value !== undefined);
  if (tokens.length === 0) return fail(400, "no_session_arguments");
  if (tokens.length > 1) return fail(400, "too_many_session_arguments");
  // The mock has no primary authentication, so any intermediate session token stands for one of this Member (inferred).
  const located = intermediate === undefined ? locateSession(call, true) : ({ ok: true, session: undefined, given: false } as const);
  if (!located.ok) return located.answer;
  if (located.session !== undefined && located.session.member_id !== memberId) return fail(400, "member_session_member_id_mismatch");
  expireLock(member, now);
  if (activeLock(member, now)) return fail(429, "user_lock_limit_reached");

  const key = memberKey(organizationId, memberId);
  const check = consumeCode(call, key, String(body["code"]));
  if (!check.ok) return recordFailure(call, member, check, (message) => message.member_id === memberId && message.organization_id === organizationId);
  member.failures = 0;
  member.mfa_phone_number_verified = true;
  member.updated_at = now;
  const session = sessionAfterCode(
    call,
    located.session,
    { member_id: memberId, organization_id: organizationId },
    { phone_id: "", phone_number: member.mfa_phone_number },
    duration(body) ?? (located.session === undefined ? B2B_DEFAULT_SESSION_MINUTES : undefined),
  ) as SessionRecord;
  return ok(call, {
    member_id: memberId,
    member: memberJson(member, now),
    organization: organizationJson(call.env.organizationTemplate, organizationId),
    session_token: session.session_token,
    session_jwt: call.env.signer.sessionJwt(project.projectId, session, now),
    member_session: memberSessionJson(session),
  });
}

/** Sessions authenticate, both products: a live session, extended to now + duration when one is given. */
function touchSession(call: RuleCall, b2b: boolean): { ok: true; session: SessionRecord } | { ok: false; answer: RuleAnswer } {
  const located = locateSession(call, true);
  if (!located.ok) return located;
  const session = located.session as SessionRecord;
  if ((session.member_id !== undefined) !== b2b) return { ok: false, answer: fail(404, "session_not_found") };
  const minutes = duration(call.body);
  session.last_accessed_at = call.now;
  if (minutes !== undefined) session.expires_at = call.now + minutes * MINUTE;
  mergeClaims(session, call.body["session_custom_claims"]);
  return { ok: true, session };
}

function sessionsAuthenticate(call: RuleCall): RuleAnswer {
  const touched = touchSession(call, false);
  if (!touched.ok) return touched.answer;
  const { session } = touched;
  const user = call.project.users.get(session.user_id ?? "");
  if (user === undefined) return fail(404, "session_not_found");
  return ok(call, {
    session: sessionJson(session),
    session_token: session.session_token,
    session_jwt: call.env.signer.sessionJwt(call.project.projectId, session, call.now),
    user: userJson(call.project, user, call.now),
  });
}

function b2bSessionsAuthenticate(call: RuleCall): RuleAnswer {
  const touched = touchSession(call, true);
  if (!touched.ok) return touched.answer;
  const { session } = touched;
  const member = call.project.members.get(memberKey(session.organization_id ?? "", session.member_id ?? ""));
  if (member === undefined) return fail(404, "session_not_found");
  return ok(call, {
    member_session: memberSessionJson(session),
    session_token: session.session_token,
    session_jwt: call.env.signer.sessionJwt(call.project.projectId, session, call.now),
    member: memberJson(member, call.now),
    organization: organizationJson(call.env.organizationTemplate, member.organization_id),
  });
}

/** Revoke, both products: exactly one locator; an ended session answers as config.revoke_ended_session says. */
function revoke(call: RuleCall, b2b: boolean): RuleAnswer {
  const { project, body } = call;
  const idField = b2b ? "member_session_id" : "session_id";
  const locators = [idField, "session_token", "session_jwt", ...(b2b ? ["member_id"] : [])].filter((field) => body[field] !== undefined);
  // The consumer endpoint has revoke-specific error types; the B2B one documents the authenticate ones.
  if (locators.length === 0) return fail(400, b2b ? "no_session_arguments" : "no_session_revoke_arguments");
  if (locators.length > 1) return fail(400, b2b ? "too_many_session_arguments" : "too_many_session_revoke_arguments");
  if (!b2b && locators[0] === "session_id" && !SESSION_ID.test(String(body["session_id"]))) return fail(400, "invalid_session_id");
  const ended = () => (project.config.revoke_ended_session === "ok" ? ok(call, {}) : fail(404, "session_not_found"));
  const field = locators[0];
  if (field === "member_id") {
    const sessions = [...project.sessionsById.values()].filter((session) => session.member_id === body["member_id"]);
    for (const session of sessions) endSession(project, session);
    return ok(call, {});
  }
  let session: SessionRecord | undefined;
  if (field === idField) session = project.sessionsById.get(String(body[idField]));
  else if (field === "session_token") session = project.sessionsByToken.get(String(body["session_token"]));
  else {
    const sessionId = call.env.signer.sessionIdOf(String(body["session_jwt"]));
    if (sessionId === undefined) return fail(400, "unable_to_parse_session_jwt");
    session = project.sessionsById.get(sessionId);
  }
  const live = liveSession(call, session);
  if (live === undefined || (live.member_id !== undefined) !== b2b) return ended();
  endSession(project, live);
  return ok(call, {});
}

/** The stateful rule of each operation, by method and path (the operationIds of new operations may still change). */
export const RULES: Readonly<Record<string, Rule>> = {
  "POST /v1/otps/sms/send": otpsSmsSend,
  "POST /v1/otps/sms/login_or_create": otpsSmsLoginOrCreate,
  "POST /v1/otps/authenticate": otpsAuthenticate,
  "POST /v1/b2b/otps/sms/send": b2bOtpsSmsSend,
  "POST /v1/b2b/otps/sms/authenticate": b2bOtpsSmsAuthenticate,
  "POST /v1/sessions/authenticate": sessionsAuthenticate,
  "POST /v1/sessions/revoke": (call) => revoke(call, false),
  "POST /v1/b2b/sessions/authenticate": b2bSessionsAuthenticate,
  "POST /v1/b2b/sessions/revoke": (call) => revoke(call, true),
};
