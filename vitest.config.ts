import { defineConfig } from "vitest/config";

// Under CI a JSON report is written too, so .ci/run can print its closing count line.
const reporters = process.env.CI ? ["default", ["json", { outputFile: ".ci/results.json" }]] : ["default"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: reporters as never,
    pool: "forks",
  },
});
