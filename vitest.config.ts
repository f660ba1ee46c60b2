import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/e2e/**", "test/contract/**"],
        },
      },
      // The repository contract suite (test/contract/database.ts), once on each database driver.
      {
        extends: true,
        test: {
          name: "contract:better-sqlite3",
          include: ["test/contract/**/*.contract.test.ts"],
          provide: { databaseDriver: "better-sqlite3" },
        },
      },
      {
        extends: true,
        test: {
          name: "contract:d1",
          include: ["test/contract/**/*.contract.test.ts"],
          provide: { databaseDriver: "d1" },
          // Each file starts workerd and migrates D1 over Miniflare's proxy: seconds on a busy machine.
          hookTimeout: 60_000,
        },
      },
      {
        // Browser tests (test/support/browser.ts): after the others, one file at a time, so Chromium
        // never competes with the rest of the suite for the machine's two cores.
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
