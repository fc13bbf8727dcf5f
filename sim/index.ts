/**
 * Runs a scenario end to end: the stage's stacks synthesized offline (their rules and alarms are the ones
 * simulated, deployed.ts), the state table in memory with DynamoDB's semantics (core/adapters/local/memory-items.ts, held to
 * the DynamoDB adapter on dynalite by a contract test), the real handlers, the simulated world.
 */
import { memoryItemStore } from "../core/adapters/local/memory-items.js";
import { localView } from "../core/config/as-live.js";
import { stageConfig } from "../core/config/index.js";
import { deployedFor } from "./deployed.js";
import { registeredEffectTypes } from "./effect-types.js";
import { type ComparedResult, type Progress, simulate } from "./engine.js";
import { loadWorld, worldRuntime } from "./local/world.js";
import type { Scenario } from "./scenario.js";

export { type Deployed, deployedFor } from "./deployed.js";
export type { ComparedResult, SimulationResult } from "./engine.js";

export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  /** Simulate the stage as the file configures it (shadow mode, no PagerDuty) instead of as if live. */
  asConfigured?: boolean;
  /** Invoke the reconciler on every scheduled run, even when it is known to find nothing to do. */
  invokeEveryScheduledRun?: boolean;
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<ComparedResult> {
  process.env.SST_STAGE = scenario.stage;
  const config = localView(stageConfig(scenario.stage), options.asConfigured === true);
  const [deployed, effectTypes, world] = await Promise.all([
    deployedFor(scenario.stage),
    registeredEffectTypes(),
    loadWorld(),
  ]);
  return simulate({
    scenario,
    config,
    rules: deployed.rules,
    alarms: deployed.alarms,
    store: memoryItemStore(),
    effectTypes,
    // Readers a feature adds to the local world (with their embedded defaults) come along; the world's
    // clock is the simulated one.
    baseRuntime: (cfg, now) => {
      Object.defineProperty(world, "now", { get: () => now().toISOString() });
      return worldRuntime(world, scenario.stage, cfg);
    },
    onProgress: options.onProgress,
    invokeEveryScheduledRun: options.invokeEveryScheduledRun,
  });
}
