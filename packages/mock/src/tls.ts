// A certificate authority and a server certificate for 127.0.0.1 and localhost, made at start with openssl (Node
// cannot create certificates). A separate CA, rather than one self-signed server certificate, is what strict TLS
// clients accept as a trust anchor; clients trust it through NODE_EXTRA_CA_CERTS (Node) or their CA bundle option.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface LoopbackCertificate {
  key: Buffer;
  cert: Buffer;
  /** PEM of the CA that signed `cert`: what clients must trust. */
  caPath: string;
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const DAYS = "30";

/** Writes the CA and server key pairs into `dir` (which the caller owns and removes). */
export function makeLoopbackCertificate(dir: string): LoopbackCertificate {
  const file = (name: string) => join(dir, name);
  writeFileSync(
    file("server.ext"),
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
      "",
    ].join("\n"),
  );
  // prettier-ignore
  openssl([
    "req", "-x509", ...EC_KEY, "-keyout", file("ca-key.pem"), "-out", file("ca.pem"), "-days", DAYS,
    "-subj", "/CN=sms-otp mock local CA",
    "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  // prettier-ignore
  openssl(["req", "-new", ...EC_KEY, "-keyout", file("server-key.pem"), "-out", file("server.csr"), "-subj", "/CN=127.0.0.1"]);
  // prettier-ignore
  openssl([
    "x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca-key.pem"),
    "-set_serial", `0x${Date.now().toString(16)}`, "-days", DAYS, "-extfile", file("server.ext"), "-out", file("server.pem"),
  ]);
  return { key: readFileSync(file("server-key.pem")), cert: readFileSync(file("server.pem")), caPath: file("ca.pem") };
}

function openssl(args: string[]): void {
  try {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: Buffer };
    const reason = code === "ENOENT" ? "openssl is not installed" : `openssl ${args[0]} failed: ${String(stderr ?? "").trim().split("\n")[0]}`;
    throw new Error(`@sms-otp/mock: cannot make the HTTPS certificate (${reason})`);
  }
}
