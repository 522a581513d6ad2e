// Serves dist/ on 127.0.0.1 with node:http only, so `pnpm docs:serve` needs no server dependency.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const DEFAULT_ROOT = fileURLToPath(new URL("../dist/", import.meta.url));

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * A static file server for `root`, at `basePath` (`/` or a sub-path such as `/sms-otp/`, as GitHub Pages serves a
 * project); call `.listen(port, "127.0.0.1")` on it.
 * @param {string} [root]
 * @param {{ basePath?: string }} [options]
 */
export function createDocsServer(root = DEFAULT_ROOT, { basePath = "/" } = {}) {
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
      const body = await readFile(file);
      response.writeHead(200, {
        "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-cache",
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
  const server = createDocsServer();
  server.on("error", (/** @type {NodeJS.ErrnoException} */ error) => {
    const hint = error.code === "EADDRINUSE" ? `: port ${port} is taken, set DOCS_PORT to another one` : "";
    console.error(`docs: cannot listen on 127.0.0.1:${port}${hint} (${error.message})`);
    process.exit(1);
  });
  server.listen(port, "127.0.0.1", () => {
    console.log(`API docs at http://127.0.0.1:${port}/`);
    if (existsSync(join(DEFAULT_ROOT, "console.html"))) console.log(`Try-it console at http://127.0.0.1:${port}/console.html`);
  });
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.on(signal, () => {
      // closeAllConnections drops idle keep-alive sockets that would otherwise hold close() open.
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}
