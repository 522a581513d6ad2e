// What the suites read from the contract, through the one module that reads the bundle (@sms-otp/spec/contract):
// test cases, examples and schemas all come from the file the mock serves, never from a copy.
import type { Contract, DeclaredResponse, JsonObject } from "@sms-otp/spec/contract";
import type { COVERED_EXAMPLES } from "./covered-examples.js";

export type { JsonObject } from "@sms-otp/spec/contract";
/** The operations the suites cover: spec-coverage.test.ts holds COVERED_EXAMPLES equal to the contract's operations. */
export type OperationId = keyof typeof COVERED_EXAMPLES;

/** Which named examples the tests cover: operationId, then status, then example names. */
export type CoveredExamples = Record<string, Record<string, readonly string[]>>;

export function declaredResponse(contract: Contract, operationId: string, status: string): DeclaredResponse {
  const found = contract.operation(operationId).responses.find((response) => response.status === status);
  if (found === undefined) throw new Error(`the bundled spec declares no ${status} response for ${operationId}`);
  return found;
}

/** The spec's first named request example of the operation: a valid request to send when any will do. */
export function firstRequestExample(contract: Contract, operationId: string): JsonObject {
  const first = contract.operation(operationId).requestExamples[0];
  if (first === undefined) throw new Error(`the bundled spec has no request example for ${operationId}`);
  return first.value as JsonObject;
}

/**
 * Everything that keeps "every (operation, status, example) has a test" from being true, as messages:
 * an operation, status or example in the spec but not covered, a status without a named example (nothing to
 * select with Prefer), and a covered example the spec no longer has.
 */
export function coverageProblems(contract: Contract, covered: CoveredExamples): string[] {
  const problems: string[] = [];
  const responses = contract.operations.flatMap(({ operationId, responses: declared }) =>
    declared.map(({ status, examples }) => ({ operationId, status, names: examples.map((example) => example.name) })),
  );
  for (const { operationId } of contract.operations) {
    if (covered[operationId] === undefined) problems.push(`${operationId}: operation has no tests`);
  }
  for (const { operationId, status, names } of responses) {
    if (names.length === 0) problems.push(`${operationId} ${status}: response has no named example to test`);
    for (const name of names) {
      if (!covered[operationId]?.[status]?.includes(name)) problems.push(`${operationId} ${status} ${name}: no test`);
    }
  }
  for (const [operationId, statuses] of Object.entries(covered)) {
    for (const [status, names] of Object.entries(statuses)) {
      const declared = responses.find((r) => r.operationId === operationId && r.status === status);
      for (const name of names) {
        if (!declared?.names.includes(name)) problems.push(`${operationId} ${status} ${name}: tested but not in the spec`);
      }
    }
  }
  return problems;
}
