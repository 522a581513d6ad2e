import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Starts the mock once for every file, unless TEST_API_BASE_URL points the suites at Stytch.
    globalSetup: ["./test/global-setup.ts"],
    // Each property runs dozens of HTTP round trips; a busy 2-core machine slows them down.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
