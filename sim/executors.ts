/**
 * Executors that apply a reaction's effects to the simulated world — the "dry run applied to a simulated
 * world": the applier runs live (runtime.dryRun false), but nothing outside this process is touched.
 * Scaling effects move the simulated services, follow-ups go on the simulated queue, state writes go to the
 * state table (in memory, with DynamoDB's semantics), a ticket is opened through the ticket ledger as in production (one open ticket per
 * project and reason: a repeat comments on it). Every other registered effect type is recorded on the
 * timeline as a notification or side effect and answers like its API would, so the reaction goes on.
 */

import type { StageConfig } from "../core/config/index.js";
import type { Executor, Executors, ItemStore } from "../core/kernel/ports.js";
import type { SqsSendMessage } from "../core/kernel/queues.js";
import { stateUpdater, stateWriter } from "../core/kernel/state-writer.js";
import type { AlarmTarget } from "../core/matrix/rows.js";
import { SERVICES, type Service } from "../core/matrix/tiers.js";
import { ecsResourceId } from "../core/scaling/effects.js";
import { guardTicketOpening } from "../core/tickets/ledger.js";
import type { TicketTracker } from "../core/tickets/types.js";
import { SimulationError } from "./errors.js";
import type { SimIngest } from "./ingest.js";
import type { EffectRecord } from "./timeline.js";
import type { SimWorld } from "./world.js";

export interface ExecutorHooks {
  now(): Date;
  config: StageConfig;
  world: SimWorld;
  store: ItemStore;
  /** Sets a service's desired count (launching or stopping tasks). */
  setDesired(service: Service, count: number): void;
  /** Puts a follow-up on the simulated queue; returns its message id. */
  sendMessage(effect: FollowUpMessage): string;
  /** Records what an effect did. */
  note(record: Omit<EffectRecord, "at" | "functionName">): void;
  /** The webhook ingest path (sim/ingest.ts): the app bus, the fallback queue. */
  ingest?: Pick<SimIngest, "putEvents" | "keep" | "hide">;
}

export type FollowUpMessage = Extract<SqsSendMessage, { queue: "followUps" }>;

/**
 * Effect types the simulator records without modelling, and why recording is faithful: nothing the run goes on
 * to read depends on what they would have done outside. A new effect type fails a test until it is listed here
 * or modelled above (test/unit/sim-executors.test.ts).
 */
export const RECORD_ONLY: Readonly<Record<string, string>> = {
  "slack.chat.postMessage":
    "a message to humans; the sent message's channel and ts are answered and remembered on the episode by the same wrapper as in production (functions/lib/runtime.ts)",
  "slack.chat.update": "edits a message to humans; nothing the pipeline reads back",
  "slack.webhook.post": "a message to humans; an incoming webhook answers nothing to read back",
  "pagerduty.trigger":
    "a page; the dedup key is answered as PagerDuty does, and the episode state that decides re-pages and resolves is written to the real state table",
  "pagerduty.resolve": "resolves a page; nothing the pipeline reads back",
  "pagerduty.acknowledge":
    "a Slack Acknowledge click (slack-actions); the simulator's clicks are pause and resume only, and an acknowledge changes nothing the pipeline reads back",
  "lambda.Invoke":
    "hands a slow Slack click (Acknowledge, Approve, Scale back) to a second invocation of slack-actions; the simulator's clicks are pause and resume only, which never hand off",
  "slack.respond": "the ephemeral answer to a Slack click, for the person who clicked; nothing the pipeline reads back",
  "ssm.PutParameter":
    "the kill switch written by a Slack click: the simulator applies the click's decided value to its world's kill switch itself (slack-click.ts), which the reactions then read",
  "github.issues.createComment":
    "a comment on the ticket the ledger names; the ledger itself is real (opening goes through guardTicketOpening)",
  "s3.PutObject":
    "invoice PDFs: the simulator follows a webhook to the invoice worker's queue (sim/ingest.ts) and counts its jobs there; the PDF is read by nothing the run goes on to read",
  "sqs.SendMessageBatch":
    "the invoice sweep's re-enqueued jobs: the sweep's schedule is not simulated (it reads the invoices table, which a scenario does not hold)",
  "postgres.invoices.update":
    "the worker's write of an invoice's PDF key: the invoices table is not simulated, and nothing in the run reads it back",
};

