/**
 * `db-connections-high`: open a Supabase plan-upgrade ticket, or comment on the one still open.
 * One open ticket per project and reason: the ledger names the current ticket, the tracker says whether it
 * is still open, and opening a new one is guarded by a conditional write (core/tickets/ledger.ts).
 */
import { PLAN_UPGRADE_TICKET } from "../actions/plan-upgrade-ticket.js";
import { type AlarmTrigger, alarmConsoleUrl, observedValue, routeAlarm, transitionKey } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import { act, type Plan, skip } from "../kernel/plan.js";
import type { ItemStore } from "../kernel/ports.js";
import { SUPABASE_METRICS } from "../supabase/metrics.js";
import type { MetricHistoryReader, MetricPoint } from "../supabase/ports.js";
import { summariseTrend } from "../supabase/trend.js";
import type { NewTicket } from "./effects.js";
import "./effects.js";
import { readLedger, TICKET_STEP_LEASE_SECONDS, ticketStepKey } from "./ledger.js";
import {
  repeatComment,
  type UpgradeAdvice,
  type UpgradeFacts,
  upgradeAdvice,
  upgradeBody,
  upgradeTitle,
} from "./plan-upgrade-body.js";
import { subjectKey, type TicketLedger, type TicketState, type TicketSubject, type TicketTracker } from "./types.js";

const ACTION = PLAN_UPGRADE_TICKET.name;
/** A webhook sink cannot say whether its ticket was closed: after this long, a repeat opens a new one. */
export const ASSUME_OPEN_DAYS = 30;

export interface PlanUpgradeInput {
  trigger: AlarmTrigger;
  stage: string;
  config: StageConfig;
  now: Date;
  /** The ticket standing for this project and reason, if any. */
  ledger?: TicketLedger;
  /** Its state in the tracker, when there is a ledger. */
  ticketState?: TicketState;
  /** Last hour of ConnectionUtilization, ActiveConnections and MaxConnections (one-minute maxima). */
  history: { utilisation: MetricPoint[]; active: MetricPoint[]; max: MetricPoint[] };
}

/**
 * Plans the ticket effect of a `db-connections-high` transition.
 * @example decidePlanUpgradeTicket(input).effects[0]?.type // "github.issues.create"
 */
export function decidePlanUpgradeTicket(input: PlanUpgradeInput): Plan {
  const { trigger, config, ledger } = input;
  const { alarmName, state } = trigger;
  const routed = routeAlarm(alarmName, config.alarmStage, ACTION);
  if (!routed) {
    return skip("unknown-alarm", `alarm "${alarmName}" matches no ${ACTION} row of stage "${config.alarmStage}"`);
  }
  if (state.value !== "ALARM") {
    return skip(
      state.value === "OK" ? "resolved" : "insufficient-data",
      `${alarmName} is ${state.value}: a ticket is opened on ALARM only, and stays open for a human to close`,
    );
  }
  const transition = transitionKey(trigger);
  if (ledger?.openedBy === transition) {
    return skip("already-ticketed", `this transition already opened ticket ${ledger.ref}`);
  }
  const facts = upgradeFacts(input);
  const advice = upgradeAdvice(config);
  const subject = ticketSubject(config, routed.row.id);
  const stepKey = `${ACTION}#${transition}`;

  if (ledger && isOpen(ledger, input.ticketState, input.now)) {
    return act(
      `ticket ${ledger.ref} for ${subjectKey(subject)} is still open: add this episode to it`,
      [commentEffect(config, ledger, facts, advice)],
      stepKey,
    );
  }
  const generation = (ledger?.generation ?? 0) + 1;
  const why = ledger
    ? `ticket ${ledger.ref} was closed and connections are high again: open a new one`
    : `connections above 80 % on ${config.supabase.projectRef}: open a plan-upgrade ticket`;
  const ticket = { subject, generation, transition };
  return {
    ...act(why, [openEffect(config, subject, ticket, facts, advice)], stepKey),
    // The generation's guard is claimed with the step, in the same round trip: opening waits for no claim of its own.
    alongside: [{ key: ticketStepKey(ticket), leaseSeconds: TICKET_STEP_LEASE_SECONDS }],
  };
}

function isOpen(ledger: TicketLedger, state: TicketState | undefined, now: Date): boolean {
  if (state === "open") return true;
  if (state === "closed") return false;
  return now.getTime() - Date.parse(ledger.openedAt) < ASSUME_OPEN_DAYS * 86_400_000;
}

