import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Chromium starts and renders the reference (2.3 MB of Redoc); on a busy 2-core machine that takes seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest 5 fails an expect.poll() whose callback has not answered within the timeout (vitest 4 always let the
    // attempt in flight finish, then tried once more); one Playwright call alone can take over a second on a busy
    // 2-core machine. Polls still end at the first attempt that passes.
    expect: { poll: { timeout: 10_000 } },
  },
});
