/**
 * Is an alarm event still the world's? EventBridge delivers at least once, in no order, retries for up to the
 * rule's maximum event age, and a DLQ redrive can come days later (DESIGN.md §4.9). Before a reaction acts on
 * an ALARM it compares the event with the alarm as CloudWatch has it now and with the closing mark its OK may
 * have left; a stale ALARM is skipped (`stale-event`) and audited like every other decision.
 */
import type { AlarmState } from "../../events/schemas/cloudwatch-alarm.js";
import { type Plan, skip } from "../kernel/plan.js";
import type { Item, ItemStore } from "../kernel/ports.js";
import type { AlarmStateReader, CurrentAlarmState } from "../scaling/service-state.js";
import { type AlarmTrigger, formatDuration } from "./event.js";

export const STALE_EVENT = "stale-event";

/** A closing mark outlives a DLQ redrive (messages are kept up to 14 days). */
export const CLOSING_MARK_TTL_SECONDS = 14 * 86_400;

/**
 * Two readings of one transition (the event, DescribeAlarms) may differ by rounding; a newer transition needs
 * a state change in between and another evaluation, which takes at least one period (10 s or more).
 */
const SAME_TRANSITION_MS = 5_000;

export interface ClosingMark {
  alarmName: string;
  /** The ALARM transition the OK ended, as CloudWatch wrote it. */
  openedAt: string;
  /** The OK transition's timestamp. */
  closedAt: string;
}

export type Freshness =
  | { fresh: true; ageMs: number }
  | { fresh: false; code: typeof STALE_EVENT | "alarm-gone"; reason: string; ageMs: number };

export interface FreshnessInput {
  /** The event's transition. */
  alarmName: string;
  state: Pick<AlarmState, "value" | "timestamp">;
  /** The alarm as DescribeAlarms answers now; undefined when it no longer exists. */
  current: Pick<CurrentAlarmState, "value" | "timestamp"> | undefined;
  /** The closing mark of the event's episode, when its OK arrived first. */
  mark?: ClosingMark;
  now: Date;
}

/**
 * Judges an ALARM event against the alarm now. Other transitions are always fresh here: a late OK still closes
 * its own episode (the decision keeps a floor a newer episode raised, see `newerEpisodeSince`).
 * @example judgeFreshness({ alarmName, state: alarm, current: { value: "OK", timestamp }, now }).fresh // false
 */
export function judgeFreshness(input: FreshnessInput): Freshness {
  const { alarmName, state, current, mark, now } = input;
  const ageMs = Math.max(0, now.getTime() - Date.parse(state.timestamp));
  if (state.value !== "ALARM") return { fresh: true, ageMs };
  const age = formatDuration(state.timestamp, now.toISOString()) ?? "dated after now";
  const event = `the ALARM of ${state.timestamp} (${age === "dated after now" ? age : `${age} old`})`;
  if (mark) {
    return {
      fresh: false,
      code: STALE_EVENT,
      ageMs,
      reason: `${event} is already over: its OK arrived first (at ${mark.closedAt})`,
    };
  }
  if (!current) return { fresh: false, code: "alarm-gone", ageMs, reason: `${event}: ${alarmName} no longer exists` };
  if (current.value !== "ALARM") {
    return {
      fresh: false,
      code: STALE_EVENT,
      ageMs,
      reason: `${event} is out of date: ${alarmName} is ${current.value} now (since ${current.timestamp})`,
    };
  }
  if (newerTransition(current.timestamp, state.timestamp)) {
    return {
      fresh: false,
      code: STALE_EVENT,
      ageMs,
      reason: `${event} is out of date: ${alarmName} is in ALARM since a later transition (${current.timestamp}), a newer episode`,
    };
  }
  return { fresh: true, ageMs };
}

/**
 * When the alarm is in ALARM now since a transition later than `after` (a newer episode than the one an OK
 * ends), that transition's time; otherwise undefined.
 */
export function newerEpisodeSince(current: Pick<CurrentAlarmState, "value" | "timestamp"> | undefined, after: string) {
  return current?.value === "ALARM" && newerTransition(current.timestamp, after) ? current.timestamp : undefined;
}

function newerTransition(current: string, event: string): boolean {
  return Date.parse(current) - Date.parse(event) > SAME_TRANSITION_MS;
}

/** The plan a stale event gets instead of its decision's; a decision that skips anyway keeps its own reason. */
export function guardFreshness(plan: Plan, freshness: Freshness): Plan {
  if (freshness.fresh || plan.outcome === "skip") return plan;
  return skip(freshness.code, freshness.reason);
}

export interface FreshnessPorts {
  alarms: AlarmStateReader;
  store: ItemStore;
  now: () => Date;
}

/**
 * Reads what `judgeFreshness` needs for an event (the alarm now, the closing mark) and judges. Follow-ups are
 * not judged: they re-read the alarm themselves. A failed read throws: acting on an unknown world is worse
 * than waiting for the retry.
 */
export async function readFreshness(trigger: AlarmTrigger, ports: FreshnessPorts): Promise<Freshness> {
  const { alarmName, state } = trigger;
  if (trigger.followUp || state.value !== "ALARM") {
    return { fresh: true, ageMs: Math.max(0, ports.now().getTime() - Date.parse(state.timestamp)) };
  }
  const [current, mark] = await Promise.all([
    ports.alarms.read(alarmName),
    readClosingMark(ports.store, alarmName, state.timestamp),
  ]);
  return judgeFreshness({ alarmName, state, current, now: ports.now(), ...(mark && { mark }) });
}

/**
 * The state-table item an OK that found no episode leaves, so its ALARM arriving later is recognised as over.
 * Keyed by the episode (alarm + ALARM transition): a duplicate OK writes the same item again.
 */
export function closingMarkItem(mark: ClosingMark, now: Date): Item {
  return {
    ...closingMarkKey(mark.alarmName, mark.openedAt),
    ...mark,
    expiresAt: Math.floor(now.getTime() / 1000) + CLOSING_MARK_TTL_SECONDS,
  };
}

export async function readClosingMark(
  store: ItemStore,
  alarmName: string,
  openedAt: string,
): Promise<ClosingMark | undefined> {
  const { pk, sk } = closingMarkKey(alarmName, openedAt);
  const item = await store.get(pk, sk);
  if (!item) return undefined;
  return { alarmName: item.alarmName as string, openedAt: item.openedAt as string, closedAt: item.closedAt as string };
}

/** CloudWatch writes `…+0000`; the key holds one format so the OK and its ALARM meet. */
function closingMarkKey(alarmName: string, openedAt: string): { pk: string; sk: string } {
  return { pk: `CLOSED#${alarmName}`, sk: `EPISODE#${new Date(Date.parse(openedAt)).toISOString()}` };
}
