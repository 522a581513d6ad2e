import { createServer } from "node:https";

/**
 * A stand-in for Stytch on 127.0.0.1 over HTTPS: answers both send paths with the contract's 200 example, and
 * anything else (wrong path, no Basic auth, a body that is not a JSON object) with a Stytch error, which makes
 * every variant throw, so a broken program cannot pass for a fast one.
 * @param {{ key: Buffer, cert: Buffer }} tls
 * @param {Record<string, string>} bodies JSON text by path
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startStytchStandIn(tls, bodies) {
  const server = createServer({ ...tls, keepAliveTimeout: 60_000 }, (request, response) => {
    /** @type {Buffer[]} */
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = bodies[request.url ?? ""];
      const ok =
        request.method === "POST" &&
        body !== undefined &&
        request.headers.authorization?.startsWith("Basic ") === true &&
        isJsonObject(Buffer.concat(chunks).toString("utf8"));
      const text = ok ? /** @type {string} */ (body) : unexpected(`${request.method} ${request.url}`);
      response.writeHead(ok ? 200 : 400, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
      });
      response.end(text);
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `https://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** @param {string} text */
function isJsonObject(text) {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** @param {string} what */
function unexpected(what) {
  return JSON.stringify({
    status_code: 400,
    request_id: "request-id-test-bench",
    error_type: "bench_unexpected_request",
    error_message: `The benchmark server did not expect ${what} (or it lacked Basic auth or a JSON body).`,
    error_url: "https://stytch.com/docs/api/errors/400",
  });
}
