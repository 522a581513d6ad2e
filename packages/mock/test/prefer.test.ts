// The Prefer parser on its own: what it accepts, and what a hostile header costs (issue 20, item 10).
import { loadContract } from "@sms-otp/spec/contract";
import { describe, expect, it } from "vitest";
import { readPrefer } from "../src/prefer.js";
import { cpuMilliseconds } from "./cpu.js";

const contract = loadContract();
const send = contract.operations.find((operation) => operation.operationId === "otpsSmsSend");
if (send === undefined) throw new Error("the contract has no otpsSmsSend");

describe("readPrefer", () => {
  it.each([
    ["code=429, example=too_many_requests", 429, "too_many_requests"],
    ['code="429"; example="too_many_requests"', 429, "too_many_requests"],
    ["  Code = 429 ,EXAMPLE=too_many_requests  ", 429, "too_many_requests"],
    ["code=200", 200, undefined],
  ])("reads %j", (header, status, example) => {
    const choice = readPrefer(header, send);
    expect(choice).toMatchObject({ ok: true, status });
    expect(choice.ok ? choice.example?.name : "refused").toBe(example);
  });

  it.each([["code"], ['code="4"29"'], ["co de=429"], ["code=418"], ["wait=5"], ["example=nope"]])("refuses %j with a reason", (header) => {
    expect(readPrefer(header, send)).toMatchObject({ ok: false, reason: expect.stringMatching(/\S/) });
  });

  it('costs under 5 ms of CPU for the attack: code="<15,000 spaces>""x (it cost 219 ms)', () => {
    const attack = `code="${" ".repeat(15_000)}""x`;
    expect(readPrefer(attack, send)).toMatchObject({ ok: false });
    expect(cpuMilliseconds(() => readPrefer(attack, send))).toBeLessThan(5);
    for (const header of [`code=${" ".repeat(15_000)}x`, `${"a".repeat(15_000)}=`, `code="${"\t".repeat(15_000)}`, ",".repeat(15_000)]) {
      expect(cpuMilliseconds(() => readPrefer(header, send))).toBeLessThan(5);
    }
  });
});
