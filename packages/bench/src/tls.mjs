import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BenchError } from "./util.mjs";

/**
 * A throwaway self-signed certificate for 127.0.0.1. Node cannot create certificates itself, hence openssl.
 * @param {string} dir scratch directory, removed by the caller
 * @returns {{ key: Buffer, cert: Buffer, certPath: string }}
 */
export function makeLoopbackCertificate(dir) {
  const keyPath = join(dir, "loopback-key.pem");
  const certPath = join(dir, "loopback-cert.pem");
  // prettier-ignore
  const args = [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyPath, "-out", certPath, "-days", "1",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  ];
  try {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const reason = /** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT" ? "openssl is not installed" : "openssl failed";
    throw new BenchError(`${reason}; it makes the certificate of the loopback HTTPS server (stytch accepts only https:// base URLs)`);
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath };
}
