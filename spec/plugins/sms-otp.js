// This repository's Redocly plugin: rules that configurable `rule/*` assertions cannot express.
//
// sms-otp/mock-extensions checks the extensions on example objects that drive the mock and the docs:
// - `x-mock-trigger: { <operationId>: <partial request body> }`: each key is an operation that uses this example,
//   and each field of the partial body (nested ones too) is a field of that operation's request schema;
// - `x-validation-errors: { <operationId>: [{ field, keywords }] }`: each key is an operation that uses this
//   example, each field is `*` or a field of its request schema, and each keyword is `*`, `required` for a
//   required field, or a keyword that field's schema has (`pattern`, `minimum`, `enum`, ...);
// - `x-evidence` is `seen` or `inferred`;
// - `x-mock-default: <example name>` on an operation names one of that operation's response examples.
// Whether every example has a trigger, and whether each trigger passes validation, is checked by spec/test, which
// runs the contract module itself.

export default function smsOtpPlugin() {
  return {
    id: "sms-otp",
    rules: {
      oas3: {
        "mock-extensions": MockExtensions,
      },
    },
  };
}

const EXTENSIONS = ["x-mock-trigger", "x-validation-errors"];
const EVIDENCE = ["seen", "inferred"];

function MockExtensions() {
  /** operationId -> the request body's schema, with a resolver for the $refs inside it */
  const requests = new Map();
  /** pointer of an example -> { example, location, operationIds: Set } */
  const examples = new Map();
  /** operationId -> names of its response examples */
  const exampleNames = new Map();
  /** { operationId, name, location } of each x-mock-default */
  const mockDefaults = [];
  let operationId;

  const recordExample = (example, ctx) => {
    exampleNames.get(operationId)?.add(ctx.key);
    const pointer = ctx.location.absolutePointer;
    const seen = examples.get(pointer) ?? { example, location: ctx.location, operationIds: new Set() };
    seen.operationIds.add(operationId);
    examples.set(pointer, seen);
  };

  return {
    Operation: {
      enter(operation, ctx) {
        operationId = operation.operationId;
        exampleNames.set(operationId, new Set());
        if (operation["x-mock-default"] !== undefined) {
          mockDefaults.push({ operationId, name: operation["x-mock-default"], location: ctx.location.child(["x-mock-default"]) });
        }
      },
      RequestBody: {
        MediaType: {
          Schema: {
            enter(schema, ctx) {
              // The file the schema sits in: $refs inside it are relative to it, whenever they are resolved.
              requests.set(operationId, { schema, from: ctx.location.source.absoluteRef, resolve: resolverWith(ctx.resolve) });
            },
          },
        },
      },
      Responses: {
        Response: {
          MediaType: {
            ExamplesMap: {
              Example: { enter: recordExample },
            },
          },
        },
      },
    },
    Root: {
      leave(_root, ctx) {
        const report = ctx.report;
        for (const { operationId: id, name, location } of mockDefaults) {
          if (!exampleNames.get(id)?.has(name)) {
            report({ message: `x-mock-default names ${String(name)}, which is none of ${id}'s response examples.`, location });
          }
        }
        for (const { example, location, operationIds } of examples.values()) {
          const evidence = example["x-evidence"];
          if (evidence !== undefined && !EVIDENCE.includes(evidence)) {
            report({ message: `x-evidence must be one of ${EVIDENCE.join(", ")}, not "${evidence}".`, location: location.child(["x-evidence"]) });
          }
          for (const extension of EXTENSIONS) {
            const byOperation = example[extension];
            if (byOperation === undefined) continue;
            if (!isObject(byOperation)) {
              report({ message: `${extension} must map operationIds to values.`, location: location.child([extension]) });
              continue;
            }
            for (const [id, value] of Object.entries(byOperation)) {
              const at = location.child([extension, id]);
              if (!operationIds.has(id)) {
                report({ message: `${extension} names ${id}, which does not use this example (used by ${[...operationIds].join(", ")}).`, location: at });
                continue;
              }
              const request = requests.get(id);
              const problems = extension === "x-mock-trigger" ? triggerProblems(value, request) : validationErrorProblems(value, request);
              for (const message of problems) report({ message: `${extension}.${id}: ${message}`, location: at });
            }
          }
        }
      },
    },
  };
}

/** Resolves `$ref`s relative to the file `from`, following each target's own file for the $refs inside it. */
function resolverWith(resolve) {
  return (node, from) => {
    let current = node;
    let file = from;
    for (let hops = 0; isObject(current) && typeof current.$ref === "string" && hops < 32; hops++) {
      const resolved = resolve(current, file);
      if (resolved.node === undefined) return { node: undefined, from: file };
      current = resolved.node;
      file = resolved.location?.source?.absoluteRef ?? file;
    }
    return { node: current, from: file };
  };
}

/** The schema of the dotted `path` in the request schema, or undefined; with whether it is required. */
function fieldSchema(request, path) {
  let { node: schema, from } = request.resolve(request.schema, request.from);
  let required = true;
  for (const name of path.split(".")) {
    const properties = isObject(schema) ? schema.properties : undefined;
    if (!isObject(properties) || !Object.hasOwn(properties, name)) return undefined;
    required = required && Array.isArray(schema.required) && schema.required.includes(name);
    ({ node: schema, from } = request.resolve(properties[name], from));
  }
  return { schema, required };
}

function triggerProblems(trigger, request) {
  if (!isObject(trigger)) return ["a trigger must be a partial request body (an object)."];
  if (request === undefined) return ["the operation has no JSON request body to match."];
  return leafPaths(trigger, "").flatMap((path) =>
    fieldSchema(request, path) === undefined ? [`${path} is not a field of the operation's request body.`] : [],
  );
}

function validationErrorProblems(rules, request) {
  if (!Array.isArray(rules)) return ["must be a list of { field, keywords }."];
  return rules.flatMap((rule) => {
    if (!isObject(rule) || typeof rule.field !== "string" || !Array.isArray(rule.keywords) || rule.keywords.length === 0) {
      return ["each entry needs a field and a non-empty list of keywords."];
    }
    if (rule.field === "*") return rule.keywords.every((keyword) => keyword === "*") ? [] : [`field "*" goes with keywords ["*"].`];
    const found = request === undefined ? undefined : fieldSchema(request, rule.field);
    if (found === undefined) return [`${rule.field} is not a field of the operation's request body.`];
    return rule.keywords.flatMap((keyword) => {
      if (keyword === "*" || (keyword === "required" && found.required)) return [];
      if (isObject(found.schema) && Object.hasOwn(found.schema, keyword)) return [];
      return [`${rule.field} has no ${keyword} that could fail.`];
    });
  });
}

/** Dotted paths of the leaves of a partial body: objects are descended into, anything else is a leaf. */
function leafPaths(value, prefix) {
  return Object.entries(value).flatMap(([key, child]) =>
    isObject(child) && Object.keys(child).length > 0 ? leafPaths(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
