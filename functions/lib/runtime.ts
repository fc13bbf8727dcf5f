/**
 * What a handler runs against: the stage's config, the state table, the executors of effects, a clock.
 * Built from the Lambda environment on first use (never at import); the local tools and tests install
 * their own with `useRuntime`.
 */
import type { AppliedEffect } from "../../core/applier.js";
import type { StageConfig } from "../../core/config/index.js";
import type { DiagnosticsReader } from "../../core/diagnostics/port.js";
import { ConfigurationError } from "../../core/errors.js";
import { rememberingExecutors } from "../../core/notifications/memory.js";
import type { Executors, ItemStore } from "../../core/ports.js";
import type { ReactionContext } from "../../core/reaction.js";
import type { AlarmStateReader, KillSwitch, ServiceStateReader } from "../../core/scaling/service-state.js";
import type { SecretName } from "../../core/secrets.js";

export interface Runtime {
  stage: string;
  config: StageConfig;
  /** Record effects instead of applying them. */
  dryRun: boolean;
  now: () => Date;
  store: ItemStore;
  executors: Executors;
  /** A secret's value; throws a ConfigurationError when it is not set for this function. */
  secret: (name: SecretName) => Promise<string>;
  onEffect?: (applied: AppliedEffect) => void;
  /** Readers of the world, for the reactions that need them. */
  services?: ServiceStateReader;
  alarms?: AlarmStateReader;
  killSwitch?: KillSwitch;
  /** A service's state, deployments, events, metrics and error logs ("investigate"). */
  diagnostics?: DiagnosticsReader;
}

type Reader = "services" | "alarms" | "killSwitch" | "diagnostics";

/** A reader the reaction cannot do without; a runtime without it is misconfigured. */
export function need<K extends Reader>(runtime: Runtime, reader: K): NonNullable<Runtime[K]> {
  const value = runtime[reader];
  if (!value) throw new ConfigurationError(`this runtime has no ${reader} reader`);
  return value as NonNullable<Runtime[K]>;
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
    // Sent Slack messages are remembered on their episode, whoever built the executors.
    executors: rememberingExecutors(runtime.executors, runtime.store, runtime.now),
    dryRun: runtime.dryRun,
    now: runtime.now,
    onEffect: runtime.onEffect,
  };
}
