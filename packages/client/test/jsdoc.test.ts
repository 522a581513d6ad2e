// Every public export and every option a user can pass has JSDoc, so editors show it on hover.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const program = ts.createProgram([entry], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  strict: true,
  noEmit: true,
});
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile) as ts.Symbol;
const exported = checker.getExportsOfModule(moduleSymbol);

function resolved(symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function documentation(symbol: ts.Symbol): string {
  return ts.displayPartsToString(resolved(symbol).getDocumentationComment(checker)).trim();
}

/** The properties of an exported interface, and of the object types they hold, down to the methods. */
function members(symbol: ts.Symbol, prefix: string, depth = 0): [string, ts.Symbol][] {
  const type = checker.getDeclaredTypeOfSymbol(resolved(symbol));
  const walk = (current: ts.Type, path: string, level: number): [string, ts.Symbol][] =>
    current.getProperties().flatMap((property) => {
      const name = `${path}.${property.getName()}`;
      const declaration = property.valueDeclaration;
      // Groups written inline (stytch.otps.sms: `{ send(...) }`) need no text of their own; what they hold does.
      const isGroup =
        declaration !== undefined &&
        ts.isPropertySignature(declaration) &&
        declaration.type !== undefined &&
        ts.isTypeLiteralNode(declaration.type);
      if (isGroup && level < 4) return walk(checker.getTypeOfSymbolAtLocation(property, declaration), name, level + 1);
      return [[name, property] as [string, ts.Symbol]];
    });
  return walk(type, prefix, depth);
}

describe("JSDoc", () => {
  it("the entry point exports what the README lists", () => {
    expect(exported.map((symbol) => symbol.getName()).sort()).toEqual([
      "AcceptUndefined",
      "B2BOtpsSmsAuthenticateRequest",
      "B2BOtpsSmsAuthenticateResponse",
      "B2BOtpsSmsSendRequest",
      "B2BOtpsSmsSendResponse",
      "B2BSessionsAuthenticateRequest",
      "B2BSessionsAuthenticateResponse",
      "B2BSessionsRevokeRequest",
      "B2BSessionsRevokeResponse",
      "Fetch",
      "KnownErrorType",
      "OtpsAuthenticateRequest",
      "OtpsAuthenticateResponse",
      "OtpsSmsLoginOrCreateRequest",
      "OtpsSmsLoginOrCreateResponse",
      "OtpsSmsSendRequest",
      "OtpsSmsSendResponse",
      "RawPaths",
      "RetryOptions",
      "SendOptions",
      "SendResult",
      "SessionsAuthenticateRequest",
      "SessionsAuthenticateResponse",
      "SessionsRevokeRequest",
      "SessionsRevokeResponse",
      "StytchClient",
      "StytchClientOptions",
      "StytchError",
      "StytchRequestError",
      "StytchRequestErrorKind",
      "createStytchClient",
      "isStytchError",
    ]);
  });

  it.each(exported.map((symbol) => [symbol.getName(), symbol] as const))("export %s has JSDoc", (_name, symbol) => {
    expect(documentation(symbol).length).toBeGreaterThan(20);
  });

  const optionTypes = ["StytchClientOptions", "SendOptions", "RetryOptions", "StytchClient", "StytchRequestError"];
  const options = exported
    .filter((symbol) => optionTypes.includes(symbol.getName()))
    .flatMap((symbol) => members(symbol, symbol.getName()))
    .filter(([name]) => !/\.(name|message|stack|toJSON)$/.test(name));

  it("finds the options and methods it checks", () => {
    expect(options.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "StytchClientOptions.projectId",
        "StytchClientOptions.secret",
        "StytchClientOptions.baseUrl",
        "StytchClientOptions.timeoutMs",
        "StytchClientOptions.fetch",
        "StytchClientOptions.retry",
        "RetryOptions.attempts",
        "SendOptions.signal",
        "StytchClient.otps.sms.send",
        "StytchClient.b2b.otps.sms.send",
        "StytchClient.otps.authenticate",
        "StytchClient.b2b.otps.sms.authenticate",
        "StytchClient.otps.sms.loginOrCreate",
        "StytchClient.sessions.authenticate",
        "StytchClient.sessions.revoke",
        "StytchClient.b2b.sessions.authenticate",
        "StytchClient.b2b.sessions.revoke",
        "StytchClient.raw",
      ])
    );
  });

  it.each(options)("%s has JSDoc", (_name, symbol) => {
    expect(documentation(symbol).length).toBeGreaterThan(20);
  });

  it("send says what it costs, what international numbers need and what comes next", () => {
    const send = options.find(([name]) => name === "StytchClient.otps.sms.send")?.[1];
    const text = send ? documentation(send) : "";
    expect(text).toMatch(/bills/);
    expect(text).toMatch(/International/);
    expect(text).toMatch(/POST \/v1\/otps\/authenticate/);
    expect(text).toMatch(/phone_id.*method_id/s);
  });

  it.each(["StytchClient.otps.authenticate", "StytchClient.b2b.otps.sms.authenticate"])(
    "%s says when a retry is safe and that the session tokens are secrets",
    (method) => {
      const authenticate = options.find(([name]) => name === method)?.[1];
      const text = authenticate ? documentation(authenticate) : "";
      expect(text).toMatch(/works? once/);
      expect(text).toMatch(/retry is safe\s+when the request never\s+reached Stytch/);
      expect(text).toMatch(/session_token.*session_jwt.*never\s+writes/s);
    },
  );

  it("loginOrCreate says what it costs, that it creates Users and what comes next", () => {
    const method = options.find(([name]) => name === "StytchClient.otps.sms.loginOrCreate")?.[1];
    const text = method ? documentation(method) : "";
    expect(text).toMatch(/bills/);
    expect(text).toMatch(/user_created/);
    expect(text).toMatch(/phone_id.*method_id/s);
    expect(text).toMatch(/retry is safe\s+only when the request never reached Stytch/);
  });

  it.each([
    "StytchClient.sessions.authenticate",
    "StytchClient.sessions.revoke",
    "StytchClient.b2b.sessions.authenticate",
    "StytchClient.b2b.sessions.revoke",
  ])("%s says whether it is billed, when a retry is safe and that the session tokens are secrets", (method) => {
    const found = options.find(([name]) => name === method)?.[1];
    const text = found ? documentation(found) : "";
    expect(text).toMatch(/Not billed/);
    expect(text).toMatch(/retry is safe/);
    expect(text).toMatch(/session_token.*session_jwt.*credentials.*never\s+writes/s);
    expect(text).toMatch(/session_not_found/);
  });
});
