// `pnpm drift`: the contract against Stytch's Node SDK. Both sides are flattened to field paths (`user.emails[].email_id`)
// with a type, whether the field is required, whether it may be null and its enum values, for the request body and
// the 200 response of every operation; the differences that the spec chose on purpose are listed, each with its
// reason, in spec/drift-baseline.yaml, and every other one is reported as one line.
//
// Which SDK method calls which endpoint is read from the SDK's compiled JavaScript (each method's
// `request(..., { method: "POST", url: `/v1/...` })`), so a new operation of the contract is compared as soon as it
// has a path that the SDK calls; the method's types come from the `.d.ts` beside it, through TypeScript's compiler
// API. The type checker follows imported names, but a property's type is read from its syntax: the checker folds
// `"a" | "b" | string` into `string`, and that union is how the SDK writes an open enum.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { parse } from "yaml";
import type { Contract, JsonObject } from "./contract.js";

export interface Field {
  /** string, number (integer too), boolean, object, array, any; `a|b` for a union of several. */
  type: string;
  required: boolean;
  nullable: boolean;
  /** The values an enum lists; undefined when the field is no enum. */
  values?: string[];
  /** No properties below: a free-form object or `any`. Differences below it are not compared. */
  untyped?: boolean;
}

/** Field paths (`member.roles[].role_id`; `[]` is an array's item) to their description. */
export type Fields = Map<string, Field>;

export interface SdkMethod {
  /** The module, class and method: `b2c/otps_sms.Sms.send`. */
  name: string;
  httpMethod: string;
  /** The path as the contract writes it: `/v1/sessions/jwks/{project_id}`. */
  path: string;
  request: Fields;
  response: Fields;
}

export type Part = "request" | "response";

export interface Difference {
  operation: string;
  part: Part;
  path: string;
  kind: string;
  spec: string;
  sdk: string;
}

export interface BaselineEntry {
  /** A difference line; `*` in place of the operation matches every operation. */
  difference: string;
  reason: string;
  /** The spec file that says so, and words it says it with. */
  where: { file: string; says: string };
}

export interface DriftReport {
  sdkVersion: string;
  /** Operations compared, with the SDK method each one is. */
  compared: { operation: string; method: string }[];
  /** What the baseline does not accept, one line each: differences, and operations no SDK method calls. */
  lines: string[];
  /** Lines the baseline accepts. */
  accepted: string[];
  /** Baseline entries that match no line any more. */
  stale: BaselineEntry[];
  /** Baseline entries whose `where` is not in the spec. */
  unsupported: string[];
}

const MAX_DEPTH = 12;

export const lineOf = (d: Difference): string => `${d.operation} ${d.part} ${d.path}: ${d.kind}: spec ${d.spec}, SDK ${d.sdk}`;

// ---------------------------------------------------------------------------------------------------------------
// The spec side

/** The fields of a JSON schema of the contract, `$ref`s followed; integer is reported as number. */
export function specFields(contract: Contract, schema: unknown): Fields {
  const fields: Fields = new Map();
  const walk = (node: unknown, path: string, required: boolean, depth: number, seen: Set<unknown>) => {
    const { field, properties, requiredNames, items } = describeSchema(contract, node);
    field.required = required;
    if (path !== "") fields.set(path, field);
    if (depth > MAX_DEPTH) return;
    for (const [name, child] of Object.entries(properties)) {
      if (seen.has(child)) continue;
      walk(child, path === "" ? name : `${path}.${name}`, requiredNames.has(name), depth + 1, new Set([...seen, child]));
    }
    if (items !== undefined) walk(items, `${path}[]`, true, depth + 1, seen);
  };
  walk(schema, "", true, 0, new Set());
  return fields;
}

