/**
 * What a handler runs against. Every function shares a base (the stage's config, the state table, the
 * executors of effects, a clock, its secrets) and adds exactly the ports its reaction reads: scale-ecs the
 * services, alarms, kill switch and diagnostics; the ingest nothing more. Built from the Lambda environment on
 * first use (never at import, functions/lib/runtimes.ts); the local tools and tests give their own through
 * `useRuntime` (functions/lib/middleware/runtime.ts), typed by the function they give it to.
 */
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import type { DiagnosticsReader } from "../../core/diagnostics/port.js";
import type { InvoiceRepository } from "../../core/invoices/model.js";
import type { AppliedEffect } from "../../core/kernel/applier.js";
import type { EffectType } from "../../core/kernel/effects.js";
import type { Executors, ItemStore } from "../../core/kernel/ports.js";
import type { ReactionContext } from "../../core/kernel/reaction.js";
import { rememberingExecutors } from "../../core/notifications/remember.js";
import type { AlarmStateReader, KillSwitch, ServiceStateReader } from "../../core/scaling/service-state.js";
import type { SlackActionPorts } from "../../core/slack-actions/ports.js";
import type { SupabasePorts } from "../../core/supabase/ports.js";

export interface BaseRuntime {
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
  /** Starts loading what an effect type's executor needs, ahead of its first use (the deployed runtime). */
  prepare?: (type: EffectType) => void;
  /** Closes what the runtime opened (database connections), so a local tool can exit. */
  close?: () => Promise<void>;
}

/** The alarms as they are now: every alarm reaction checks its event still describes them. */
export interface AlarmPorts {
  alarms: AlarmStateReader;
}

/** What a scale-out reads (scale-ecs, the reconciler, Scale back). */
export interface ScalingPorts extends AlarmPorts {
  services: ServiceStateReader;
  killSwitch: KillSwitch;
}

/** A service's state, deployments, events, metrics and error logs ("investigate"); a reaction does without. */
export interface DiagnosticsPorts {
  diagnostics?: DiagnosticsReader;
}

/** Supabase signals (usage, metrics sink, metric history, ticket lookups, query statistics). */
export interface SupabaseRuntimePorts {
  supabase: SupabasePorts;
}

/** Hero365's invoices in Postgres, connected on first call (the URL is a secret). */
export interface InvoicePorts {
  invoices: () => Promise<InvoiceRepository>;
}

export type AlarmRuntime = BaseRuntime & AlarmPorts;
export type NotifyRuntime = AlarmRuntime;
export type PageOncallRuntime = AlarmRuntime & DiagnosticsPorts;
export type ScaleEcsRuntime = BaseRuntime & ScalingPorts & DiagnosticsPorts;
export type PlanUpgradeTicketRuntime = AlarmRuntime & SupabaseRuntimePorts;
export type OptimizeQueryAlertRuntime = AlarmRuntime & SupabaseRuntimePorts;
export type SupabaseMetricsRuntime = BaseRuntime & SupabaseRuntimePorts;
export type ReconcileRuntime = BaseRuntime & ScalingPorts;
export type InvoiceSweepRuntime = BaseRuntime & InvoicePorts;
export type InvoiceWorkerRuntime = BaseRuntime &
  InvoicePorts & {
    /** Where the worker keeps its exactly-once records (Powertools idempotency). */
    idempotency: BasePersistenceLayer;
  };
/** The ingest and its redrive forward onto the app bus: the base is all they use. */
export type IngestRuntime = BaseRuntime;
/** The Slack buttons' readers; Scale back also reads what scale-ecs reads, when the runtime has it. */
export type SlackActionsRuntime = BaseRuntime &
  Partial<ScalingPorts> &
  DiagnosticsPorts & {
    /** The kill switch with its version, user groups' members, alarms and tickets. */
    slackActions: SlackActionPorts;
  };

/** Each function's runtime, by function name (functions/<name>.ts). */
export interface Runtimes {
  notify: NotifyRuntime;
  "page-oncall": PageOncallRuntime;
  "scale-ecs": ScaleEcsRuntime;
  "plan-upgrade-ticket": PlanUpgradeTicketRuntime;
  "optimize-query-alert": OptimizeQueryAlertRuntime;
  "supabase-metrics": SupabaseMetricsRuntime;
  reconcile: ReconcileRuntime;
  "invoice-sweep": InvoiceSweepRuntime;
  "invoice-worker": InvoiceWorkerRuntime;
  "ingest-redrive": IngestRuntime;
  "supabase-webhook": IngestRuntime;
  "slack-actions": SlackActionsRuntime;
}

export type FunctionName = keyof Runtimes;

/** Every function's ports at once: what the local world gives, so any handler can run against it. */
export type LocalRuntime = BaseRuntime &
  ScalingPorts &
  DiagnosticsPorts &
  SupabaseRuntimePorts &
  InvoiceWorkerRuntime &
  SlackActionsRuntime;

export function reactionContext(runtime: BaseRuntime, functionName: string): ReactionContext {
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
