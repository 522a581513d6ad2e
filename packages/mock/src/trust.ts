// Trusting the mock's CA inside one process, without NODE_EXTRA_CA_CERTS (which Node reads only at its start): an
// undici dispatcher whose only trust anchor is the CA, for Node's fetch and for clients that take one (Stytch's
// Node SDK has a `dispatcher` option), and a fetch that uses it.
import type { TLSSocket } from "node:tls";
import type { Dispatcher } from "undici";

/** An undici Agent that trusts `caPem` and nothing else: it reaches the mock, and refuses every other HTTPS host. */
export async function trustingDispatcher(caPem: string): Promise<Dispatcher> {
  // Loaded on first use, so that importing the mock for HTTP only costs nothing.
  const { Agent } = await import("undici");
  return new Agent({ connect: { ca: caPem } });
}

/** `fetch` with `dispatcher` unless the call chooses its own. */
export function trustingFetch(dispatcher: Dispatcher): typeof globalThis.fetch {
  return (input, init) => globalThis.fetch(input, { dispatcher, ...init } as RequestInit);
}

// Alerts a TLS client sends when it does not trust the certificate (curl, browsers, OpenSSL clients). Node's own
// client checks the certificate after the handshake and just closes, which the server sees as a reset.
const DISTRUST = new Set([
  "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
  "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
  "ECONNRESET",
]);
const HINT_INTERVAL_MS = 5000;

/** A `tlsClientError` listener that logs, at most every few seconds, one line saying how to trust the CA. */
export function tlsTrustHint(caPath: string, log: (line: string) => void): (error: NodeJS.ErrnoException, socket: TLSSocket) => void {
  let lastHint = 0;
  return (error) => {
    if (error.code === undefined || !DISTRUST.has(error.code)) return;
    const now = Date.now();
    if (now - lastHint < HINT_INTERVAL_MS) return;
    lastHint = now;
    const what =
      error.code === "ECONNRESET"
        ? "hung up during the handshake, as Node does when it does not trust the certificate"
        : `refused the certificate (${error.code})`;
    log(`TLS: a client ${what}: trust the mock's CA, e.g. NODE_EXTRA_CA_CERTS=${caPath} (in-process: the mock's dispatcher or caPem)`);
  };
}
