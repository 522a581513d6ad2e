import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { Dispatcher } from "undici";
import { bundlePath, loadContract } from "@sms-otp/spec/contract";
import { DEFAULT_BODY_LIMITS, DEFAULT_REQUEST_TIMEOUT_MS, parseHost, printable, timeoutOptions, type BodyLimits } from "./guards.js";
import { createControlPlane } from "./control.js";
import { createPrismEngine } from "./prism.js";
import { createFront } from "./server.js";
import { createStatefulMock } from "./state/index.js";
import { defaultCaDir, ensureLocalCa, makeServerCertificate } from "./tls.js";
import { tlsTrustHint, trustingDispatcher, trustingFetch } from "./trust.js";

export { DEFAULT_BODY_LIMITS, type BodyLimits } from "./guards.js";
export { CA_DIR_ENV, defaultCaDir, removeLocalCa } from "./tls.js";
export { trustingDispatcher, trustingFetch } from "./trust.js";
export { MOCK_ERRORS, type MockErrorType, type StytchErrorEnvelope } from "./envelope.js";
export {
  mockControl,
  type MockConfig,
  type MockConfigChange,
  type MockControl,
  type MockControlOptions,
  type MockMessage,
  type MockMessageStatus,
  type WaitOptions,
} from "./control-client.js";
export { DEFAULT_RULES_CONFIG, type RulesConfig } from "./state/config.js";
export { MAX_PROJECTS, PROJECT_CAPS } from "./state/store.js";

export interface StartMockOptions {
  /** HTTP port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1 so the mock is never reachable from other machines. */
  host?: string;
  /**
   * Also serve HTTPS, with a certificate for 127.0.0.1, ::1 and localhost made at start and signed by the lasting
   * local CA in `caDir`.
   */
  https?: boolean;
  /** HTTPS port; 0 or absent picks a free one. */
  httpsPort?: number;
  /**
   * Where the local CA lives, made on first use and reused after: defaults to `$SMS_OTP_MOCK_CA_DIR`, else the
   * user's cache directory (`defaultCaDir()`). Tests should pass a temporary directory.
   */
  caDir?: string;
  /** The OpenAPI bundle to serve; defaults to the contract shipped with the mock. Read once, at start. */
  specPath?: string;
  /** Receives one line per request (method, path, status, time, request id); by default nothing is logged. */
  onLog?: (line: string) => void;
  /** Like onLog, each line ending in a newline (the option of earlier versions). */
  onOutput?: (text: string) => void;
  /** Exact origins (`https://app.example.test`) CORS allows besides loopback ones. */
  corsOrigins?: readonly string[];
  /**
   * Host headers answered besides loopback ones (127.0.0.1, localhost, [::1], any port), as `name` (any port) or
   * `name:port`, e.g. `mock:4010` for a docker-compose service. Any other Host gets 421 `host_not_allowed`.
   */
  allowedHosts?: readonly string[];
  /** Bounds on request bodies; see DEFAULT_BODY_LIMITS. */
  limits?: Partial<BodyLimits>;
  /** How long a client may take to send a whole request before it gets 408; defaults to 30 s (headers: 10 s). */
  requestTimeoutMs?: number;
}

export interface MockServer {
  /** HTTP base URL without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** HTTPS base URL when `https` was asked for, e.g. `https://127.0.0.1:4443`. */
  httpsUrl: string | undefined;
  /** The CA certificate file to trust for httpsUrl, e.g. as NODE_EXTRA_CA_CERTS. It lasts: the same at every start. */
  caPath: string | undefined;
  /** The same CA certificate as PEM text, for clients that take a `ca` option. */
  caPem: string | undefined;
  /**
   * An undici dispatcher that trusts the mock's CA (and only it), for Node's fetch and clients that take one, such as
   * Stytch's SDK: `new stytch.Client({ ..., custom_base_url: mock.httpsUrl, dispatcher: mock.dispatcher })`.
   */
  dispatcher: Dispatcher | undefined;
  /** `fetch` with that dispatcher: reaches httpsUrl (and url) without NODE_EXTRA_CA_CERTS. */
  fetch: typeof globalThis.fetch;
  /** The bundle being served. */
  specPath: string;
  /** Stops listening and closes every connection (the dispatcher's too). Safe to call more than once. */
  stop(): Promise<void>;
}

