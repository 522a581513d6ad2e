// The response objects the stateful rules answer with, built from the project's records: Stytch's User, Session,
// Member, Organization and MemberSession, and the session JWT as the facts file §5.7 describes it.
import { createVerify, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import type { JsonObject } from "@sms-otp/spec/contract";
import type { MemberRecord, ProjectState, SessionRecord, UserRecord } from "./store.js";

export const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const isoNow = (ms: number): string => new Date(ms).toISOString();

/** A User is locked while its lock has not expired; an expired lock reads as none. */
export function activeLock(record: { lock_expires_at: number | undefined }, now: number): boolean {
  return record.lock_expires_at !== undefined && record.lock_expires_at > now;
}

export function userJson(project: ProjectState, user: UserRecord, now: number): JsonObject {
  const locked = activeLock(user, now);
  return {
    user_id: user.user_id,
    emails: [],
    status: user.status,
    phone_numbers: user.phone_ids.flatMap((phoneId) => {
      const phone = project.phonesById.get(phoneId);
      return phone === undefined ? [] : [{ phone_id: phone.phone_id, phone_number: phone.phone_number, verified: phone.verified }];
    }),
    webauthn_registrations: [],
    providers: [],
    totps: [],
    crypto_wallets: [],
    biometric_registrations: [],
    is_locked: locked,
    roles: ["stytch_user"],
    name: { first_name: "", middle_name: "", last_name: "" },
    created_at: isoNow(user.created_at),
    password: null,
    trusted_metadata: {},
    untrusted_metadata: {},
    external_id: "",
    lock_created_at: locked ? iso(user.lock_created_at) : null,
    lock_expires_at: locked ? iso(user.lock_expires_at) : null,
  };
}

function factorsJson(session: SessionRecord): JsonObject[] {
  return session.factors.map((factor) => ({
    type: "otp",
    delivery_method: "sms",
    last_authenticated_at: isoNow(factor.last_authenticated_at),
    created_at: isoNow(factor.created_at),
    updated_at: isoNow(factor.last_authenticated_at),
    phone_number_factor: { phone_id: factor.phone_id, phone_number: factor.phone_number },
  }));
}

export function sessionJson(session: SessionRecord): JsonObject {
  return {
    session_id: session.session_id,
    user_id: session.user_id ?? "",
    authentication_factors: factorsJson(session),
    roles: ["stytch_user"],
    started_at: isoNow(session.started_at),
    last_accessed_at: isoNow(session.last_accessed_at),
    expires_at: isoNow(session.expires_at),
    attributes: session.attributes,
    custom_claims: session.custom_claims,
  };
}

export function memberJson(member: MemberRecord, now: number): JsonObject {
  const locked = activeLock(member, now);
  return {
    organization_id: member.organization_id,
    member_id: member.member_id,
    email_address: member.email_address,
    status: "active",
    name: "",
    sso_registrations: [],
    is_breakglass: false,
    member_password_id: "",
    oauth_registrations: [],
    email_address_verified: member.email_address !== "",
    mfa_phone_number_verified: member.mfa_phone_number_verified,
    is_admin: false,
    totp_registration_id: "",
    retired_email_addresses: [],
    is_locked: locked,
    mfa_enrolled: member.mfa_phone_number_verified,
    mfa_phone_number: member.mfa_phone_number,
    default_mfa_method: member.mfa_phone_number_verified ? "sms_otp" : "",
    roles: [{ role_id: "stytch_member", sources: [{ type: "direct_assignment", details: {} }] }],
    trusted_metadata: {},
    untrusted_metadata: {},
    created_at: isoNow(member.created_at),
    updated_at: isoNow(member.updated_at),
    scim_registration: null,
    external_id: "",
    lock_created_at: locked ? iso(member.lock_created_at) : null,
    lock_expires_at: locked ? iso(member.lock_expires_at) : null,
  };
}

/** An Organization the mock knows nothing about but its id: the contract's example, emptied and renamed. */
export function organizationJson(template: JsonObject, organizationId: string): JsonObject {
  return {
    ...template,
    organization_id: organizationId,
    organization_name: organizationId,
    organization_slug: organizationSlug(organizationId),
    organization_logo_url: "",
    sso_active_connections: [],
    email_allowed_domains: [],
    rbac_email_implicit_role_assignments: [],
    claimed_email_domains: [],
    custom_roles: [],
    organization_external_id: "",
  };
}

export function organizationSlug(organizationId: string): string {
  return organizationId.toLowerCase().replace(/[^a-z0-9._~-]+/g, "-").slice(0, 128);
}

export function memberSessionJson(session: SessionRecord): JsonObject {
  return {
    member_session_id: session.session_id,
    member_id: session.member_id ?? "",
    started_at: isoNow(session.started_at),
    last_accessed_at: isoNow(session.last_accessed_at),
    expires_at: isoNow(session.expires_at),
    authentication_factors: factorsJson(session),
    organization_id: session.organization_id ?? "",
    roles: ["stytch_member"],
    organization_slug: organizationSlug(session.organization_id ?? ""),
    custom_claims: session.custom_claims,
  };
}

/** Signs session JWTs (RS256) with one key per mock, made on first use; its public half is served as a JWKS. */
export interface JwtSigner {
  /** A fresh JWT for the session, living 5 minutes from `now` whatever the session's length, as Stytch's do. */
  sessionJwt(projectId: string, session: SessionRecord, now: number): string;
  /** The id of the session a JWT of this mock names, if it is one; the signature is checked. */
  sessionIdOf(jwt: string): string | undefined;
  jwks(): { keys: JsonObject[] };
}

const JWT_SECONDS = 300;

export function createJwtSigner(): JwtSigner {
  let key: { kid: string; privateKey: KeyObject; publicKey: KeyObject } | undefined;
  const keys = () => {
    if (key === undefined) {
      const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
      key = { kid: `jwk-test-${randomUUID()}`, privateKey: pair.privateKey, publicKey: pair.publicKey };
    }
    return key;
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return {
    sessionJwt(projectId, session, now) {
      const { kid, privateKey } = keys();
      const seconds = Math.floor(now / 1000);
      const b2b = session.member_id !== undefined;
      const claims: JsonObject = {
        ...session.custom_claims,
        aud: [projectId],
        iss: `stytch.com/${projectId}`,
        sub: b2b ? session.member_id : session.user_id,
        iat: seconds,
        nbf: seconds,
        exp: seconds + JWT_SECONDS,
        "https://stytch.com/session": {
          id: session.session_id,
          started_at: isoNow(Math.floor(session.started_at / 1000) * 1000),
          last_accessed_at: isoNow(Math.floor(session.last_accessed_at / 1000) * 1000),
          expires_at: isoNow(Math.floor(session.expires_at / 1000) * 1000),
          attributes: session.attributes,
          authentication_factors: factorsJson(session),
          roles: [b2b ? "stytch_member" : "stytch_user"],
        },
        ...(b2b
          ? { "https://stytch.com/organization": { organization_id: session.organization_id, slug: organizationSlug(session.organization_id ?? "") } }
          : {}),
      };
      const unsigned = `${encode({ alg: "RS256", typ: "JWT", kid })}.${encode(claims)}`;
      return `${unsigned}.${sign("sha256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
    },
    sessionIdOf(jwt) {
      const parts = jwt.split(".");
      if (parts.length !== 3 || key === undefined) return undefined;
      const [header, payload, signature] = parts as [string, string, string];
      const verifier = createVerify("sha256");
      verifier.update(`${header}.${payload}`);
      if (!verifier.verify(key.publicKey, Buffer.from(signature, "base64url"))) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { "https://stytch.com/session"?: { id?: unknown } };
        const id = claims["https://stytch.com/session"]?.id;
        return typeof id === "string" ? id : undefined;
      } catch {
        return undefined;
      }
    },
    jwks() {
      const { kid, publicKey } = keys();
      return { keys: [{ ...(publicKey.export({ format: "jwk" }) as JsonObject), kid, alg: "RS256", use: "sig" }] };
    },
  };
}
