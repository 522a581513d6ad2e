import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const srcDir = new URL("../src/", import.meta.url);
const handWritten = readdirSync(srcDir).filter((name) => name.endsWith(".ts"));

function code(file: string): string {
  // Comments may mention Node; only code counts.
  return readFileSync(new URL(file, srcDir), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
}

describe("runs beyond Node (Deno, Bun, edge runtimes, browsers)", () => {
  it("has the hand-written modules it is expected to have", () => {
    expect(handWritten.sort()).toEqual([
      "auth.ts",
      "client.ts",
      "errors.ts",
      "index.ts",
      "options.ts",
      "retry.ts",
      "version.ts",
    ]);
  });

  it.each(handWritten)("%s has no Node-only import or global", (file) => {
    const text = code(file);
    expect(text).not.toMatch(/from\s+["']node:|import\(\s*["']node:|\brequire\s*\(/);
    expect(text).not.toMatch(/\b(Buffer|process|__dirname|__filename|setImmediate)\b/);
    for (const match of text.matchAll(/from\s+["']([^"']+)["']/g)) {
      expect(match[1]).toMatch(/^(\.\/.*\.js|openapi-fetch)$/);
    }
  });
});
