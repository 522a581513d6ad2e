// Masks what must not reach a log line: session tokens, JWTs and phone numbers. It works on text, so a body that
// is not valid JSON, or one cut short for the log, is masked as well as one that is. Every pattern here matches
// without ambiguity (no two ways to split the same characters), so masking is linear in the length of the text:
// the JWT pattern it replaces rescanned the rest of the text from every "eyJ", and a 16 KB path cost 80 ms.
import { printable } from "@sms-otp/mock/guards";

const MASK = "***";
/** Path, origin and body are each cut to this before masking, so a log line costs the same for any request. */
export const MAX_LOGGED_CHARS = 200;
// A JSON member with a string value; the value goes when the member's name says it holds a token, a JWT or a
// secret. A value without its closing quote (cut for the log) goes as well.
const STRING_MEMBER = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;
const SECRET_NAME = /token|jwt|secret|password/i;
// Anything that starts as a base64url JSON header ("eyJ") runs to the end of its dotted segments: a JWT, whole or
// cut short. A run of them is one match, consumed once.
const JWT = /eyJ[\w-]*(?:\.[\w-]*)*/g;
// 7 to 16 digits, with or without the + (a mistyped number is still someone's number), not inside an id:
// keep the + and first digit (the country, roughly) and the last two.
const PHONE = /(?<![\w-])(\+?\d)(\d{4,13})(\d{2})(?!\d)/g;

export function maskForLog(text: string): string {
  return text
    .replace(STRING_MEMBER, (member: string, name: string, colon: string) => (SECRET_NAME.test(name) ? `"${name}"${colon}"${MASK}"` : member))
    .replace(JWT, MASK)
    .replace(PHONE, (_match, first: string, middle: string, last: string) => `${first}${"*".repeat(middle.length)}${last}`);
}

/** One field of a log line (a path, an origin, a body): printable ASCII only (as the mock's `echo`), cut, masked. */
export function logField(text: string): string {
  return maskForLog(printable(text, MAX_LOGGED_CHARS));
}
