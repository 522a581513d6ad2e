import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The command-line tests start a Node process that loads the contract; under a full ./scripts/test on a busy
    // 2-core machine that alone has taken more than vitest's default 5 s.
    testTimeout: 30_000,
  },
});
