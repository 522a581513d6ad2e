import { readFileSync } from "node:fs";
import { loadContract } from "@sms-otp/spec/contract";
import { describe, expect, it } from "vitest";
import { generatedTables, README_PATH, withTables } from "../src/readme.js";

describe("README.md", () => {
  it("lists every trigger and validation error the contract declares (else run pnpm --filter @sms-otp/mock run readme)", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(readme).toBe(withTables(readme, generatedTables(loadContract())));
  });
});
