import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packs the published packages from a clean copy of the tree and installs the example once, for every file.
    globalSetup: ["./test/global-setup.ts"],
    // The example's own tests start the mock and Chromium; a busy 2-core machine slows them down.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
