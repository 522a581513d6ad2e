import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:net";

/** Command lines of the running processes whose command line contains `text` (pgrep -f). */
export function processesMatching(text: string): string[] {
  try {
    return execFileSync("pgrep", ["-a", "-f", text], { encoding: "utf8" }).trim().split("\n");
  } catch (error) {
    // pgrep exits 1 when nothing matches.
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
}

/** Whether any process of the group led by `pid` is alive. */
export function groupIsAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

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