function describeSchema(contract: Contract, node: unknown) {
  const schema = contract.deref<JsonObject>(node ?? {});
  const variants = [...((schema["anyOf"] ?? schema["oneOf"] ?? []) as unknown[])].map((v) => contract.deref<JsonObject>(v));
  const parts = variants.length > 0 ? variants : [schema];
  let nullable = false;
  const types = new Set<string>();
  const properties: Record<string, unknown> = {};
  const requiredNames = new Set<string>();
  const values = new Set<string>();
  let items: unknown;
  let untyped = false;
  const visit = (part: JsonObject) => {
    for (const member of (part["allOf"] ?? []) as unknown[]) visit(contract.deref<JsonObject>(member));
    const declared = part["type"];
    const typeList = Array.isArray(declared) ? (declared as string[]) : declared === undefined ? [] : [String(declared)];
    for (const type of typeList) {
      if (type === "null") nullable = true;
      else types.add(type === "integer" ? "number" : type);
    }
    for (const value of (part["enum"] ?? []) as unknown[]) {
      if (value === null) nullable = true;
      else values.add(String(value));
    }
    if ("const" in part) values.add(String(part["const"]));
    Object.assign(properties, (part["properties"] ?? {}) as JsonObject);
    for (const name of (part["required"] ?? []) as string[]) requiredNames.add(name);
    if (part["items"] !== undefined) items = part["items"];
    if (part["properties"] !== undefined) types.add("object");
    if (typeList.length === 0 && part["properties"] === undefined && part["enum"] === undefined && !("const" in part)) {
      if (part["allOf"] === undefined) untyped = true;
    }
  };
  parts.forEach(visit);
  if (types.size > 0) untyped = false;
  const type = types.size === 0 ? (values.size > 0 ? "string" : "any") : [...types].sort().join("|");
  if (type === "object" && Object.keys(properties).length === 0) untyped = true;
  if (type === "any") untyped = true;
  const field: Field = { type, required: false, nullable, ...(values.size > 0 ? { values: [...values] } : {}), ...(untyped ? { untyped } : {}) };
  return { field, properties, requiredNames, items };
}

// ---------------------------------------------------------------------------------------------------------------
// The SDK side

/** The directory of the `stytch` package that this package depends on. */
export function installedSdkDir(): string {
  return join(import.meta.dirname, "..", "node_modules", "stytch");
}

export function sdkVersion(sdkDir: string): string {
  return String((JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")) as JsonObject)["version"]);
}

interface MethodSite {
  /** `b2c/otps_sms`: the module, relative to dist/ and types/lib/. */
  module: string;
  className: string;
  methodName: string;
  httpMethod: string;
  path: string;
}

const filesUnder = (dir: string, suffix: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));

/** Every SDK method that sends a request, with the HTTP method and path, read from the compiled JavaScript. */
export function methodSites(sdkDir: string): MethodSite[] {
  const distDir = join(sdkDir, "dist");
  return filesUnder(distDir, ".js").flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const module = relative(distDir, file).replace(/\.js$/, "");
    const sites: MethodSite[] = [];
    const visitClass = (node: ts.Node) => {
      if (ts.isClassDeclaration(node) && node.name) {
        for (const member of node.members) {
          if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
          const request = findRequest(member.body);
          if (request) sites.push({ module, className: node.name.text, methodName: member.name.text, ...request });
        }
      }
      ts.forEachChild(node, visitClass);
    };
    visitClass(source);
    return sites;
  });
}

function findRequest(body: ts.Node): { httpMethod: string; path: string } | undefined {
  let found: { httpMethod: string; path: string } | undefined;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isObjectLiteralExpression(node)) {
      const property = (name: string) =>
        node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name)?.initializer;
      const method = property("method");
      const url = property("url");
      if (method && ts.isStringLiteral(method) && url) {
        const path = urlTemplate(url);
        if (path !== undefined) found = { httpMethod: method.text.toLowerCase(), path };
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** `/v1/x/${encodeURIComponent(data.id)}` as the contract writes it: `/v1/x/{id}`. */
function urlTemplate(node: ts.Expression): string | undefined {
  if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) return node.text;
  if (!ts.isTemplateExpression(node)) return undefined;
  const name = (expression: ts.Expression): string => {
    if (ts.isCallExpression(expression) && expression.arguments[0]) return name(expression.arguments[0]);
    if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
    return expression.getText();
  };
  return node.head.text + node.templateSpans.map((span) => `{${name(span.expression)}}${span.literal.text}`).join("");
}

