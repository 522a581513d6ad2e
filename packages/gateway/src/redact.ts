// Keeps the secret out of everything the gateway sends back or logs. Nothing from the upstream should contain it,
// but a misbehaving upstream could echo it, and not only as the exact string: JSON \u escapes, URL encoding, hex,
// base64 (of the secret or of the Basic credentials) or HTML entities carry it as well. So every string of an
// answer (keys too) is decoded every way it could be, a few layers deep, and dropped whole if the secret shows.

export const REDACTED = "[redacted]";
// Layers of encoding undone: base64 of URL-encoded text is two.
const DECODING_DEPTH = 3;

export interface Redactor {
  /** `text` with each exact occurrence of the secret (or the Basic credentials' base64) replaced. Linear. */
  text(text: string): string;
  /** A copy of a JSON value in which every string that carries the secret, in any encoding above, is REDACTED. */
  value(value: unknown): unknown;
}

export function createRedactor(projectId: string, secret: string): Redactor {
  const basic = Buffer.from(`${projectId}:${secret}`).toString("base64");
  const needles = [secret, basic].sort((a, b) => b.length - a.length);
  const text = (input: string) => needles.reduce((result, needle) => result.split(needle).join(REDACTED), input);

  function carriesSecret(input: string): boolean {
    let layer = [input];
    const seen = new Set(layer);
    for (let depth = 0; depth <= DECODING_DEPTH && layer.length > 0; depth++) {
      if (layer.some((candidate) => candidate.includes(secret))) return true;
      if (depth === DECODING_DEPTH) break;
      const next: string[] = [];
      for (const candidate of layer) {
        if (candidate.length < secret.length) continue;
        for (const decode of DECODERS) {
          const decoded = decode(candidate);
          if (decoded !== undefined && !seen.has(decoded)) {
            seen.add(decoded);
            next.push(decoded);
          }
        }
      }
      layer = next;
    }
    return false;
  }

  function value(input: unknown): unknown {
    if (typeof input === "string") return carriesSecret(input) ? REDACTED : input;
    if (Array.isArray(input)) return input.map(value);
    if (typeof input === "object" && input !== null) {
      return Object.fromEntries(Object.entries(input).map(([key, member]) => [carriesSecret(key) ? REDACTED : key, value(member)]));
    }
    return input;
  }

  return { text, value };
}

/** Each decoder returns what `text` says once decoded, or undefined when it holds nothing in that encoding. */
const DECODERS: ReadonlyArray<(text: string) => string | undefined> = [
  // Backslash escapes, as in a JSON or JavaScript string written inside a string: \u0073, \x73, \/.
  (text) =>
    changed(
      text,
      text.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(.)/g, (_escape, u?: string, x?: string, other?: string) =>
        u !== undefined || x !== undefined ? String.fromCharCode(parseInt((u ?? x) as string, 16)) : (other as string),
      ),
    ),
  // URL encoding (%73), whole runs at a time so multi-byte UTF-8 decodes too.
  (text) => changed(text, text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => percentDecoded(run))),
  // HTML character references: &#115; &#x73;
  (text) =>
    changed(
      text,
      text.replace(/&#(?:[xX]([0-9a-fA-F]{1,6})|(\d{1,7}));/g, (reference, hex?: string, decimal?: string) => {
        const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
        return code <= 0x10ffff ? String.fromCodePoint(code) : reference;
      }),
    ),
  // Hex runs, read in both alignments (a run cut or padded by one digit still carries every byte after it).
  (text) => runsDecoded(text, /[0-9a-fA-F]{2,}/g, "0", 2, (run) => Buffer.from(run.slice(0, run.length - (run.length % 2)), "hex")),
  // Base64 and base64url runs, read in each of the four alignments: the secret may start at any byte of the
  // encoded data, and a run cut short at the front still holds it.
  (text) => runsDecoded(text, /[A-Za-z0-9+/_-]{4,}/g, "A", 4, (run) => Buffer.from(run, "base64")),
];

function changed(before: string, after: string): string | undefined {
  return after === before ? undefined : after;
}

function percentDecoded(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return Buffer.from(run.replace(/%/g, ""), "hex").toString("latin1");
  }
}

/** Every run of `runs` in `text`, decoded once per alignment: with 0 to alignments-1 `filler` digits before it. */
function runsDecoded(text: string, runs: RegExp, filler: string, alignments: number, decode: (run: string) => Buffer): string | undefined {
  const decoded: string[] = [];
  for (const [run] of text.matchAll(runs)) {
    for (let shift = 0; shift < alignments; shift++) decoded.push(decode(filler.repeat(shift) + run).toString("utf8"));
  }
  return decoded.length === 0 ? undefined : decoded.join("\n");
}
