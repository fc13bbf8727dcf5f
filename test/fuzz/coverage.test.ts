import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { functionNames } from "../../sim/local/local-invoke.js";

describe("the fuzz suite", () => {
  it("has a property test for every handler in functions/", async () => {
    const missing = (await functionNames()).filter(
      (fn) => !existsSync(path.join(import.meta.dirname, `${fn}.test.ts`)),
    );
    expect(missing).toEqual([]);
  });
});