/** Reads the request and response types of the given methods from the SDK's declarations. */
export function sdkMethods(sdkDir: string, sites: MethodSite[]): SdkMethod[] {
  const declarationFile = (site: MethodSite) => join(sdkDir, "types", "lib", `${site.module}.d.ts`);
  const present = sites.filter((site) => existsSync(declarationFile(site)));
  const program = ts.createProgram([...new Set(present.map(declarationFile))], {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // Promise, Array and Record are read from the syntax; the default library would only cost seconds to load.
    noLib: true,
  });
  const checker = program.getTypeChecker();
  return present.flatMap((site) => {
    const source = program.getSourceFile(declarationFile(site));
    const method = source && findMethod(source, site.className, site.methodName);
    if (!method) return [];
    const requestNode = method.parameters[0]?.type;
    const returnNode = method.type;
    const responseNode =
      returnNode && ts.isTypeReferenceNode(returnNode) && returnNode.typeName.getText() === "Promise" ? returnNode.typeArguments?.[0] : returnNode;
    return [{
      name: `${site.module}.${site.className}.${site.methodName}`,
      httpMethod: site.httpMethod,
      path: site.path,
      request: requestNode ? typeFields(checker, requestNode) : new Map(),
      response: responseNode ? typeFields(checker, responseNode) : new Map(),
    }];
  });
}

function findMethod(source: ts.SourceFile, className: string, methodName: string): ts.MethodDeclaration | undefined {
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || statement.name?.text !== className) continue;
    for (const member of statement.members) {
      if (ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === methodName) return member;
    }
  }
  return undefined;
}

interface Shape {
  field: Field;
  /** The properties below an object, as the checker resolved them. */
  properties?: ts.Symbol[];
  items?: ts.TypeNode;
}

function typeFields(checker: ts.TypeChecker, root: ts.TypeNode): Fields {
  const fields: Fields = new Map();
  const walk = (shape: Shape, path: string, depth: number, seen: Set<ts.Symbol>) => {
    if (path !== "") fields.set(path, shape.field);
    if (depth > MAX_DEPTH) return;
    for (const property of shape.properties ?? []) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration || !ts.isPropertySignature(declaration) || !declaration.type || seen.has(property)) continue;
      const child = describeTypeNode(checker, declaration.type);
      child.field.required = !declaration.questionToken && !child.optional;
      walk(child, path === "" ? property.name : `${path}.${property.name}`, depth + 1, new Set([...seen, property]));
    }
    if (shape.items) {
      const item = describeTypeNode(checker, shape.items);
      item.field.required = true;
      walk(item, `${path}[]`, depth + 1, seen);
    }
  };
  walk(describeTypeNode(checker, root), "", 0, new Set());
  return fields;
}

