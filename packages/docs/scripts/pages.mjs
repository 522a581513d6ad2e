// Names the build and the docs server share.

export const CONSOLE_FILE = "console.html";
// The gateway's own default (packages/gateway: 127.0.0.1, GATEWAY_PORT 8787), which the built console calls; the
// docs server can name another (createDocsServer's gatewayUrl).
export const DEFAULT_GATEWAY_URL = "http://127.0.0.1:8787";
