// The tarballs as packed from a clean tree: complete (prepack built them), self-contained (every import resolves to
// Node or a declared dependency; nothing points at the workspace or the unpublished @sms-otp/spec).
import { execFile } from "node:child_process";
import { builtinModules } from "node:module";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { userEnv } from "./global-setup.js";

const run = promisify(execFile);

interface Packed {
  files: string[];
  manifest: Record<string, unknown> & { dependencies?: Record<string, string> };
  read(path: string): string;
}

async function unpack(tarball: string): Promise<Packed> {
  const dir = `${tarball}.unpacked`;
  mkdirSync(dir, { recursive: true });
  await run("tar", ["xzf", tarball, "-C", dir]);
  const { stdout } = await run("tar", ["tzf", tarball]);
  const files = stdout.split("\n").filter(Boolean).map((path) => path.replace(/^package\//, "")).sort();
  const read = (path: string) => readFileSync(join(dir, "package", path), "utf8");
  return { files, manifest: JSON.parse(read("package.json")) as Packed["manifest"], read };
}

/** Every file the manifest points at: main, types, bin and each export target. */
function namedFiles(manifest: Record<string, unknown>): string[] {
  const collect = (node: unknown): string[] =>
    typeof node === "string" ? [node] : node !== null && typeof node === "object" ? Object.values(node).flatMap(collect) : [];
  return [...new Set([manifest["main"], manifest["types"], manifest["bin"], manifest["exports"]].flatMap(collect))].map((path) =>
    path.replace(/^\.\//, ""),
  );
}

/** Bare module specifiers that the shipped JavaScript imports. */
function importedPackages(packed: Packed): Set<string> {
  const names = new Set<string>();
  for (const file of packed.files.filter((path) => path.endsWith(".js"))) {
    for (const [, specifier] of packed.read(file).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["']([^"'./][^"']*)["']/g)) {
      const parts = (specifier as string).split("/");
      names.add(specifier!.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string));
    }
  }
  return names;
}

describe.each(["@sms-otp/client", "@sms-otp/mock"])("%s packed from a clean tree", (name) => {
  it("holds every file its manifest names, its README and LICENSE, and no sources or tests", async () => {
    const packed = await unpack(inject("tarballs")[name] as string);
    for (const path of [...namedFiles(packed.manifest), "package.json", "README.md", "LICENSE"]) expect(packed.files).toContain(path);
    expect(packed.files.filter((path) => /^(src|test|scripts)\//.test(path))).toEqual([]);
  });

  it("is publishable on its own: not private, no workspace: specifier, every import declared or built into Node", async () => {
    const packed = await unpack(inject("tarballs")[name] as string);
    expect(packed.manifest["private"]).toBeUndefined();
    expect(JSON.stringify(packed.manifest)).not.toContain("workspace:");
    const declared = Object.keys(packed.manifest.dependencies ?? {});
    const builtins = new Set(builtinModules);
    const undeclared = [...importedPackages(packed)].filter((pkg) => !declared.includes(pkg) && !builtins.has(pkg.replace(/^node:/, "")));
    expect(undeclared).toEqual([]);
    expect(declared).not.toContain("@sms-otp/spec");
  });
});

describe("@sms-otp/mock's tarball", () => {
  it("ships the contract: the built spec/src/contract.ts as is (its one reader) and the bundle it reads", async () => {
    const packed = await unpack(inject("tarballs")["@sms-otp/mock"] as string);
    expect(packed.files).toEqual(expect.arrayContaining(["dist/contract.js", "dist/contract.d.ts", "dist/openapi.yaml", "dist/cli.js"]));
    expect(packed.read("dist/contract.js")).toContain("export function loadContract(");
    expect(packed.read("dist/openapi.yaml")).toMatch(/^openapi: 3\.1\.\d+/);
    expect(packed.read("dist/index.js")).toContain('from "./contract.js"');
  });

  it("declares the sms-otp-mock command, a node script", async () => {
    const packed = await unpack(inject("tarballs")["@sms-otp/mock"] as string);
    expect(packed.manifest["bin"]).toEqual({ "sms-otp-mock": "./dist/cli.js" });
    expect(packed.read("dist/cli.js").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
});

describe("prepack", () => {
  it("refuses npm pack with one line, as npm would ship the workspace's catalog: and workspace: versions", async () => {
    const packing = run("npm", ["pack", "--dry-run"], { cwd: join(inject("workDir"), "clone", "packages", "mock"), env: userEnv() });
    await expect(packing).rejects.toMatchObject({
      stderr: expect.stringContaining(
        "prepack @sms-otp/mock: pack it with pnpm (pnpm pack, pnpm publish): its package.json uses catalog: and workspace: versions, which only pnpm replaces\n",
      ),
    });
  });

  it("fails with one line saying what to do when the tree has no install", async () => {
    const root = join(inject("workDir"), "not-installed");
    cpSync(fileURLToPath(new URL("../../../scripts/prepack.mjs", import.meta.url)), join(root, "scripts", "prepack.mjs"));
    cpSync(fileURLToPath(new URL("../../client/package.json", import.meta.url)), join(root, "packages", "client", "package.json"));
    const packing = run(process.execPath, [join(root, "scripts", "prepack.mjs")], {
      cwd: join(root, "packages", "client"),
      env: { PATH: process.env["PATH"], npm_config_user_agent: "pnpm/10.34.9 npm/? node/v24.21.0 linux x64" },
    });
    await expect(packing).rejects.toMatchObject({
      stderr: `prepack @sms-otp/client: turbo is not installed: run "pnpm install" in ${root} first, then pack again\n`,
    });
  });
});
