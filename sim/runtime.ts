/**
 * The runtime handlers get in a simulation: the simulated world's readers (ECS, alarms, kill switch,
 * diagnostics, the Supabase metric history) over whatever else the local world gives, the state table with
 * every decision's audit record reported to the timeline, executors that apply effects to the simulated
 * world, the simulated clock, and fake secrets.
 */

import type { StageConfig } from "../core/config/index.js";
import type { SecretName } from "../core/config/secrets.js";
import type { AuditRecord } from "../core/kernel/audit.js";
import type { Item, ItemStore } from "../core/kernel/ports.js";
import type { Service } from "../core/matrix/tiers.js";
import { computeSpec } from "../core/supabase/compute.js";
import type { BaseRuntime, DiagnosticsPorts, LocalRuntime, ScalingPorts } from "../functions/lib/runtime.js";
import { type ExecutorHooks, SimTickets, simExecutors } from "./executors.js";
import { SIM_WEBHOOK_SECRET } from "./ingest.js";
import type { Lambdas } from "./lambda.js";
import { type SimWorld, supabaseHistory } from "./world.js";

export interface SimRuntimeInput {
  /** The local world's runtime (sim/local/world.ts): readers features add there come along. */
  base: LocalRuntime | undefined;
  stage: string;
  config: StageConfig;
  now: () => Date;
  world: SimWorld;
  store: ItemStore;
  lambdas: Lambdas;
  setDesired: (service: Service, count: number) => void;
  effectTypes: readonly string[];
  /** The webhook ingest path's app bus and fallback queue. */
  ingest?: ExecutorHooks["ingest"];
}

/** The simulated world's readers over what the local world gives (all of it, when there is one). */
export type SimRuntime = BaseRuntime & ScalingPorts & Required<DiagnosticsPorts> & Partial<LocalRuntime>;

export function simRuntime(input: SimRuntimeInput): SimRuntime {
  const { base, config, now, world, lambdas } = input;
  const store = tapAudits(input.store, (audit) => lambdas.audited(audit));
  const tickets = new SimTickets();
  const executors = simExecutors(
    {
      now,
      config,
      world,
      store,
      setDesired: input.setDesired,
      sendMessage: (effect) => lambdas.sendMessage(effect),
      note: (record) => lambdas.note(record),
      ingest: input.ingest,
    },
    input.effectTypes,
    tickets,
  );
  return {
    ...base,
    ...(base?.supabase && {
      supabase: {
        ...base.supabase,
        history: supabaseHistory(world.supabase, computeSpec(config.supabase.computeSize).maxConnections, now),
        tickets: tickets.tracker,
      },
    }),
    stage: input.stage,
    config,
    // The applier runs live: the executors above apply every effect to the simulated world only. Not a local
    // run either: the ingest functions, which record instead of forwarding in one, forward to the simulated bus.
    dryRun: false,
    local: false,
    now,
    store,
    executors,
    secret: fakeSecret,
    services: world.serviceReader(now),
    alarms: world.alarmReader(),
    killSwitch: world.killSwitch(),
    diagnostics: world.diagnostics(now),
  };
}

/**
 * The state table, with every audit record (one per decision, DESIGN.md §4.1) reported as it is written, then
 * dropped from the table: the timeline holds it, no handler reads audits back, and a month of them (the
 * reconciler's every run while an alarm fires) would be most of what a long run keeps in memory. The write
 * itself still goes through the table, so a record DynamoDB would refuse fails here too.
 */
function tapAudits(store: ItemStore, onAudit: (audit: AuditRecord) => void): ItemStore {
  return {
    get: (pk, sk) => store.get(pk, sk),
    delete: (pk, sk) => store.delete(pk, sk),
    query: (pk, fromSk) => store.query(pk, fromSk),
    update: (update, condition) => store.update(update, condition),
    put: async (item: Item, condition) => {
      const written = await store.put(item, condition);
      if (written && item.pk.startsWith("AUDIT#")) {
        onAudit(item as unknown as AuditRecord);
        await store.delete(item.pk, item.sk);
      }
      return written;
    },
  };
}

/** Secrets are recognisable fakes; a URL-shaped one points at a closed loopback port, so nothing leaves. */
export async function fakeSecret(name: SecretName): Promise<string> {
  if (name === "SUPABASE_WEBHOOK_SECRET") return SIM_WEBHOOK_SECRET;
  if (name === "SUPABASE_DB_URL") return "postgres://sim-fake-user:sim-fake-password@127.0.0.1:9/sim-fake";
  if (name.endsWith("_URL")) return `http://127.0.0.1:9/sim-fake-${name.toLowerCase()}`;
  return `sim-fake-${name.toLowerCase()}`;
}
