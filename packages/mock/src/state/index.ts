// The stateful mock as the front and the control plane see it: one call for a valid request that no Prefer header
// or trigger answered, and the store they share.
import type { Contract, JsonObject, Operation, StytchErrorBody } from "@sms-otp/spec/contract";
import { createRulesEnvironment, projectNow, RULES, type RuleAnswer, type RulesEnvironment } from "./rules.js";
import { createMemoryStore, type StateStore } from "./store.js";

export interface StatefulAnswer {
  status: number;
  body: JsonObject;
}

export interface StatefulMock {
  store: StateStore;
  env: RulesEnvironment;
  /**
   * The answer of Stytch's rules to a valid request of `projectId`, or undefined when the rules do not apply: a
   * sandbox fixture (which never changes state), an operation without a rule, or a project configured stateless.
   */
  answer(operation: Operation, projectId: string, body: unknown, requestId: string): StatefulAnswer | undefined;
}

/** Request fields that name a sandbox object when they hold a value of one of the contract's success examples. */
const FIXTURE_REQUEST_FIELDS = ["method_id", "user_id", "member_id", "session_token", "session_id", "member_session_id"];
/** Fields of success examples whose values are sandbox fixtures. */
const FIXTURE_EXAMPLE_FIELDS = new Set(["phone_id", "method_id", "user_id", "member_id", "session_token", "session_id", "member_session_id"]);

export function createStatefulMock(contract: Contract): StatefulMock {
  const fixtures = fixtureValues(contract);
  const env = createRulesEnvironment(reservedCodes(contract), organizationTemplate(contract));
  const store = createMemoryStore();
  const errorExamples = new Map<string, StytchErrorBody>();
  for (const operation of contract.operations) {
    for (const example of operation.examples) {
      const value = example.value as Partial<StytchErrorBody> | undefined;
      if (example.status >= 400 && typeof value?.error_type === "string") {
        errorExamples.set(`${operation.operationId} ${value.error_type}`, value as StytchErrorBody);
        if (!errorExamples.has(value.error_type)) errorExamples.set(value.error_type, value as StytchErrorBody);
      }
    }
  }

  function envelope(operation: Operation, answer: Extract<RuleAnswer, { errorType: string }>, requestId: string): StytchErrorBody {
    const documented = errorExamples.get(`${operation.operationId} ${answer.errorType}`) ?? errorExamples.get(answer.errorType);
    return {
      status_code: answer.status,
      request_id: requestId,
      error_type: answer.errorType,
      error_message: answer.message ?? documented?.error_message ?? answer.errorType,
      error_url: documented?.error_url ?? `https://stytch.com/docs/api/errors/${answer.status}#${answer.errorType}`,
    };
  }

  return {
    store,
    env,
    answer(operation, projectId, body, requestId) {
      const rule = RULES[`${operation.method.toUpperCase()} ${operation.path}`];
      if (rule === undefined || !isObject(body)) return undefined;
      if (FIXTURE_REQUEST_FIELDS.some((field) => typeof body[field] === "string" && fixtures.has(body[field] as string))) return undefined;
      const project = store.project(projectId);
      if (!project.config.stateful) return undefined;
      const answer = rule({ project, now: projectNow(project), requestId, operationId: operation.operationId, body, env });
      if ("body" in answer) return { status: answer.status, body: answer.body };
      return { status: answer.status, body: envelope(operation, answer, requestId) as unknown as JsonObject };
    },
  };
}

function fixtureValues(contract: Contract): Set<string> {
  const values = new Set<string>();
  const collect = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (FIXTURE_EXAMPLE_FIELDS.has(key) && typeof value === "string" && value !== "") values.add(value);
        else collect(value);
      }
    }
  };
  for (const operation of contract.operations) for (const example of operation.examples) if (example.status < 300) collect(example.value);
  return values;
}

function reservedCodes(contract: Contract): Set<string> {
  const codes = new Set<string>();
  for (const operation of contract.operations) {
    for (const example of operation.examples) {
      const code = example.trigger?.["code"];
      if (typeof code === "string") codes.add(code);
    }
  }
  return codes;
}

function organizationTemplate(contract: Contract): JsonObject {
  for (const operation of contract.operations) {
    for (const example of operation.examples) {
      const organization = isObject(example.value) ? example.value["organization"] : undefined;
      if (example.status < 300 && isObject(organization)) return organization;
    }
  }
  return {};
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
