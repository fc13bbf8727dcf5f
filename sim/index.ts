/**
 * Runs a scenario end to end: the stage's stacks synthesized offline (their rules and alarms are the ones
 * simulated), the state table on an in-process dynalite, the real handlers, the simulated world.
 */
import { dynamoItemStore } from "../core/adapters/aws/dynamo-items.js";
import { localView } from "../core/config/as-live.js";
import { stageConfig } from "../core/config/index.js";
import { registeredEffectTypes } from "./effect-types.js";
import { type ComparedResult, type Progress, simulate } from "./engine.js";
import { type DeployedAlarm, deployedAlarms } from "./local/alarms.js";
import { startDynalite } from "./local/dynalite.js";
import { type DeployedRule, deployedRules } from "./local/rules.js";
import { synthesize } from "./local/synth.js";
import { loadWorld, worldRuntime } from "./local/world.js";
import type { Scenario } from "./scenario.js";
import { mirroredItemStore } from "./state-table.js";

export type { ComparedResult, SimulationResult } from "./engine.js";

const STATE_TABLE = "hero365-sim-state";

/** What a stage deploys that the simulation needs: its rules and its alarms. */
export interface Deployed {
  stage: string;
  rules: DeployedRule[];
  alarms: DeployedAlarm[];
}

const deployedByStage = new Map<string, Promise<Deployed>>();

/** Synthesizes the stage once per process (offline, no bundling: ~1 s) and reads its rules and alarms. */
export function deployedFor(stage: string): Promise<Deployed> {
  let deployed = deployedByStage.get(stage);
  if (!deployed) {
    deployed = synthesize(stage, { bundle: false }).then((app) => ({
      stage,
      rules: deployedRules(app),
      alarms: deployedAlarms(app),
    }));
    deployedByStage.set(stage, deployed);
  }
  return deployed;
}

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
  const dynamo = await startDynalite();
  try {
    await dynamo.createTable(STATE_TABLE);
    return await simulate({
      scenario,
      config,
      rules: deployed.rules,
      alarms: deployed.alarms,
      store: mirroredItemStore(dynamoItemStore(dynamo.client, STATE_TABLE)),
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
  } finally {
    await dynamo.close();
  }
}