export function ticketSubject(config: StageConfig, reason: string): TicketSubject {
  return { projectRef: config.supabase.projectRef, reason };
}

function upgradeFacts(input: PlanUpgradeInput): UpgradeFacts {
  const { trigger, stage, config, history } = input;
  const { alarmName, state } = trigger;
  const active = history.active.at(-1)?.value;
  const max = history.max.at(-1)?.value;
  return {
    stage,
    config,
    utilisation: observedValue(state) ?? history.utilisation.at(-1)?.value,
    ...(active !== undefined && max ? { connections: { used: Math.round(active), max: Math.round(max) } } : {}),
    trend: summariseTrend(history.utilisation),
    firedAt: state.timestamp,
    alarmName,
    consoleUrl: alarmConsoleUrl(config.region, alarmName),
  };
}

function openEffect(
  config: StageConfig,
  subject: TicketSubject,
  ticket: NewTicket,
  facts: UpgradeFacts,
  advice: UpgradeAdvice,
): PlannedEffect {
  const title = upgradeTitle(facts, advice);
  const ticketKey = `${subjectKey(subject)}#${ticket.generation}`;
  const body = upgradeBody(facts, advice, `<!-- hero365-ticket: ${ticketKey} -->`);
  const reason = advice.next
    ? `recommend ${advice.current.label} → ${advice.next.label} (${advice.next.maxConnections} connections)`
    : `no larger size adds connections: recommend pooling`;
  const { tickets } = config;
  if (tickets.sink === "webhook") {
    return effect(
      { type: "webhook.post", event: "ticket.opened", ticketKey, title, body, labels: tickets.labels, ticket },
      reason,
    );
  }
  return effect(
    {
      type: "github.issues.create",
      owner: tickets.owner,
      repo: tickets.repo,
      title,
      body,
      labels: tickets.labels,
      ticket,
    },
    reason,
  );
}

function commentEffect(
  config: StageConfig,
  ledger: TicketLedger,
  facts: UpgradeFacts,
  advice: UpgradeAdvice,
): PlannedEffect {
  const body = repeatComment(facts, advice);
  const { tickets } = config;
  const reason = `connections high again while ticket ${ledger.ref} is open`;
  if (tickets.sink === "webhook") {
    return effect(
      {
        type: "webhook.post",
        event: "ticket.commented",
        ticketKey: ledger.ref,
        title: "",
        body,
        labels: tickets.labels,
      },
      reason,
    );
  }
  return effect(
    {
      type: "github.issues.createComment",
      owner: tickets.owner,
      repo: tickets.repo,
      issueNumber: Number(ledger.ref),
      body,
    },
    reason,
  );
}

export interface PlanUpgradeContext {
  stage: string;
  config: StageConfig;
  now: Date;
  store: ItemStore;
  tracker: TicketTracker;
  history: MetricHistoryReader;
}

/** Reads what the decision needs (ledger, ticket state, last hour of metrics), then decides. */
export async function planUpgradeTicket(trigger: AlarmTrigger, ctx: PlanUpgradeContext): Promise<Plan> {
  const routed = routeAlarm(trigger.alarmName, ctx.config.alarmStage, ACTION);
  const input: PlanUpgradeInput = {
    trigger,
    stage: ctx.stage,
    config: ctx.config,
    now: ctx.now,
    history: { utilisation: [], active: [], max: [] },
  };
  if (!routed || trigger.state.value !== "ALARM") return decidePlanUpgradeTicket(input);
  const subject = ticketSubject(ctx.config, routed.row.id);
  // The ledger (then, when it names a ticket, that ticket's state) beside the last hour of metrics.
  const [{ ledger, ticketState }, utilisation, active, max] = await Promise.all([
    readLedger(ctx.store, subject).then(async (ledger) => ({
      ledger,
      ticketState: ledger ? await ctx.tracker.state(ledger.ref) : undefined,
    })),
    ctx.history.read(SUPABASE_METRICS.connectionUtilization, 60),
    ctx.history.read(SUPABASE_METRICS.activeConnections, 60),
    ctx.history.read(SUPABASE_METRICS.maxConnections, 60),
  ]);
  return decidePlanUpgradeTicket({ ...input, ledger, ticketState, history: { utilisation, active, max } });
}
