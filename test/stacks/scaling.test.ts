import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { synthTemplates } from "../support/synth.js";
import { scalingStackAssertions } from "./scaling-assertions.js";

let scaling: Template;
let bundles: { handler: string; bytes: number }[];

beforeAll(async () => {
  const synth = await synthTemplates("prod");
  scaling = synth.template("Scaling");
  bundles = synth.app.bundles;
}, 120_000);

describe("Scaling stack, prod (Growth tier)", () => {
  scalingStackAssertions("prod", () => scaling);

  it("runs scale-ecs on nodejs22.x, arm64", () => {
    scaling.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "functions/scale-ecs.handler",
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
    });
    expect(bundles.find((b) => b.handler === "functions/scale-ecs.handler")?.bytes).toBeGreaterThan(0);
  });
});
