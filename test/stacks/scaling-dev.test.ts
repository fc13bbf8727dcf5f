import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe } from "vitest";
import { synthTemplates } from "../support/synth.js";
import { scalingStackAssertions } from "./scaling-assertions.js";

let scaling: Template;

beforeAll(async () => {
  scaling = (await synthTemplates("dev", { bundle: false })).template("Scaling");
}, 120_000);

describe("Scaling stack, dev (Startup tier)", () => {
  scalingStackAssertions("dev", () => scaling);
});
