import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { declaredNodes } from "./declared-nodes.js";
import { AUTHORIZATION, closedPort, PROJECT_ID, SECRET, SEND_RESPONSE, startServer, stytchError } from "./helpers.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
// TypeScript 7's native compiler (the typecheck tasks' tsgo): the same strict check in a fraction of tsc 5.9's time.
const tsgo = join(require.resolve("@typescript/native-preview/package.json"), "..", "bin", "tsgo");
const typesNodeVersion = (
  JSON.parse(readFileSync(require.resolve("@types/node/package.json"), "utf8")) as { version: string }
).version;
const { version, engines } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
  version: string;
  engines: { node: string };
};
// Under `pnpm run`, npm_execpath is the pnpm that runs us; pnpm (not npm) replaces catalog: and workspace: ranges.
const pnpm = process.env.npm_execpath?.includes("pnpm") ? [process.execPath, process.env.npm_execpath] : ["pnpm"];
// The README example as a user would paste it: the first ts block under "## Usage".
const readmeExample = /## Usage\s+```ts\n([\s\S]*?)```/.exec(readFileSync(join(packageDir, "README.md"), "utf8"))?.[1];

const work = mkdtempSync(join(tmpdir(), "sms-otp-client-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pnpmRun(args: string[], cwd: string) {
  const [command = "pnpm", ...prefix] = pnpm;
  // Settings of the pnpm running this test (frozen lockfile in CI, the workspace...) must not leak into the fresh project.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key)));
  return run(command, [...prefix, ...args], { cwd, env, timeout: 60_000 });
}

describe("publishing", () => {
  it("pnpm publish --dry-run passes, with LICENSE, README and the metadata in the tarball", async () => {
    // A stand-in registry on loopback that knows no package: the dry run may only read (npm asks whether the
    // version exists), and a publish, a PUT, would be recorded here instead of reaching npmjs.org.
    const received: string[] = [];
    const { baseUrl } = await startServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      request.resume();
      response.writeHead(404, { "Content-Type": "application/json" }).end("{}");
    });
    const { stdout } = await pnpmRun(
      ["publish", "--dry-run", "--no-git-checks", "--json", "--registry", `${baseUrl}/`],
      packageDir
    );
    expect(received.every((line) => line.startsWith("GET "))).toBe(true);
    const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as Record<string, { files: { path: string }[] }>;
    const paths = report["@sms-otp/client"]?.files.map((file) => file.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts"]));
    expect(paths.filter((path) => !path.startsWith("dist/")).sort()).toEqual(["LICENSE", "README.md", "package.json"]);
  }, 60_000);
});

