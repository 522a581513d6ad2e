// `pnpm drift` against the installed `stytch` (the catalog's version): it passes on this contract, and each kind of
// change it exists to catch fails it with a line naming the field path. The changed contracts are this bundle
// with one edit, written to a temporary file and read through the same contract module.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { stringify } from "yaml";
import { loadContract, type Contract, type JsonObject } from "../src/contract.js";
import { checkDrift, installedSdkDir, methodSites, readBaseline, type BaselineEntry } from "../src/drift.js";
import { repositoryRoot } from "./commands.js";

const specDir = join(import.meta.dirname, "..");
const baselineFile = join(specDir, "drift-baseline.yaml");
const baseline = readBaseline(baselineFile);
const contract = loadContract();
const sdkDir = installedSdkDir();
const scratch = mkdtempSync(join(tmpdir(), "drift-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let written = 0;
/** This contract with one edit of its parsed document, as a contract of its own. */
function changedContract(edit: (document: JsonObject) => void): Contract {
  const document = structuredClone(contract.document) as JsonObject;
  edit(document);
  const file = join(scratch, `openapi-${++written}.yaml`);
  writeFileSync(file, stringify(document));
  return loadContract(file);
}

const schemaOf = (document: JsonObject, name: string) =>
  ((document["components"] as JsonObject)["schemas"] as Record<string, JsonObject>)[name]!;
const propertiesOf = (schema: JsonObject) => schema["properties"] as Record<string, JsonObject>;

// Reading the SDK is a TypeScript program over its declarations: seconds, many more on a loaded machine.
const SDK_READ_TIMEOUT = 120_000;

describe("pnpm drift", { timeout: SDK_READ_TIMEOUT }, () => {
  it("passes on this contract: every difference is in the baseline, and every baseline entry still differs", ({ expect }) => {
    const report = checkDrift(contract, sdkDir, baseline, repositoryRoot);
    expect(report.lines).toEqual([]);
    expect(report.stale).toEqual([]);
    expect(report.unsupported).toEqual([]);
    expect(report.compared.map((c) => c.operation).sort()).toEqual(contract.operations.map((op) => op.operationId).sort());
    expect(report.accepted.length).toBeGreaterThan(0);
  });

  it("fails naming the path when a response field is removed from the spec", ({ expect }) => {
    const changed = changedContract((document) => {
      const response = schemaOf(document, "OtpsSmsSendResponse");
      delete propertiesOf(response)["phone_id"];
      response["required"] = (response["required"] as string[]).filter((name) => name !== "phone_id");
    });
    expect(checkDrift(changed, sdkDir, baseline, repositoryRoot).lines).toEqual([
      "otpsSmsSend response phone_id: field the spec lacks: spec -, SDK string",
    ]);
  });

  it("reports a missing object once, not each of its fields", ({ expect }) => {
    const changed = changedContract((document) => {
      delete propertiesOf(schemaOf(document, "OtpsAuthenticateResponse"))["user_device"];
    });
    const report = checkDrift(changed, sdkDir, baseline, repositoryRoot);
    expect(report.lines).toEqual(["otpsAuthenticate response user_device: field the spec lacks: spec -, SDK object (optional)"]);
    // The accepted "user_device is nullable only in the spec" has nothing left to accept.
    expect(report.stale.map((entry) => entry.difference)).toEqual([
      "otpsAuthenticate response user_device: nullable: spec nullable, SDK not nullable",
    ]);
  });

  it("fails naming the path when a request field's type changes", ({ expect }) => {
    const changed = changedContract((document) => {
      const expiration = propertiesOf(schemaOf(document, "OtpsSmsSendRequest"))["expiration_minutes"]!;
      expiration["type"] = "string";
      for (const key of ["format", "minimum", "maximum", "default", "examples"]) delete expiration[key];
    });
    expect(checkDrift(changed, sdkDir, baseline, repositoryRoot).lines).toEqual([
      "otpsSmsSend request expiration_minutes: type: spec string, SDK number",
    ]);
  });

  it("fails when the spec makes an optional field required, at every path that uses the shared schema", ({ expect }) => {
    const changed = changedContract((document) => {
      const attributes = schemaOf(document, "Attributes");
      attributes["required"] = ["ip_address"];
    });
    expect(checkDrift(changed, sdkDir, baseline, repositoryRoot).lines).toEqual([
      "otpsSmsSend request attributes.ip_address: required: spec required, SDK optional",
      "otpsSmsLoginOrCreate request attributes.ip_address: required: spec required, SDK optional",
      "otpsAuthenticate request attributes.ip_address: required: spec required, SDK optional",
      "otpsAuthenticate response session.attributes.ip_address: required: spec required, SDK optional",
      "sessionsAuthenticate response session.attributes.ip_address: required: spec required, SDK optional",
    ]);
  });

  it("reports an enum value the SDK has and the spec lacks, but not one only the spec has", ({ expect }) => {
    const changed = changedContract((document) => {
      const locale = schemaOf(document, "Locale");
      locale["enum"] = [...(locale["enum"] as string[]).filter((value) => value !== "cs"), "xx-only-in-the-spec"];
    });
    const lines = checkDrift(changed, sdkDir, baseline, repositoryRoot).lines;
    expect(lines).toContain('otpsSmsSend request locale: enum value "cs": spec -, SDK "cs"');
    expect(lines).toContain('b2bOtpsSmsSend request locale: enum value "cs": spec -, SDK "cs"');
    expect(lines.join("\n")).not.toContain("xx-only-in-the-spec");
  });

  it("treats integer and number alike, and compares nothing below a field the spec leaves untyped", ({ expect }) => {
    const changed = changedContract((document) => {
      propertiesOf(schemaOf(document, "OtpsSmsSendRequest"))["expiration_minutes"]!["type"] = "number";
      // scim_attributes is a free-form object in the spec and dozens of typed fields in the SDK.
      const registration = schemaOf(document, "SCIMRegistration");
      expect(propertiesOf(registration)["scim_attributes"]).toMatchObject({ type: "object" });
    });
    expect(checkDrift(changed, sdkDir, baseline, repositoryRoot).lines).toEqual([]);
  });

  it("fails on a baseline entry that no longer differs, and on one whose reason the spec does not give", ({ expect }) => {
    const entries: BaselineEntry[] = [
      ...baseline,
      {
        difference: "otpsSmsSend response user_id: required: spec optional, SDK required",
        reason: "made up for this test",
        where: { file: "spec/components/schemas/OtpsSmsSendResponse.yaml", says: "words the file does not have" },
      },
    ];
    const report = checkDrift(contract, sdkDir, entries, repositoryRoot);
    expect(report.stale.map((entry) => entry.difference)).toEqual([entries.at(-1)!.difference]);
    expect(report.unsupported).toEqual([
      'otpsSmsSend response user_id: required: spec optional, SDK required: spec/components/schemas/OtpsSmsSendResponse.yaml does not say "words the file does not have"',
    ]);
  });
});

describe("reading the SDK", { timeout: SDK_READ_TIMEOUT }, () => {
  it("finds the method of every endpoint from its compiled code, the login and session endpoints included", ({ expect }) => {
    const calls = methodSites(sdkDir).map((site) => `${site.httpMethod} ${site.path} ${site.module}.${site.className}.${site.methodName}`);
    expect(calls).toEqual(expect.arrayContaining([
      "post /v1/otps/sms/send b2c/otps_sms.Sms.send",
      "post /v1/otps/sms/login_or_create b2c/otps_sms.Sms.loginOrCreate",
      "post /v1/otps/authenticate b2c/otps.OTPs.authenticate",
      "post /v1/sessions/authenticate b2c/sessions.Sessions.authenticate",
      "post /v1/sessions/revoke b2c/sessions.Sessions.revoke",
      "post /v1/b2b/otps/sms/send b2b/otp_sms.Sms.send",
      "post /v1/b2b/otps/sms/authenticate b2b/otp_sms.Sms.authenticate",
      "post /v1/b2b/sessions/authenticate b2b/sessions.Sessions.authenticate",
      "post /v1/b2b/sessions/revoke b2b/sessions.Sessions.revoke",
    ]));
  });
});

describe("the pnpm drift command", { timeout: SDK_READ_TIMEOUT }, () => {
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(specDir, "scripts", "drift.mjs"), ...args], { encoding: "utf8" }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  it("prints one line per difference the baseline lacks and exits 1", async ({ expect }) => {
    const partial = join(scratch, "partial-baseline.yaml");
    writeFileSync(partial, stringify(baseline.filter((entry) => !entry.difference.includes("user_device"))));
    const { code, stdout, stderr } = await run(["--baseline", partial]);
    expect(stdout).toBe("otpsAuthenticate response user_device: nullable: spec nullable, SDK not nullable\n");
    expect(stderr).toMatch(/^drift: stytch \d+\.\d+\.\d+: \d+ operations compared, \d+ accepted differences, 1 new\n$/);
    expect(code).toBe(1);
  });

  it("says in one line why it cannot run, and exits 2", async ({ expect }) => {
    const { code, stdout, stderr } = await run(["--sdk", scratch]);
    expect(stdout).toBe("");
    expect(stderr).toBe(`drift: ${scratch} is not the stytch package (no types/lib/index.d.ts); pass --sdk <dir of node_modules/stytch>\n`);
    expect(code).toBe(2);
  });
});
