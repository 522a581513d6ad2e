import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSpecPath, mockControl, startMock } from "@sms-otp/mock";
import { MOCK_PROJECT_ID } from "./support/mock-project.js";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the suites send requests: the mock started here, or TEST_API_BASE_URL. */
    apiBaseUrl: string;
    /** False against Stytch, where tests that need the mock (Prefer, triggers, hostile input) are skipped. */
    onMock: boolean;
    /** The mock's HTTPS base URL and the CA that signed its certificate; empty against Stytch. */
    mockHttpsUrl: string;
    mockCaPath: string;
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
    project.provide("mockHttpsUrl", "");
    project.provide("mockCaPath", "");
    return undefined;
  }

  // The mock's lasting CA goes to a directory of the suite's, never the user's cache.
  const caDir = mkdtempSync(join(tmpdir(), "sms-otp-contract-ca-"));
  const mock = await startMock({ specPath, https: true, caDir });
  // These suites check the contract's examples: triggers, x-mock-default and the success example for any other valid
  // request. Their project keeps no state; the stateful rules have their own tests in @sms-otp/mock.
  await mockControl({ url: mock.url, projectId: MOCK_PROJECT_ID }).config({ stateful: false });
  project.provide("apiBaseUrl", mock.url);
  project.provide("onMock", true);
  project.provide("mockHttpsUrl", mock.httpsUrl ?? "");
  project.provide("mockCaPath", mock.caPath ?? "");
  return async () => {
    await mock.stop();
    rmSync(caDir, { recursive: true, force: true });
  };
}
