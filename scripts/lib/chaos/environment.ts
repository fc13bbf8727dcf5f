/**
 * What every history of a chaos run shares: the stage's configuration, its deployed rules and alarms
 * (synthesized once, offline), the effect types, one dynalite for the state table, and the handlers.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { dynamoItemStore } from "../../../core/adapters/aws/dynamo-items.js";
import { asLive } from "../../../core/config/as-live.js";
import { type StageConfig, stageConfig } from "../../../core/config/index.js";
import type { ItemStore } from "../../../core/kernel/ports.js";
import { registeredEffectTypes } from "../../../sim/effect-types.js";
import { deployedFor } from "../../../sim/index.js";
import type { DeployedAlarm } from "../../../sim/local/alarms.js";
import { loadHandler, SAMPLE_STAGE } from "../../../sim/local/local-invoke.js";
import type { DeployedRule } from "../../../sim/local/rules.js";
import { startDynaliteProcess } from "./dynalite-process.js";
import { type DrivenAlarm, drivenAlarms } from "./history.js";

/** The reconciler's function, run when functions/reconcile.ts exists. */
export const RECONCILER = "reconcile";
const RECONCILER_FILE = path.resolve(import.meta.dirname, "../../../functions/reconcile.ts");
const TABLE = "hero365-chaos-state";

type Handler = Awaited<ReturnType<typeof loadHandler>>;

export interface ChaosEnvironment {
  stage: string;
  config: StageConfig;
  rules: DeployedRule[];
  alarms: DeployedAlarm[];
  driven: DrivenAlarm[];
  effectTypes: string[];
  store: ItemStore;
  reconcilerPresent: boolean;
  handler(fn: string): Promise<Handler>;
  /** A key prefix no other history of this environment has used. */
  nextPrefix(): string;
  close(): Promise<void>;
}

export async function chaosEnvironment(stage = SAMPLE_STAGE): Promise<ChaosEnvironment> {
  process.env.SST_STAGE = stage;
  const [deployed, effectTypes] = await Promise.all([deployedFor(stage), registeredEffectTypes()]);
  const dynamo = await startDynaliteProcess();
  await dynamo.createTable(TABLE);
  const handlers = new Map<string, Promise<Handler>>();
  let histories = 0;
  return {
    stage,
    // Like every local tool, the harness evaluates the stage as if live: it never applies anything, and a
    // stage in shadow mode would prove nothing about the actions.
    config: asLive(stageConfig(stage)),
    rules: deployed.rules,
    alarms: deployed.alarms,
    driven: drivenAlarms(stage),
    effectTypes,
    store: dynamoItemStore(dynamo.client, TABLE),
    reconcilerPresent: existsSync(RECONCILER_FILE),
    handler(fn) {
      let handler = handlers.get(fn);
      if (!handler) {
        handler = loadHandler(fn);
        handlers.set(fn, handler);
      }
      return handler;
    },
    nextPrefix: () => `h${++histories}`,
    close: () => dynamo.close(),
  };
}