/** What `startMock({ https: true })` resolves with: every HTTPS field is there. */
export interface HttpsMockServer extends MockServer {
  httpsUrl: string;
  caPath: string;
  caPem: string;
  dispatcher: Dispatcher;
}

/** Where `pnpm build` writes the bundled contract, the one input of the mock. */
export function defaultSpecPath(): string {
  return bundlePath();
}

export async function startMock(options: StartMockOptions & { https: true }): Promise<HttpsMockServer>;
export async function startMock(options?: StartMockOptions): Promise<MockServer>;
export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const allowedHosts = options.allowedHosts ?? [];
  const badHost = allowedHosts.find((allowed) => parseHost(allowed) === undefined);
  if (badHost !== undefined) throw new Error(`@sms-otp/mock: allowedHosts: "${printable(badHost, 120)}" is not a host name or name:port`);
  const specPath = resolve(options.specPath ?? defaultSpecPath());
  // The contract and Prism's operations are read here, once: rebuilding the bundle never disturbs a running mock.
  const contract = loadContract(specPath);
  if (contract.operations.length === 0) throw new Error(`@sms-otp/mock: ${specPath} declares no operations to serve`);
  const prism = await createPrismEngine(contract.document).catch((error: unknown) => {
    throw new Error(`@sms-otp/mock: Prism cannot read ${specPath}: ${(error as Error).message}`);
  });
  const { onLog, onOutput } = options;
  const log = onLog ?? (onOutput === undefined ? undefined : (line: string) => onOutput(`${line}\n`));
  const state = createStatefulMock(contract);
  const front = createFront({
    contract,
    prism,
    state,
    control: createControlPlane(state),
    limits: { ...DEFAULT_BODY_LIMITS, ...options.limits },
    corsOrigins: options.corsOrigins ?? [],
    allowedHosts,
    log,
  });

  // Slow or stuck clients must not hold a connection for Node's default five minutes.
  const serverOptions = timeoutOptions(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const servers: Server[] = [];
  let dispatcher: Dispatcher | undefined;
  const stop = async () => {
    await Promise.all(servers.splice(0).map(close));
    await dispatcher?.close();
  };
  try {
    const http = createHttpServer(serverOptions, front.handleRequest);
    servers.push(http);
    const url = await listen(http, host, options.port ?? 0, "http");
    let httpsUrl: string | undefined;
    let caPath: string | undefined;
    let caPem: string | undefined;
    if (options.https === true) {
      const ca = ensureLocalCa(resolve(options.caDir ?? defaultCaDir()));
      const certificate = makeServerCertificate(ca);
      const https = createHttpsServer({ ...serverOptions, key: certificate.key, cert: certificate.cert }, front.handleRequest);
      // The one hint a developer needs when a client fails with no more than "fetch failed": with no log, stderr.
      https.on("tlsClientError", tlsTrustHint(ca.certPath, log ?? ((line) => process.stderr.write(`${line}\n`))));
      servers.push(https);
      httpsUrl = await listen(https, host, options.httpsPort ?? 0, "https");
      caPath = ca.certPath;
      caPem = ca.certPem;
      dispatcher = await trustingDispatcher(caPem);
    }
    let stopping: Promise<void> | undefined;
    const fetch = dispatcher === undefined ? globalThis.fetch : trustingFetch(dispatcher);
    return { url, httpsUrl, caPath, caPem, dispatcher, fetch, specPath, stop: () => (stopping ??= stop()) };
  } catch (error) {
    await stop();
    throw error;
  }

  function listen(server: Server, listenHost: string, port: number, scheme: "http" | "https"): Promise<string> {
    server.on("clientError", front.handleClientError);
    return new Promise((resolveUrl, rejectListen) => {
      server.once("error", (error: NodeJS.ErrnoException) => {
        rejectListen(new Error(`@sms-otp/mock: cannot listen on ${formatHost(listenHost)}:${port} (${error.code ?? error.message})`));
      });
      server.listen(port, listenHost, () => {
        const { port: actual } = server.address() as AddressInfo;
        resolveUrl(`${scheme}://${formatHost(listenHost)}:${actual}`);
      });
    });
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    if (!server.listening) {
      resolveClose();
      return;
    }
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
