// The Prefer header (`Prefer: code=429, example=too_many_requests`), which picks a documented answer. Prism's own
// parsing answers mistakes with a 404 that looks like an unknown route or with a 500; here each mistake gets a
// sentence that says what the operation documents instead.
import type { Operation, ResponseExample } from "@sms-otp/spec/contract";
import { echo } from "./envelope.js";

export type PreferChoice = { ok: true; example: ResponseExample | undefined; status: number | undefined } | { ok: false; reason: string };

const KNOWN = ["code", "example"];

/** Reads Prefer for `operation`: `{ ok: true }` with what it selects (nothing when absent), or why it cannot be met. */
export function readPrefer(header: string | undefined, operation: Operation): PreferChoice {
  if (header === undefined || header.trim() === "") return { ok: true, example: undefined, status: undefined };
  const preferences = new Map<string, string>();
  for (const token of header.split(/[,;]/)) {
    if (token.trim() === "") continue;
    const preference = readPreference(token);
    if (preference === undefined) return { ok: false, reason: `Write it as code=<status>, example=<name>, not "${echo(token.trim())}".` };
    const { key, value } = preference;
    if (!KNOWN.includes(key.toLowerCase())) {
      return { ok: false, reason: `The mock reads only code and example, not "${echo(key)}".` };
    }
    preferences.set(key.toLowerCase(), value);
  }
  const declared = operation.responses.map((response) => response.status);
  const code = preferences.get("code");
  if (code !== undefined && !declared.includes(code)) {
    return { ok: false, reason: `code=${echo(code)} is not a status of ${operation.operationId}; it documents ${declared.join(", ")}.` };
  }
  const name = preferences.get("example");
  if (name === undefined) return { ok: true, example: undefined, status: code === undefined ? undefined : Number(code) };
  const candidates = operation.examples.filter((example) => code === undefined || String(example.status) === code);
  const example = candidates.find((candidate) => candidate.name === name);
  if (example === undefined) {
    const where = code === undefined ? operation.operationId : `${operation.operationId} ${code}`;
    return { ok: false, reason: `example=${echo(name)} is not an example of ${where}; it has ${candidates.map((c) => c.name).join(", ")}.` };
  }
  return { ok: true, example, status: example.status };
}

const KEY = /^[A-Za-z_-]+$/;

/**
 * `key=value` or `key="value"`, spaces allowed around each part; undefined when malformed. Written without a
 * regular expression over the whole token: the one it replaces backtracked quadratically on a long run of spaces
 * inside quotes (15,000 of them cost 219 ms). Every step here is linear in the token's length.
 */
function readPreference(token: string): { key: string; value: string } | undefined {
  const equals = token.indexOf("=");
  if (equals === -1) return undefined;
  const key = token.slice(0, equals).trim();
  let value = token.slice(equals + 1).trim();
  if (value.startsWith('"')) value = value.slice(1);
  if (value.endsWith('"')) value = value.slice(0, -1);
  if (!KEY.test(key) || value.includes('"')) return undefined;
  return { key, value };
}
