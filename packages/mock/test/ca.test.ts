// The lasting, name-constrained local CA (issue 19 item 3, issue 20 items 11 and 12), each promise tested as the
// attack or the user's step it answers. Every test uses a CA directory of its own under the temp dir: never the
// user's real cache.
import { execFile, spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer as createTlsServer, connect as tlsConnect, type PeerCertificate } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import stytch from "stytch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCaDir, removeLocalCa, startMock, type HttpsMockServer } from "../src/index.js";

const run = promisify(execFile);
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "sms-otp-mock-ca-test-"));
const CREDENTIALS = { project_id: "project-test-00000000-0000-0000-0000-000000000000", secret: "secret-test-ca-suite" };

afterAll(() => rmSync(work, { recursive: true, force: true }));

function freshDir(name: string): string {
  return join(work, name);
}

/** The certificate the server at `url` presents, fetched by a client that trusts `ca`. */
function peerCertificate(url: string, ca: string, servername = "localhost"): Promise<PeerCertificate> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: hostname, port: Number(port), ca, servername }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on("error", reject);
  });
}

describe("the local CA lasts across starts", () => {
  const caDir = freshDir("lasting");
  let first: HttpsMockServer;
  let firstServerCert: PeerCertificate;

  beforeAll(async () => {
    first = await startMock({ https: true, caDir });
    firstServerCert = await peerCertificate(first.httpsUrl, first.caPem);
    await first.stop();
  });

  it("a second start prints the same CA path and certificate, and only the server certificate is new", async () => {
    const second = await startMock({ https: true, caDir });
    try {
      expect(second.caPath).toBe(first.caPath);
      expect(second.caPath).toBe(join(caDir, "ca.pem"));
      expect(second.caPem).toBe(first.caPem);
      expect(readFileSync(second.caPath, "utf8")).toBe(first.caPem);
      const secondServerCert = await peerCertificate(second.httpsUrl, second.caPem);
      expect(secondServerCert.fingerprint256).not.toBe(firstServerCert.fingerprint256);
      expect(secondServerCert.issuer.CN).toBe(firstServerCert.issuer.CN);
    } finally {
      await second.stop();
    }
  });

  it("the CA directory holds the certificate and a key readable by its owner only (0600), in a 0700 directory", () => {
    expect(readdirSync(caDir).sort()).toEqual(["ca-key.pem", "ca.pem"]);
    expect(statSync(join(caDir, "ca-key.pem")).mode & 0o777).toBe(0o600);
    expect(statSync(caDir).mode & 0o777).toBe(0o700);
  });

  it("`openssl x509 -text` shows critical name constraints permitting only 127.0.0.1, ::1 and localhost", async () => {
    const { stdout } = await run("openssl", ["x509", "-in", join(caDir, "ca.pem"), "-noout", "-text"]);
    const constraints = /X509v3 Name Constraints: critical\n\s+Permitted:\n((?:\s+(?:IP|DNS):\S+\n?)+)/.exec(stdout);
    expect(constraints?.[1]?.trim().split(/\s+/)).toEqual([
      "IP:127.0.0.1/255.255.255.255",
      "IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF",
      "DNS:localhost",
    ]);
    expect(stdout).toMatch(/Basic Constraints: critical\n\s+CA:TRUE, pathlen:0/);
  });

  it("attack: a certificate for api.stytch.com signed with the CA's own key fails verification", async () => {
    const forged = join(work, "forged");
    const cases = [
      ["-subj", "/CN=api.stytch.com", "-addext", "subjectAltName=DNS:api.stytch.com"],
      ["-subj", "/CN=api.stytch.com"], // no subjectAltName: clients fall back to the common name
      ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:104.18.0.1"], // one good name, one not
    ];
    for (const [index, names] of cases.entries()) {
      // prettier-ignore
      const { stdout: pem } = await run("openssl", [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "-", "-out", "-",
        "-days", "1", "-CA", join(caDir, "ca.pem"), "-CAkey", join(caDir, "ca-key.pem"), ...names,
      ]);
      const certPath = `${forged}-${index}.pem`;
      writeFileSync(certPath, pem.slice(pem.indexOf("-----BEGIN CERTIFICATE")));
      const verified = run("openssl", ["verify", "-CAfile", join(caDir, "ca.pem"), certPath]);
      await expect(verified).rejects.toMatchObject({ stderr: expect.stringContaining("permitted subtree violation") });

      // And Node, trusting the CA as a client of the mock does, refuses a server presenting it as api.stytch.com.
      const key = pem.slice(pem.indexOf("-----BEGIN PRIVATE KEY"), pem.indexOf("-----BEGIN CERTIFICATE"));
      const server = createTlsServer({ key, cert: pem.slice(pem.indexOf("-----BEGIN CERTIFICATE")) }, (socket) => socket.end());
      server.on("tlsClientError", () => {});
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const address = server.address() as { port: number };
        const servername = index === 2 ? "localhost" : "api.stytch.com";
        const connected = peerCertificate(`https://127.0.0.1:${address.port}`, first.caPem, servername);
        await expect(connected).rejects.toThrow("permitted subtree violation");
      } finally {
        server.close();
      }
    }
  });

  it("refuses to use a CA key that others can read, naming the fix", async () => {
    const exposed = freshDir("exposed");
    await (await startMock({ https: true, caDir: exposed })).stop();
    chmodSync(join(exposed, "ca-key.pem"), 0o644);
    await expect(startMock({ https: true, caDir: exposed })).rejects.toThrow(
      `@sms-otp/mock: the CA key ${join(exposed, "ca-key.pem")} is readable by others (mode 0644); run "chmod 600 ${join(exposed, "ca-key.pem")}", or remove the CA with "sms-otp-mock ca remove"`,
    );
  });

  it("two mocks starting at once with no CA yet end up with one CA, and both serve certificates it signed", async () => {
    const racing = freshDir("racing");
    const mocks = await Promise.all([startMock({ https: true, caDir: racing }), startMock({ https: true, caDir: racing })]);
    try {
      const onDisk = readFileSync(join(racing, "ca.pem"), "utf8");
      for (const mock of mocks) {
        expect(mock.caPem).toBe(onDisk);
        await expect(peerCertificate(mock.httpsUrl, onDisk)).resolves.toMatchObject({ subject: { CN: "localhost" } });
      }
      expect(readdirSync(work).filter((name) => name.includes(".new-"))).toEqual([]);
    } finally {
      await Promise.all(mocks.map((mock) => mock.stop()));
    }
  });

  it("removeLocalCa deletes the certificate, the key and the directory; the next start makes a new CA", async () => {
    const removable = freshDir("removable");
    const before = await startMock({ https: true, caDir: removable });
    await before.stop();
    expect(removeLocalCa(removable)).toBe(true);
    expect(existsSync(removable)).toBe(false);
    expect(removeLocalCa(removable)).toBe(false);
    const after = await startMock({ https: true, caDir: removable });
    await after.stop();
    expect(after.caPem).not.toBe(before.caPem);
  });

  it("defaultCaDir: $SMS_OTP_MOCK_CA_DIR, else $XDG_CACHE_HOME/sms-otp-mock, else ~/.cache/sms-otp-mock", () => {
    expect(defaultCaDir({ SMS_OTP_MOCK_CA_DIR: "/somewhere/ca" })).toBe("/somewhere/ca");
    expect(defaultCaDir({ XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/sms-otp-mock");
    if (process.platform === "linux") expect(defaultCaDir({})).toMatch(/\/\.cache\/sms-otp-mock$/);
  });
});

describe("no key outlives its use", () => {
  it("attack: SIGKILL right after start leaves nothing in the temp dir, and nothing but the lasting CA on disk", async () => {
    const temp = mkdtempSync(join(work, "tmp-"));
    const caDir = freshDir("killed");
    const child = spawn(process.execPath, [CLI, "--port", "0", "--https-port", "0", "--json", "--ca-dir", caDir], {
      env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    for (let waited = 0; !stdout.includes("\n") && child.exitCode === null && waited < 60_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ready = JSON.parse(stdout.split("\n")[0] as string) as { caPath: string };
    expect(ready.caPath).toBe(join(caDir, "ca.pem"));
    child.kill("SIGKILL");
    await exited;
    expect(readdirSync(temp)).toEqual([]);
    expect(readdirSync(caDir).sort()).toEqual(["ca-key.pem", "ca.pem"]);
  });

  it("the server certificate's key is never written: the certificate on the wire is not in any file of the CA dir", async () => {
    const caDir = freshDir("server-key");
    const mock = await startMock({ https: true, caDir });
    try {
      const served = await peerCertificate(mock.httpsUrl, mock.caPem);
      const onDisk = readdirSync(caDir).map((name) => readFileSync(join(caDir, name), "utf8"));
      expect(onDisk.some((text) => text.includes(served.raw.toString("base64").slice(0, 64)))).toBe(false);
      expect(new X509Certificate(served.raw).checkIssued(new X509Certificate(mock.caPem))).toBe(true);
    } finally {
      await mock.stop();
    }
  });
});

describe("in-process trust, without NODE_EXTRA_CA_CERTS", () => {
  const logLines: string[] = [];
  let mock: HttpsMockServer;

  beforeAll(async () => {
    delete process.env["NODE_TLS_REJECT_UNAUTHORIZED"];
    mock = await startMock({ https: true, caDir: freshDir("in-process"), onLog: (line) => logLines.push(line) });
  });

  afterAll(() => mock?.stop());

  it("Stytch's official SDK sends over HTTPS with the mock's dispatcher", async () => {
    const client = new stytch.Client({ ...CREDENTIALS, custom_base_url: mock.httpsUrl, dispatcher: mock.dispatcher });
    const sent = await client.otps.sms.send({ phone_number: "+10000000000" });
    expect(sent).toMatchObject({ status_code: 200, phone_id: expect.stringMatching(/^phone-number-test-/) });
  });

  it("without it the SDK fails, and the mock logs one line saying what to set", async () => {
    const client = new stytch.Client({ ...CREDENTIALS, custom_base_url: mock.httpsUrl });
    await expect(client.otps.sms.send({ phone_number: "+10000000000" })).rejects.toThrow();
    for (let waited = 0; waited < 5000 && !logLines.some((line) => line.startsWith("TLS:")); waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logLines.filter((line) => line.startsWith("TLS:"))).toEqual([
      `TLS: a client hung up during the handshake, as Node does when it does not trust the certificate: trust the mock's CA, e.g. NODE_EXTRA_CA_CERTS=${mock.caPath} (in-process: the mock's dispatcher or caPem)`,
    ]);
  });

  it("a client that sends TLS's unknown-CA alert (curl) gets the same one-line hint, naming the alert", async () => {
    const lines: string[] = [];
    const other = await startMock({ https: true, caDir: freshDir("alerted"), onLog: (line) => lines.push(line) });
    try {
      const curl = run("curl", ["-sS", "--cacert", mock.caPath, `${other.httpsUrl}/v1/otps/sms/send`]);
      await expect(curl).rejects.toMatchObject({ code: 60 });
      for (let waited = 0; waited < 5000 && lines.length === 0; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(lines).toEqual([
        `TLS: a client refused the certificate (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA): trust the mock's CA, e.g. NODE_EXTRA_CA_CERTS=${other.caPath} (in-process: the mock's dispatcher or caPem)`,
      ]);
    } finally {
      await other.stop();
    }
  });

  it("mock.fetch reaches the HTTPS URL; the dispatcher trusts nothing but the mock's CA", async () => {
    const response = await mock.fetch(`${mock.httpsUrl}/v1/otps/sms/send`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from("project-test-x:secret-test-x").toString("base64")}` },
      body: JSON.stringify({ phone_number: "+10000000000" }),
    });
    expect(response.status).toBe(200);
    // A server whose certificate chains to a CA other than the mock's: the dispatcher must refuse it.
    const other = await startMock({ https: true, caDir: freshDir("other-ca") });
    try {
      await expect(mock.fetch(`${other.httpsUrl}/v1/otps/sms/send`, { method: "POST" })).rejects.toMatchObject({
        cause: { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" },
      });
    } finally {
      await other.stop();
    }
  });
});