/** Channels whose effects are messages to humans, by the effect type's prefix. */
const HUMAN_CHANNELS = new Set(["sns", "slack", "pagerduty", "github", "webhook", "ses"]);

/**
 * The simulated ticket tracker: the tickets a run opens, numbered like GitHub issues from 1, all still open
 * (nobody closes a ticket during a simulation).
 */
export class SimTickets {
  private readonly opened = new Set<string>();

  open(ref: string): string {
    this.opened.add(ref);
    return ref;
  }

  get count(): number {
    return this.opened.size;
  }

  readonly tracker: TicketTracker = {
    state: async (ref) => (this.opened.has(ref) ? "open" : "closed"),
  };
}

export function simExecutors(
  hooks: ExecutorHooks,
  registered: readonly string[],
  tickets: SimTickets = new SimTickets(),
): Executors {
  const recorded = Object.fromEntries(registered.map((type) => [type, recordOnly(hooks, type)]));
  const record = (type: string) => recorded[type] as (effect: unknown) => Promise<Record<string, unknown>>;
  // Production wraps the opening executors in the ledger's guard (functions/lib/supabase.ts): so does this.
  const opening = {
    ...(registered.includes("github.issues.create") && {
      "github.issues.create": guardTicketOpening(hooks.store, hooks.now, async (e) => {
        await record(e.type)(e);
        const ref = tickets.open(String(tickets.count + 1));
        return { ref, url: `https://example.invalid/simulated/issues/${ref}` };
      }),
    }),
    ...(registered.includes("webhook.post") && {
      "webhook.post": guardTicketOpening(hooks.store, hooks.now, async (e) => {
        await record(e.type)(e);
        return { ref: tickets.open(e.ticketKey) };
      }),
    }),
  } as Executors;
  const modeled: Executors = {
    ...opening,
    "applicationautoscaling.RegisterScalableTarget": async (e) => {
      const service = serviceOf(hooks.config, (s) => ecsResourceId(hooks.config.ecs.clusterName, s) === e.resourceId);
      const svc = hooks.world.services[service];
      const target = svc.scalableTarget;
      if (!target) throw new SimulationError(`ObjectNotFoundException: no scalable target ${e.resourceId}`);
      if (e.minCapacity > target.maxCapacity) {
        throw new SimulationError(
          `ValidationException: MinCapacity ${e.minCapacity} > MaxCapacity ${target.maxCapacity}`,
        );
      }
      const before = target.minCapacity;
      const desired = svc.desired;
      target.minCapacity = e.minCapacity;
      const raise = desired < e.minCapacity;
      if (raise) hooks.setDesired(service, e.minCapacity);
      hooks.note({
        type: e.type,
        category: e.minCapacity > before ? "scale-out" : "floor-restore",
        target: service,
        desired: { from: desired, to: svc.desired },
        text:
          `floor ${before} → ${e.minCapacity}` +
          (raise
            ? `: AAS raises desired ${desired} → ${e.minCapacity}`
            : e.minCapacity < before
              ? ": target tracking scales in when the load allows"
              : ` (desired already ${desired})`),
      });
      return {};
    },
    "ecs.UpdateService": async (e) => {
      const service = serviceOf(hooks.config, (s) => s === e.service);
      const before = hooks.world.services[service].desired;
      hooks.setDesired(service, e.desiredCount);
      hooks.note({
        type: e.type,
        category: e.desiredCount > before ? "scale-out" : "floor-restore",
        target: service,
        desired: { from: before, to: e.desiredCount },
        text: `desired ${before} → ${e.desiredCount} (ecs.UpdateService)`,
      });
      return { service: { desiredCount: e.desiredCount } };
    },
    "sns.Publish": async (e) => {
      hooks.note({
        type: e.type,
        category: "notification",
        target: e.attributes.service,
        channel: `sns:${e.topic}`,
        text: `${e.topic === "onCall" ? "on-call topic" : "alerts topic"}: ${e.subject}`,
      });
      return { messageId: `sim-${hooks.now().getTime()}` };
    },
    "events.PutEvents": async (e) => {
      if (hooks.ingest) return hooks.ingest.putEvents(e);
      hooks.note({ type: e.type, category: "side-effect", text: `events.PutEvents to the ${e.bus} bus (no ingest)` });
      return { eventIds: e.entries.map(() => `sim-${hooks.now().getTime()}`) };
    },
    "sqs.ChangeMessageVisibility": async (e) => {
      if (hooks.ingest && e.queue === "ingestFallback") return hooks.ingest.hide(e);
      hooks.note({ type: e.type, category: "side-effect", text: `sqs.ChangeMessageVisibility on ${e.queue}` });
      return {};
    },
    "sqs.SendMessage": async (e) => {
      if (e.queue === "ingestFallback" && hooks.ingest) return hooks.ingest.keep(e);
      if (e.queue !== "followUps") {
        hooks.note({ type: e.type, category: "side-effect", text: `sqs.SendMessage to ${e.queue} (not simulated)` });
        return { messageId: `sim-${hooks.now().getTime()}` };
      }
      const messageId = hooks.sendMessage(e);
      hooks.note({
        type: e.type,
        category: "follow-up",
        text: `follow-up to ${e.body.functionName} in ${e.delaySeconds} s (step ${e.body.step}, due ${e.body.dueAt.slice(11, 19)})`,
      });
      return { messageId };
    },
    "dynamodb.PutItem": async (e) => {
      const output = await stateWriter(hooks.store)(e);
      hooks.note({ type: e.type, category: "state", text: `state ${e.item.pk}` });
      return output;
    },
    "dynamodb.UpdateItem": async (e) => {
      const output = await stateUpdater(hooks.store)(e);
      hooks.note({ type: e.type, category: "state", text: `state ${e.pk}` });
      return output;
    },
  };
  return { ...recorded, ...modeled };
}

