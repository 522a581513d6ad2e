import { defaultSpecPath, startMock } from "@sms-otp/mock";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the suites send requests: the mock started here, or TEST_API_BASE_URL. */
    apiBaseUrl: string;
    /** False against Stytch, where tests that need the mock's Prefer or sl-violations headers are skipped. */
    onMock: boolean;
    /** The bundled spec the cases are read from, and that the mock serves. */
    specPath: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // A way to run the suites against another bundle (a spec change under review, say) without rebuilding.
  const specPath = process.env["CONTRACT_SPEC_PATH"] ?? defaultSpecPath();
  project.provide("specPath", specPath);

  const external = process.env["TEST_API_BASE_URL"];
  if (external !== undefined && external !== "") {
    if (!process.env["STYTCH_PROJECT_ID"] || !process.env["STYTCH_SECRET"]) {
      throw new Error("TEST_API_BASE_URL is set: also set STYTCH_PROJECT_ID and STYTCH_SECRET of a test project");
    }
    project.provide("apiBaseUrl", external.replace(/\/+$/, ""));
    project.provide("onMock", false);
    return undefined;
  }

  // Keep the tail of Prism's request log: if Prism dies mid-run, every later test fails with ECONNREFUSED,
  // and only this log says why.
  let logTail = "";
  const mock = await startMock({ specPath, onOutput: (text) => (logTail = (logTail + text).slice(-4000)) });
  let stopping = false;
  void mock.exited.then(({ code, signal }) => {
    if (!stopping) console.error(`Prism exited during the tests (code ${code}, signal ${signal}). Its last output:\n${logTail}`);
  });
  project.provide("apiBaseUrl", mock.url);
  project.provide("onMock", true);
  return () => {
    stopping = true;
    return mock.stop();
  };
}
