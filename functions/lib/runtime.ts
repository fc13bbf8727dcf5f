/**
 * What a handler runs against: the stage's config, the state table, the executors of effects, a clock.
 * Built from the Lambda environment on first use (never at import); the local tools and tests install
 * their own with `useRuntime`.
 */
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import type { DiagnosticsReader } from "../../core/diagnostics/port.js";
import type { InvoiceRepository } from "../../core/invoices/model.js";
import type { AppliedEffect } from "../../core/kernel/applier.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import type { Executors, ItemStore } from "../../core/kernel/ports.js";
import type { ReactionContext } from "../../core/kernel/reaction.js";
import { rememberingExecutors } from "../../core/notifications/remember.js";
import type { AlarmStateReader, KillSwitch, ServiceStateReader } from "../../core/scaling/service-state.js";
import type { SlackActionPorts } from "../../core/slack-actions/ports.js";
import type { SupabasePorts } from "../../core/supabase/ports.js";

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
  /** Readers of the world, for the reactions that need them. */
  services?: ServiceStateReader;
  alarms?: AlarmStateReader;
  killSwitch?: KillSwitch;
  /** A service's state, deployments, events, metrics and error logs ("investigate"). */
  diagnostics?: DiagnosticsReader;
  /** The Slack buttons' readers: the kill switch with its version, user groups' members. */
  slackActions?: SlackActionPorts;
  /** Supabase signals (usage, metrics sink, metric history, ticket lookups, query statistics). */
  supabase?: SupabasePorts;
  /** Hero365's invoices in Postgres, connected on first call (the URL is a secret). */
  invoices?: () => Promise<InvoiceRepository>;
  /** Where the SQS workers keep their exactly-once records (Powertools idempotency). */
  idempotency?: BasePersistenceLayer;
  /** Closes what the runtime opened (database connections), so a local tool can exit. */
  close?: () => Promise<void>;
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

/**
 * The installed runtime, or the one built from the Lambda environment. Functions that need more than the
 * common runtime pass their own builder, so what only they use stays out of the other functions' bundles.
 */
export async function currentRuntime(fromLambdaEnvironment = awsRuntime): Promise<Runtime> {
  if (installed) return installed;
  fromEnvironment ??= fromLambdaEnvironment();
  return fromEnvironment;
}

// Lazy import: the AWS SDK clients load on the first invocation of a deployed function only.
const awsRuntime = () => import("./aws-runtime.js").then((m) => m.awsRuntime());

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
