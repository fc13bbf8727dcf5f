/**
 * What a handler runs against: the stage's config, the state table, the executors of effects, a clock.
 * Built from the Lambda environment on first use (never at import); the local tools and tests install
 * their own with `useRuntime`.
 */
import type { AppliedEffect } from "../../core/applier.js";
import type { StageConfig } from "../../core/config/index.js";
import type { Executors, ItemStore } from "../../core/ports.js";
import type { ReactionContext } from "../../core/reaction.js";
import type { SecretName } from "../../core/secrets.js";

export interface Runtime {
  stage: string;
  config: StageConfig;
  /** Record effects instead of applying them. */
  dryRun: boolean;
  /** A local run (invoke, replay, world): nothing may reach AWS, not even what a deployed dry-run stage does. */
  local?: boolean;
  now: () => Date;
  store: ItemStore;
  executors: Executors;
  /** A secret's value; throws a ConfigurationError when it is not set for this function. */
  secret: (name: SecretName) => Promise<string>;
  onEffect?: (applied: AppliedEffect) => void;
}

let installed: Runtime | undefined;
let fromEnvironment: Promise<Runtime> | undefined;

/** Installs the runtime handlers use from now on (local invoke, simulator, tests); `undefined` resets. */
export function useRuntime(runtime: Runtime | undefined): void {
  installed = runtime;
}

export async function currentRuntime(): Promise<Runtime> {
  if (installed) return installed;
  // Lazy import: the AWS SDK clients load on the first invocation of a deployed function only.
  fromEnvironment ??= import("./aws-runtime.js").then((m) => m.awsRuntime());
  return fromEnvironment;
}

export function reactionContext(runtime: Runtime, functionName: string): ReactionContext {
  return {
    functionName,
    stage: runtime.stage,
    store: runtime.store,
    executors: runtime.executors,
    dryRun: runtime.dryRun,
    now: runtime.now,
    onEffect: runtime.onEffect,
  };
}
