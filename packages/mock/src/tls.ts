// The mock's local certificate authority, as mkcert keeps one: made once per user in a directory of its own, reused
// at every start so a CA that a client trusts stays valid across restarts. Its certificate is name-constrained to
// 127.0.0.1, ::1 and localhost, so even a stolen key cannot sign a certificate that a client trusting it accepts for
// any other host (api.stytch.com, say). Only the server certificate is new at each start, and its private key never
// touches the disk: openssl writes it to a pipe. Node cannot create certificates, hence openssl.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";

/** The environment variable that chooses the CA directory (the command line's --ca-dir wins over it). */
export const CA_DIR_ENV = "SMS_OTP_MOCK_CA_DIR";
export const CA_CERT_FILE = "ca.pem";
export const CA_KEY_FILE = "ca-key.pem";

export interface LocalCa {
  dir: string;
  /** The CA certificate (PEM): what clients trust, e.g. as NODE_EXTRA_CA_CERTS. */
  certPath: string;
  certPem: string;
  /** Read by openssl only, to sign each start's server certificate. Mode 0600 in a 0700 directory. */
  keyPath: string;
}

export interface ServerCertificate {
  /** PEM, held in memory only. */
  key: string;
  cert: string;
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const CA_DAYS = "3650";
// The server certificate lives as long as one run of the mock; a month covers any run.
const SERVER_DAYS = "30";
const LOOPBACK_NAMES = "IP:127.0.0.1,IP:::1,DNS:localhost";
const NAME_CONSTRAINTS =
  "nameConstraints=critical,permitted;IP:127.0.0.1/255.255.255.255," +
  "permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,permitted;DNS:localhost";

/** `$SMS_OTP_MOCK_CA_DIR`, else the user's cache directory: `$XDG_CACHE_HOME` or `~/.cache` (macOS: `~/Library/Caches`). */
export function defaultCaDir(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env[CA_DIR_ENV];
  if (chosen !== undefined && chosen !== "") return chosen;
  const xdg = env["XDG_CACHE_HOME"];
  const cache = xdg !== undefined && xdg !== "" ? xdg : process.platform === "darwin" ? join(homedir(), "Library", "Caches") : join(homedir(), ".cache");
  return join(cache, "sms-otp-mock");
}

/** The CA in `dir`, made there first if the directory is missing or empty. */
export function ensureLocalCa(dir: string): LocalCa {
  const certPath = join(dir, CA_CERT_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  if (!existsSync(certPath) || !existsSync(keyPath)) makeLocalCa(dir);
  const keyMode = statSync(keyPath).mode & 0o777;
  if ((keyMode & 0o077) !== 0) {
    throw new Error(
      `@sms-otp/mock: the CA key ${keyPath} is readable by others (mode 0${keyMode.toString(8)}); ` +
        `run "chmod 600 ${keyPath}", or remove the CA with "sms-otp-mock ca remove"`,
    );
  }
  const certPem = readFileSync(certPath, "utf8");
  const validTo = new Date(new X509Certificate(certPem).validTo);
  if (validTo.getTime() < Date.now()) {
    throw new Error(`@sms-otp/mock: the CA ${certPath} expired on ${validTo.toISOString()}; remove it with "sms-otp-mock ca remove"`);
  }
  return { dir, certPath, certPem, keyPath };
}

/** Removes the CA's files and then `dir` if nothing else is in it; false when there was no CA. */
export function removeLocalCa(dir: string): boolean {
  const files = [CA_CERT_FILE, CA_KEY_FILE].map((name) => join(dir, name)).filter((path) => existsSync(path));
  for (const path of files) rmSync(path, { force: true });
  try {
    rmdirSync(dir);
  } catch {
    // Not empty or already gone: the directory is not ours to empty.
  }
  return files.length > 0;
}

/** A certificate for 127.0.0.1, ::1 and localhost, signed by `ca`; its key exists only in the returned string. */
export function makeServerCertificate(ca: LocalCa): ServerCertificate {
  // prettier-ignore
  const pem = openssl([
    "req", "-x509", ...EC_KEY, "-keyout", "-", "-out", "-", "-days", SERVER_DAYS, "-CA", ca.certPath, "-CAkey", ca.keyPath,
    "-subj", "/CN=localhost",
    "-addext", "basicConstraints=critical,CA:FALSE", "-addext", "keyUsage=critical,digitalSignature",
    "-addext", "extendedKeyUsage=serverAuth", "-addext", `subjectAltName=${LOOPBACK_NAMES}`,
  ]);
  return { key: pemBlock(pem, "PRIVATE KEY"), cert: pemBlock(pem, "CERTIFICATE") };
}

function makeLocalCa(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  // Made beside `dir` and renamed into place: two mocks starting at once both end up with the same CA, never a
  // certificate from one and a key from the other.
  const staging = mkdtempSync(join(dirname(dir), `.${basename(dir)}.new-`));
  try {
    const user = `${process.env["USER"] ?? "user"}`.replace(/[^\w.@-]/g, "");
    // prettier-ignore
    openssl([
      "req", "-x509", ...EC_KEY, "-keyout", join(staging, CA_KEY_FILE), "-out", join(staging, CA_CERT_FILE),
      "-days", CA_DAYS, "-subj", `/O=sms-otp mock (development only)/CN=sms-otp mock local CA ${user}`,
      "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      "-addext", NAME_CONSTRAINTS,
    ]);
    try {
      renameSync(staging, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const lost = (code === "ENOTEMPTY" || code === "EEXIST") && existsSync(join(dir, CA_CERT_FILE)) && existsSync(join(dir, CA_KEY_FILE));
      if (lost) return;
      if (code === "ENOTEMPTY" || code === "EEXIST") {
        throw new Error(`@sms-otp/mock: ${dir} is not empty and holds no CA of the mock; choose a new or empty directory for the CA`);
      }
      throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function pemBlock(pem: string, label: string): string {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = pem.indexOf(begin);
  const stop = pem.indexOf(end, start);
  if (start < 0 || stop < 0) throw new Error(`@sms-otp/mock: cannot make the HTTPS certificate (openssl printed no ${label})`);
  return `${pem.slice(start, stop + end.length)}\n`;
}

function openssl(args: string[]): string {
  try {
    return execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    const reason = code === "ENOENT" ? "openssl is not installed" : `openssl ${args[0]} failed: ${String(stderr ?? "").trim().split("\n").at(-1)}`;
    throw new Error(`@sms-otp/mock: cannot make the HTTPS certificate (${reason})`);
  }
}
