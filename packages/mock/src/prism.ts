// Prism as a library: it routes, picks the documented example and checks that the answer matches its schema (what
// the CLI's --errors does). Requests reach it only after the front has read, bounded, authenticated and validated
// them, so its own request validation and security check are off, and it never sees a body that could hurt it.

export interface PrismRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** A status and an example name to answer with; Prism's default (the first 2xx example) when absent. */
  code?: number | undefined;
  exampleKey?: string | undefined;
}

export type PrismAnswer =
  | { ok: true; status: number; headers: Record<string, string>; body: unknown }
  | { ok: false; reason: string };

export interface PrismEngine {
  answer(request: PrismRequest): Promise<PrismAnswer>;
}

// Prism logs every request and response through this (pino in the CLI); the front writes its own one-line log.
const silentLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  success: () => {},
  warn: () => {},
  error: () => {},
  fatal: () => {},
  child: () => silentLogger,
};

const CONFIG = {
  checkSecurity: false,
  validateRequest: false,
  validateResponse: true,
  errors: true,
  upstreamProxy: undefined,
  isProxy: false as const,
  mock: { dynamic: false },
};

/** Reads the operations from `document` (a private copy: Prism dereferences in place) once. */
export async function createPrismEngine(document: unknown): Promise<PrismEngine> {
  // Loaded here, not at import: Prism takes about 1.5 s to load, which importers of @sms-otp/mock that never
  // start a mock (the bench's command line, say) should not pay.
  const { default: prismHttp } = await import("@stoplight/prism-http");
  const operations = await prismHttp.getHttpOperationsFromSpec(structuredClone(document) as object);
  const prism = prismHttp.createInstance(CONFIG, { logger: silentLogger as never });
  return {
    async answer({ method, path, headers, body, code, exampleKey }) {
      const input = { method: method.toLowerCase() as "post", url: { path }, headers, body };
      const mock = { dynamic: false, ...(code === undefined ? {} : { code }), ...(exampleKey === undefined ? {} : { exampleKey }) };
      const result = await prism.request(input, operations, { ...CONFIG, mock })();
      if (result._tag === "Left") return { ok: false, reason: result.left.message };
      const { output, validations } = result.right;
      const broken = validations.output.filter((diagnostic) => diagnostic.severity === 0);
      if (broken.length > 0) {
        const where = broken.map((diagnostic) => `${(diagnostic.path ?? []).join(".")} ${diagnostic.message}`).join("; ");
        return { ok: false, reason: `the documented answer breaks its own schema: ${where}` };
      }
      return { ok: true, status: output.statusCode, headers: output.headers ?? {}, body: output.body };
    },
  };
}