function recordOnly(hooks: ExecutorHooks, type: string): Executor<never> {
  return async (effect: unknown) => {
    const e = effect as Record<string, unknown>;
    const channel = type.split(".")[0] as string;
    hooks.note({
      type,
      category: HUMAN_CHANNELS.has(channel) ? "notification" : "side-effect",
      target: targetOf(e),
      channel,
      text: `${type}: ${describe(e)}`,
    });
    const now = hooks.now();
    // Answers shaped like the APIs' (Slack's channel + ts, GitHub's number, PagerDuty's dedup key), so a
    // reaction that keeps them for later (to edit, comment, resolve) goes on.
    return {
      ok: true,
      simulated: true,
      channel: typeof e.channel === "string" ? e.channel : "C0SIMULATED",
      ts: `${Math.floor(now.getTime() / 1000)}.${String(now.getTime() % 1000).padStart(3, "0")}100`,
      number: 1,
      html_url: "https://example.invalid/simulated/1",
      dedup_key: typeof e.dedupKey === "string" ? e.dedupKey : undefined,
      status: "success",
    };
  };
}

function serviceOf(config: StageConfig, matches: (serviceName: string) => boolean): Service {
  const service = SERVICES.find((s) => matches(config.ecs.services[s].serviceName));
  if (!service) throw new SimulationError("ServiceNotFoundException: the effect names no simulated service");
  return service;
}

function targetOf(e: Record<string, unknown>): AlarmTarget | undefined {
  const attributes = e.attributes as { service?: string } | undefined;
  const candidate = attributes?.service ?? (e.target as string | undefined) ?? (e.service as string | undefined);
  return candidate === "backend" || candidate === "frontend" || candidate === "supabase" ? candidate : undefined;
}

function describe(e: Record<string, unknown>): string {
  for (const key of ["summary", "title", "subject", "text", "message", "body", "dedupKey"]) {
    const value = e[key];
    if (typeof value === "string" && value) return value.length > 110 ? `${value.slice(0, 107)}...` : value;
  }
  return "(recorded)";
}
