import { expect, it } from "vitest";

it("runs the tests on Node 22, the major of the Lambda runtime (nodejs22.x)", () => {
  expect(process.versions.node.split(".")[0]).toBe("22");
});