function describeTypeNode(checker: ts.TypeChecker, node: ts.TypeNode): Shape & { optional: boolean } {
  const base = (type: string, extra: Partial<Field> = {}): Field => ({ type, required: true, nullable: false, ...extra });
  if (ts.isParenthesizedTypeNode(node)) return describeTypeNode(checker, node.type);
  if (ts.isUnionTypeNode(node)) {
    let nullable = false;
    let optional = false;
    const values: string[] = [];
    const others: (Shape & { optional: boolean })[] = [];
    const types = new Set<string>();
    for (const member of node.types) {
      if (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword) nullable = true;
      else if (member.kind === ts.SyntaxKind.UndefinedKeyword) optional = true;
      else if (ts.isLiteralTypeNode(member) && (ts.isStringLiteral(member.literal) || ts.isNumericLiteral(member.literal))) {
        values.push(member.literal.text);
        types.add(ts.isStringLiteral(member.literal) ? "string" : "number");
      } else {
        const other = describeTypeNode(checker, member);
        others.push(other);
        types.add(other.field.type);
      }
    }
    const single = others.length === 1 && values.length === 0 ? others[0]! : undefined;
    if (single) return { ...single, field: { ...single.field, nullable: nullable || single.field.nullable }, optional };
    const type = types.size === 0 ? "any" : [...types].sort().join("|");
    const objectLike = others.find((o) => o.properties);
    return {
      field: base(type, { nullable, ...(values.length > 0 ? { values } : {}) }),
      ...(types.size === 1 && objectLike?.properties ? { properties: objectLike.properties } : {}),
      optional,
    };
  }
  if (ts.isLiteralTypeNode(node)) {
    if (ts.isStringLiteral(node.literal)) return { field: base("string", { values: [node.literal.text] }), optional: false };
    if (ts.isNumericLiteral(node.literal)) return { field: base("number", { values: [node.literal.text] }), optional: false };
    if (node.literal.kind === ts.SyntaxKind.TrueKeyword || node.literal.kind === ts.SyntaxKind.FalseKeyword) return { field: base("boolean"), optional: false };
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { field: base("string"), optional: false };
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BigIntKeyword:
      return { field: base("number"), optional: false };
    case ts.SyntaxKind.BooleanKeyword:
      return { field: base("boolean"), optional: false };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return { field: base("any", { untyped: true }), optional: false };
    case ts.SyntaxKind.ObjectKeyword:
      return { field: base("object", { untyped: true }), optional: false };
  }
  if (ts.isArrayTypeNode(node)) return { field: base("array"), items: node.elementType, optional: false };
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if ((name === "Array" || name === "ReadonlyArray") && node.typeArguments?.[0]) {
      return { field: base("array"), items: node.typeArguments[0], optional: false };
    }
    if (name === "Record" || name === "Map") return { field: base("object", { untyped: true }), optional: false };
    if (name === "Date") return { field: base("string"), optional: false };
    let symbol = checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (declaration && ts.isTypeAliasDeclaration(declaration)) return describeTypeNode(checker, declaration.type);
    if (declaration && ts.isEnumDeclaration(declaration)) {
      const values = declaration.members.map((m) => (m.initializer && ts.isStringLiteral(m.initializer) ? m.initializer.text : m.name.getText()));
      return { field: base("string", { values }), optional: false };
    }
  }
  // Interfaces, type literals, intersections: whatever has properties, as the checker resolves them.
  const type = checker.getTypeFromTypeNode(node);
  const properties = checker.getPropertiesOfType(type);
  if (properties.length > 0) return { field: base("object"), properties, optional: false };
  if (checker.getIndexInfosOfType(type).length > 0) return { field: base("object", { untyped: true }), optional: false };
  return { field: base("any", { untyped: true }), optional: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Comparing

const describeField = (field: Field): string =>
  `${field.type}${field.nullable ? "|null" : ""}${field.required ? "" : " (optional)"}`;

/** The paths above `path`: `a`, `a.b[]` for `a.b[].c`. */
function ancestorsOf(path: string): string[] {
  const parts = path.split(/(?=\.)|(?=\[\])/);
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join(""));
}

/**
 * Is `path` below a field that either side leaves untyped (not compared), or below one that a side lacks (the
 * missing field is the one line; its own fields would only repeat it)?
 */
function belowReported(path: string, spec: Fields, sdk: Fields): boolean {
  return ancestorsOf(path).some((ancestor) =>
    [spec, sdk].some((fields) => fields.get(ancestor)?.untyped) || !spec.has(ancestor) || !sdk.has(ancestor),
  );
}

export function compareFields(operation: string, part: Part, spec: Fields, sdk: Fields): Difference[] {
  const differences: Difference[] = [];
  const add = (path: string, kind: string, specSays: string, sdkSays: string) =>
    differences.push({ operation, part, path, kind, spec: specSays, sdk: sdkSays });
  const paths = [...new Set([...spec.keys(), ...sdk.keys()])];
  for (const path of paths) {
    if (belowReported(path, spec, sdk)) continue;
    const ours = spec.get(path);
    const theirs = sdk.get(path);
    if (!ours) {
      add(path, "field the spec lacks", "-", describeField(theirs!));
      continue;
    }
    if (!theirs) {
      add(path, "field the SDK lacks", describeField(ours), "-");
      continue;
    }
    const untyped = ours.untyped || theirs.untyped;
    if (!untyped && ours.type !== theirs.type) add(path, "type", ours.type, theirs.type);
    if (ours.required !== theirs.required) {
      add(path, "required", ours.required ? "required" : "optional", theirs.required ? "required" : "optional");
    }
    if (ours.nullable !== theirs.nullable) {
      add(path, "nullable", ours.nullable ? "nullable" : "not nullable", theirs.nullable ? "nullable" : "not nullable");
    }
    // An enum of the spec must list every value the SDK knows; an SDK without the spec's values says nothing.
    if (ours.values) {
      for (const value of theirs.values ?? []) {
        if (!ours.values.includes(value)) add(path, `enum value ${JSON.stringify(value)}`, "-", JSON.stringify(value));
      }
    }
  }
  return differences;
}

