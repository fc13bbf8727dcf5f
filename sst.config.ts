import type { SSTConfig } from "sst";
import { DEFAULT_STAGE, stageConfig } from "./core/config/index.js";
import { hero365 } from "./stacks/index.js";

export default {
  config(input) {
    const stage = input.stage ?? DEFAULT_STAGE;
    return { name: "hero365-scaling", region: stageConfig(stage).region, ...(input.stage && { stage }) };
  },
  stacks(app) {
    hero365(app);
  },
} satisfies SSTConfig;
