import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/**/*-assertions.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Stack tests synthesize (and bundle) the app: give them their own processes.
    pool: "forks",
    // A folder where each configuration's synthesis is left once for every stack test file (test/support/synth.ts).
    globalSetup: ["test/support/synth-run.ts"],
    env: {
      POWERTOOLS_DEV: "true",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    },
  },
});
