import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";

export interface HostExchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * A request to `base` (the mock's http:// or https:// URL, always reached on 127.0.0.1) that says it is for `host`,
 * as a browser does for a page whose own name was rebound to 127.0.0.1. Over HTTPS the chain must still lead to
 * `ca`; only the name check is skipped, since the certificate names loopback and the Host header does not.
 */
export function requestWithHost(
  base: string,
  host: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; ca?: string } = {},
): Promise<HostExchange> {
  const url = new URL(path, base);
  const json = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers = { ...init.headers, Host: host, ...(json === undefined ? {} : { "Content-Type": "application/json" }) };
  const options = { method: init.method ?? (json === undefined ? "GET" : "POST"), headers, agent: false as const };
  return new Promise((resolve, reject) => {
    const onResponse = (incoming: import("node:http").IncomingMessage) => {
      let text = "";
      incoming.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text }));
    };
    const outgoing =
      url.protocol === "https:"
        ? httpsRequest(url, { ...options, ca: init.ca, checkServerIdentity: () => undefined }, onResponse)
        : httpRequest(url, options, onResponse);
    outgoing.on("error", reject);
    outgoing.end(json);
  });
}

/** An HTTP/1.0 GET without any Host header, which only a hand-written client sends. */
export function requestWithoutHost(base: string, path: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.0\r\n\r\n`));
    socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    socket.on("end", () => resolve(text)).on("error", reject);
  });
}
