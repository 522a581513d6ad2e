import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Prism takes 2-4 s to start on a busy 2-core machine, and several tests start one.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
