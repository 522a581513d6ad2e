// The rules a project can change with PUT /__mock/v1/config. Each default is what Stytch documents, or, where
// Stytch is silent, the choice the README's rules table marks `inferred`.
import type { components } from "../generated/control.js";
import { printable } from "../guards.js";

/** The settings, as the control plane's document (control/openapi.yaml, `Config`) describes each. */
export type RulesConfig = components["schemas"]["Config"];

export const DEFAULT_RULES_CONFIG: RulesConfig = {
  stateful: true,
  code_seed: null,
  fixed_codes: {},
  lock_threshold: 10,
  lock_ttl_seconds: 3600,
  superseded_code_error: "unable_to_auth_otp_code",
  lock_blocks_send: false,
  b2b_members: "create_on_first_send",
  revoke_ended_session: "session_not_found",
};

const E164 = /^\+[1-9]\d{1,14}$/;
const CODE = /^\d{6}$/;

/** `current` with the fields of `change` written over it, or a sentence saying which field is wrong. */
export function mergeConfig(current: RulesConfig, change: unknown): { ok: true; config: RulesConfig } | { ok: false; reason: string } {
  if (typeof change !== "object" || change === null || Array.isArray(change)) return { ok: false, reason: "the body must be a JSON object." };
  const next: RulesConfig = structuredClone(current);
  for (const [key, value] of Object.entries(change)) {
    const problem = applyField(next, key, value);
    if (problem !== undefined) return { ok: false, reason: problem };
  }
  return { ok: true, config: next };
}

const CHOICES = {
  superseded_code_error: ["unable_to_auth_otp_code", "otp_code_not_found"],
  b2b_members: ["create_on_first_send", "seeded_only"],
  revoke_ended_session: ["session_not_found", "ok"],
} as const satisfies { [K in keyof RulesConfig]?: readonly RulesConfig[K][] };

function applyField(config: RulesConfig, key: string, value: unknown): string | undefined {
  const integer = (min: number, max: number) => (Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : undefined);
  switch (key) {
    case "stateful":
    case "lock_blocks_send":
      if (typeof value !== "boolean") return `${key} must be a boolean.`;
      config[key] = value;
      return undefined;
    case "code_seed": {
      if (value === null) config.code_seed = null;
      else if (integer(0, 2 ** 32 - 1) !== undefined) config.code_seed = value as number;
      else return "code_seed must be null or an integer from 0 to 4294967295.";
      return undefined;
    }
    case "fixed_codes": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return "fixed_codes must be an object of phone number to code.";
      for (const [number, code] of Object.entries(value)) {
        if (!E164.test(number)) return `fixed_codes: ${printable(number, 20)} is not an E.164 phone number.`;
        if (typeof code !== "string" || !CODE.test(code)) return `fixed_codes: the code of ${number} must be 6 digits.`;
      }
      config.fixed_codes = { ...(value as Record<string, string>) };
      return undefined;
    }
    case "lock_threshold":
      if (integer(1, 100) === undefined) return "lock_threshold must be an integer from 1 to 100.";
      config.lock_threshold = value as number;
      return undefined;
    case "lock_ttl_seconds":
      if (integer(300, 604_800) === undefined) return "lock_ttl_seconds must be an integer from 300 to 604800.";
      config.lock_ttl_seconds = value as number;
      return undefined;
    case "superseded_code_error":
    case "b2b_members":
    case "revoke_ended_session": {
      const allowed: readonly string[] = CHOICES[key];
      if (typeof value !== "string" || !allowed.includes(value)) return `${key} must be ${allowed.join(" or ")}.`;
      Object.assign(config, { [key]: value });
      return undefined;
    }
    default:
      return `${printable(key, 60)} is not a setting of the mock.`;
  }
}
