// Masks what must not reach a log line: session tokens, JWTs and phone numbers. It works on text, so a body that
// is not valid JSON is masked as well as one that is.

const MASK = "***";
// A JSON member whose name says it holds a token, a JWT or a secret: its string value goes.
const SECRET_MEMBER = /("[^"\\]*(?:token|jwt|secret|password)[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
// Three base64url segments, the first starting as a JSON header ("eyJ"): a JWT wherever it appears.
const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
// 7 to 16 digits, with or without the + (a mistyped number is still someone's number), not inside an id:
// keep the + and first digit (the country, roughly) and the last two.
const PHONE = /(?<![\w-])(\+?\d)(\d{4,13})(\d{2})(?!\d)/g;

export function maskForLog(text: string): string {
  return text
    .replace(SECRET_MEMBER, `$1"${MASK}"`)
    .replace(JWT, MASK)
    .replace(PHONE, (_match, first: string, middle: string, last: string) => `${first}${"*".repeat(middle.length)}${last}`);
}