// ---------------------------------------------------------------------------------------------------------------
// The baseline and the whole check

export function readBaseline(file: string): BaselineEntry[] {
  const entries = (parse(readFileSync(file, "utf8")) ?? []) as BaselineEntry[];
  if (!Array.isArray(entries)) throw new Error(`${file}: expected a list of differences`);
  entries.forEach((entry, index) => {
    if (typeof entry?.difference !== "string" || typeof entry.reason !== "string" || !entry.where?.file || !entry.where.says) {
      throw new Error(`${file}: entry ${index + 1} needs difference, reason and where (file, says)`);
    }
  });
  return entries;
}

function matches(entry: BaselineEntry, line: string): boolean {
  if (!entry.difference.startsWith("* ")) return entry.difference === line;
  return line.slice(line.indexOf(" ") + 1) === entry.difference.slice(2);
}

/** The line for an operation of the contract that no method of the SDK calls, so nothing of it is compared. */
export const unmatchedLine = (operationId: string, method: string, path: string): string =>
  `${operationId}: no method of the SDK calls ${method.toUpperCase()} ${path}`;

/** Baseline entries whose reason the spec no longer gives: the file is gone or no longer says the words. */
export function unsupportedEntries(repositoryRoot: string, baseline: BaselineEntry[]): string[] {
  const squash = (text: string) => text.replace(/\s+/g, " ");
  return baseline.flatMap((entry) => {
    const file = join(repositoryRoot, entry.where.file);
    if (!existsSync(file)) return [`${entry.difference}: ${entry.where.file} does not exist`];
    return squash(readFileSync(file, "utf8")).includes(squash(entry.where.says))
      ? []
      : [`${entry.difference}: ${entry.where.file} does not say "${entry.where.says}"`];
  });
}

// Reading the SDK takes seconds (a TypeScript program over its declarations); the same SDK is read once.
const sitesCache = new Map<string, MethodSite[]>();
const sdkCache = new Map<string, SdkMethod[]>();

function methodsFor(contract: Contract, sdkDir: string): SdkMethod[] {
  let sites = sitesCache.get(sdkDir);
  if (sites === undefined) sitesCache.set(sdkDir, (sites = methodSites(sdkDir)));
  const wanted = sites.filter((site) => contract.findOperation(site.httpMethod, site.path));
  const key = JSON.stringify([sdkDir, wanted]);
  let methods = sdkCache.get(key);
  if (methods === undefined) {
    methods = sdkMethods(sdkDir, wanted);
    sdkCache.set(key, methods);
  }
  return methods;
}

export function checkDrift(contract: Contract, sdkDir: string, baseline: BaselineEntry[], repositoryRoot: string): DriftReport {
  const methods = methodsFor(contract, sdkDir);
  const compared: DriftReport["compared"] = [];
  const all: string[] = [];
  for (const operation of contract.operations) {
    const method = methods.find((m) => m.httpMethod === operation.method && m.path === operation.path);
    if (!method) {
      all.push(unmatchedLine(operation.operationId, operation.method, operation.path));
      continue;
    }
    compared.push({ operation: operation.operationId, method: method.name });
    const success = operation.responses.find((response) => response.status === "200");
    all.push(
      ...[
        ...compareFields(operation.operationId, "request", specFields(contract, operation.requestSchema), method.request),
        ...compareFields(operation.operationId, "response", specFields(contract, success?.schema ?? {}), method.response),
      ].map(lineOf),
    );
  }
  const accepted = all.filter((line) => baseline.some((entry) => matches(entry, line)));
  return {
    sdkVersion: sdkVersion(sdkDir),
    compared,
    lines: all.filter((line) => !accepted.includes(line)),
    accepted,
    stale: baseline.filter((entry) => !all.some((line) => matches(entry, line))),
    unsupported: unsupportedEntries(repositoryRoot, baseline),
  };
}
