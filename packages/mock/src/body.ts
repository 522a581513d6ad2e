// Reading a request body without letting one request take the mock down or stall it: the size is bounded while
// reading, and the JSON's depth and key count are bounded on the raw text, before JSON.parse or any validator walks it.
import type { IncomingMessage } from "node:http";

export interface BodyLimits {
  /** Bytes; larger bodies get 413 without being buffered. */
  maxBytes: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** Object keys in the whole body. */
  maxKeys: number;
}

// Stytch documents no limits. The largest valid request of the contract is under 2 KB and nests 2 deep, so these
// leave room for any honest mistake while keeping validation of the worst accepted body under a millisecond.
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 1024 * 1024, maxDepth: 32, maxKeys: 1000 };

export type BodyReading = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; aborted: true };

/** Reads the whole body, or stops at `maxBytes` (the rest is discarded by Node when the response ends). */
export function readBoundedBody(request: IncomingMessage, maxBytes: number): Promise<BodyReading> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (reading: BodyReading) => {
      if (settled) return;
      settled = true;
      request.off("data", onData);
      resolve(reading);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => settle({ ok: true, bytes: Buffer.concat(chunks, size) }));
    request.once("error", () => settle({ ok: false, tooLarge: false, aborted: true }));
    request.once("close", () => settle({ ok: false, tooLarge: false, aborted: true }));
  });
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * Why `text` would be too costly to parse and validate, or undefined. One pass over the characters: depth counts
 * `{` and `[` outside strings, keys count `:` outside strings (each object member has exactly one). Malformed JSON
 * is left for JSON.parse to reject.
 */
export function excessiveJson(text: string, limits: Pick<BodyLimits, "maxDepth" | "maxKeys">): string | undefined {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limits.maxDepth) return `The request body nests deeper than ${limits.maxDepth} levels.`;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    } else if (code === COLON) {
      if (++keys > limits.maxKeys) return `The request body has more than ${limits.maxKeys} fields.`;
    }
  }
  return undefined;
}
