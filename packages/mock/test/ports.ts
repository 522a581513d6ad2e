import { createServer, type Server } from "node:net";

/** A TCP server on a free loopback port, to make that port busy. */
export function occupyPort(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("no port"));
      else resolve({ port: address.port, server });
    });
  });
}
