// Serves dist/ on 127.0.0.1 with node:http only, so `pnpm docs:serve` needs no server dependency. Text is sent
// gzipped to a browser that accepts it, as GitHub Pages sends it.
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { CONSOLE_FILE, DEFAULT_GATEWAY_URL } from "./pages.mjs";

const DEFAULT_ROOT = fileURLToPath(new URL("../dist/", import.meta.url));

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

const gzipAsync = promisify(gzip);
const COMPRESSIBLE = new Set([".html", ".js", ".yaml", ".json", ".svg"]);
// The build names its scripts after a hash of their content (redoc.<hash>.js), so a cached copy is never stale.
const CONTENT_ADDRESSED = /\.[0-9a-f]{12}\.js$/;

/**
 * A static file server for `root`, at `basePath` (`/` or a sub-path such as `/sms-otp/`, as GitHub Pages serves a
 * project); call `.listen(port, "127.0.0.1")` on it. With `gatewayUrl`, the console it serves calls that gateway
 * unless its reader chose another (a function is asked on each request: for a gateway started after the server).
 * @param {string} [root]
 * @param {{ basePath?: string, gatewayUrl?: string | (() => string) }} [options]
 */
export function createDocsServer(root = DEFAULT_ROOT, { basePath = "/", gatewayUrl } = {}) {
  const gatewayNow = () => {
    const url = typeof gatewayUrl === "function" ? gatewayUrl() : gatewayUrl;
    if (url !== undefined && !/^https?:\/\/[^\s"<>&]+$/.test(url)) throw new Error(`gatewayUrl must be an http(s) URL: ${url}`);
    return url;
  };
  if (typeof gatewayUrl === "string") gatewayNow();
  /** @param {string} file @param {Buffer} body @param {string | undefined} gateway */
  const withGateway = (file, body, gateway) =>
    gateway === undefined || !file.endsWith(`${sep}${CONSOLE_FILE}`)
      ? body
      : Buffer.from(body.toString("utf8").replace(`<meta name="sms-otp-gateway" content="${DEFAULT_GATEWAY_URL}">`, `<meta name="sms-otp-gateway" content="${gateway}">`));
  /** @type {Map<string, { version: string, body: Promise<Buffer> }>} gzipped files, by path */
  const compressed = new Map();
  /** @param {string} file @param {number} mtimeMs @param {string | undefined} gateway */
  const gzipped = (file, mtimeMs, gateway) => {
    const version = `${mtimeMs} ${gateway}`;
    const cached = compressed.get(file);
    if (cached?.version === version) return cached.body;
    const body = readFile(file).then((raw) => gzipAsync(withGateway(file, raw, gateway)));
    compressed.set(file, { version, body });
    return body;
  };
  if (!basePath.startsWith("/") || !basePath.endsWith("/")) throw new Error(`basePath must start and end with /: ${basePath}`);
  return createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (!pathname.startsWith(basePath)) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    const relativePath = pathname.slice(basePath.length - 1);
    const file = normalize(join(root, relativePath.endsWith("/") ? `${relativePath}index.html` : relativePath));
    // normalize() resolves "..", so anything outside root was an attempt to escape it.
    if (!file.startsWith(normalize(root.endsWith(sep) ? root : root + sep))) {
      response.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error("not a file");
      const type = extname(file);
      const useGzip = COMPRESSIBLE.has(type) && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      const gateway = gatewayNow();
      const body = useGzip ? await gzipped(file, info.mtimeMs, gateway) : withGateway(file, await readFile(file), gateway);
      response.writeHead(200, {
        "Content-Type": CONTENT_TYPES[type] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": CONTENT_ADDRESSED.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
        ...(COMPRESSIBLE.has(type) ? { Vary: "Accept-Encoding" } : {}),
        ...(useGzip ? { "Content-Encoding": "gzip" } : {}),
      });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(DEFAULT_ROOT, "index.html"))) {
    console.error("docs: dist/index.html is missing: run `pnpm --filter @sms-otp/docs build` first (`pnpm docs:serve` does).");
    process.exit(1);
  }
  const port = Number(process.env.DOCS_PORT ?? 8080);
  // ./scripts/start passes the gateway's port, so the console calls the gateway started beside it.
  const gatewayPort = process.env.GATEWAY_PORT;
  if (gatewayPort !== undefined && !/^\d+$/.test(gatewayPort)) {
    console.error(`docs: GATEWAY_PORT must be a port number, not "${gatewayPort}"`);
    process.exit(1);
  }
  const server = createDocsServer(DEFAULT_ROOT, gatewayPort === undefined ? {} : { gatewayUrl: `http://127.0.0.1:${gatewayPort}` });
  server.on("error", (/** @type {NodeJS.ErrnoException} */ error) => {
    const hint = error.code === "EADDRINUSE" ? `: port ${port} is taken, set DOCS_PORT to another one` : "";
    console.error(`docs: cannot listen on 127.0.0.1:${port}${hint} (${error.message})`);
    process.exit(1);
  });
  server.listen(port, "127.0.0.1", () => {
    const { port: listening } = /** @type {import("node:net").AddressInfo} */ (server.address());
    console.log(`API docs at http://127.0.0.1:${listening}/`);
    if (existsSync(join(DEFAULT_ROOT, CONSOLE_FILE))) {
      console.log(`Try-it console at http://127.0.0.1:${listening}/${CONSOLE_FILE}${gatewayPort === undefined ? "" : ` (calling the gateway on port ${gatewayPort})`}`);
    }
  });
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.on(signal, () => {
      // closeAllConnections drops idle keep-alive sockets that would otherwise hold close() open.
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}