describe("the packed tarball in a fresh TypeScript project", () => {
  it("installs, compiles the README example under strict settings, and runs it against a local server on every declared Node", async () => {
    // Started first: fetching a Node the npm registry's cache lacks takes seconds, the steps below as long.
    const nodesFetched = declaredNodes(engines.node);
    expect(existsSync(join(packageDir, "dist", "index.js")), "run `pnpm build` before the tests").toBe(true);
    expect(readmeExample).toBeDefined();

    await pnpmRun(["pack", "--pack-destination", work], packageDir);
    const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
    expect(tarball).toBe(`sms-otp-client-${version}.tgz`);
    // Most of it is dist/generated/schema.d.ts: the types of the nine endpoints, every description kept as JSDoc
    // (49.7 kB with the login_or_create and sessions endpoints).
    expect(statSync(join(work, tarball ?? "")).size).toBeLessThan(55_000);

    const app = join(work, "app");
    mkdirSync(join(app, "src"), { recursive: true });
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({
        name: "readme-example",
        private: true,
        type: "module",
        dependencies: { "@sms-otp/client": `file:../${tarball}`, "@types/node": typesNodeVersion },
      })
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          types: ["node"],
          // Checking every .d.ts (mostly @types/node) triples the run time; types-resolved.ts below catches
          // declarations of this package that would silently degrade to any.
          skipLibCheck: true,
          rootDir: "src",
          outDir: "dist",
        },
        include: ["src"],
      })
    );
    writeFileSync(join(app, "src", "example.ts"), readmeExample ?? "");
    writeFileSync(
      join(app, "src", "types-resolved.ts"),
      [
        'import type { SendResult, OtpsSmsSendResponse, StytchClient, StytchError } from "@sms-otp/client";',
        "type IsAny<T> = 0 extends 1 & T ? true : false;",
        'export const response: IsAny<SendResult<OtpsSmsSendResponse>["response"]> = false;',
        'export const phoneId: IsAny<OtpsSmsSendResponse["phone_id"]> = false;',
        'export const errorType: IsAny<StytchError["error_type"]> = false;',
        'export const raw: IsAny<StytchClient["raw"]> = false;',
        'export const rawPost: IsAny<StytchClient["raw"]["POST"]> = false;',
      ].join("\n")
    );
    // The store already holds openapi-fetch and @types/node from the workspace install; the registry is asked only if not.
    await pnpmRun(
      ["install", "--prefer-offline", "--no-frozen-lockfile", "--ignore-scripts", "--reporter=silent"],
      app
    );

    const installed = JSON.parse(
      readFileSync(join(app, "node_modules", "@sms-otp", "client", "package.json"), "utf8")
    ) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(installed.dependencies)).toEqual(["openapi-fetch"]);
    expect(installed.dependencies["openapi-fetch"]).toMatch(/^\d+\.\d+\.\d+$/);
    const installedDir = join(app, "node_modules", "@sms-otp", "client");
    expect(readdirSync(installedDir).sort()).toEqual(["LICENSE", "README.md", "dist", "package.json"]);
    expect(readFileSync(join(installedDir, "LICENSE"), "utf8")).toMatch(
      /^MIT License\n\nCopyright \(c\) 2026 sms-otp contributors\n/
    );
    expect(JSON.parse(readFileSync(join(installedDir, "package.json"), "utf8"))).toMatchObject({
      license: "MIT",
      repository: {
        type: "git",
        url: "git+https://github.com/sms-otp/sms-otp.git",
        directory: "packages/client",
      },
      homepage: "https://sms-otp.github.io/sms-otp/",
      bugs: "https://github.com/sms-otp/sms-otp/issues",
      engines: { node: "^20.19 || >=22.12" },
      publishConfig: { access: "public", provenance: true },
    });

    // The compiler prints its errors on stdout, which execFile's error message leaves out.
    await run(process.execPath, [tsgo, "-p", app], { timeout: 60_000 }).catch((error: { stdout?: string }) => {
      throw new Error(`the README example does not compile:\n${error.stdout ?? ""}`);
    });

    // ESM-only: CommonJS code loads it with require() from Node 20.19 and 22.12 on (require(esm)), as engines promises.
    writeFileSync(
      join(app, "require.cjs"),
      'const { createStytchClient } = require("@sms-otp/client");\n' +
        'console.log(typeof createStytchClient({ projectId: "project-test-x", secret: "s" }).otps.sms.send);\n'
    );
    const nodes = await nodesFetched;
    expect(nodes.map((node) => Number(node.version.split(".")[0]))).toEqual([20, 22, 24]);

    const received: { authorization?: string | undefined; userAgent?: string | undefined }[] = [];
    let answer = { status: 200, body: SEND_RESPONSE as object };
    const { baseUrl } = await startServer((request, response) => {
      received.push({ authorization: request.headers.authorization, userAgent: request.headers["user-agent"] });
      request.resume();
      response.writeHead(answer.status, { "Content-Type": "application/json" }).end(JSON.stringify(answer.body));
    });
    const runExample = async (execPath: string, stytchBaseUrl: string) => {
      const { stdout } = await run(execPath, [join(app, "dist", "example.js")], {
        env: {
          PATH: process.env.PATH,
          STYTCH_PROJECT_ID: PROJECT_ID,
          STYTCH_SECRET: SECRET,
          STYTCH_BASE_URL: stytchBaseUrl,
        },
        timeout: 30_000,
      });
      return stdout.trim();
    };

    const port = await closedPort();

    for (const { version: nodeVersion, execPath } of nodes) {
      const required = await run(execPath, ["--no-warnings", join(app, "require.cjs")], { cwd: app });
      expect(required.stdout.trim(), `require() on Node ${nodeVersion}`).toBe("function");

      received.length = 0;
      answer = { status: 200, body: SEND_RESPONSE };
      expect(await runExample(execPath, baseUrl), `Node ${nodeVersion}`).toBe(
        `Sent: authenticate the code with method_id ${SEND_RESPONSE.phone_id}`
      );
      expect(received).toEqual([{ authorization: AUTHORIZATION, userAgent: `sms-otp-client/${version}` }]);

      answer = { status: 429, body: stytchError(429, "too_many_requests") };
      expect(await runExample(execPath, baseUrl)).toMatch(/^Stytch said no: too_many_requests \(request request-id-test-/);

      const output = await runExample(execPath, `http://127.0.0.1:${port}`);
      expect(output).toMatch(/^No usable answer from Stytch \(network\): POST \/v1\/otps\/sms\/send got no response/);
      expect(output).not.toContain(SECRET);
    }
  }, 240_000);
});
