/**
 * What happened in a simulation, as records (for the summary, the report and tests) and as a readable
 * timeline: alarm transitions, decisions with their reasons, their effects, notifications, target-tracking
 * activities, and the scenario's own happenings.
 */
import type { AlarmTarget } from "../core/matrix/rows.js";

export type EntryKind = "scenario" | "alarm" | "aas" | "decision" | "effect" | "notification" | "side-effect" | "error";

export interface TimelineEntry {
  at: number;
  kind: EntryKind;
  target?: AlarmTarget;
  /** The source of the entry: the alarm's row, the function, the policy, the effect type. */
  label: string;
  text: string;
  /** Belongs to the decision above it (its effects). */
  nested?: boolean;
}

export interface TransitionRecord {
  at: number;
  alarm: string;
  row: string;
  target: AlarmTarget;
  from: string;
  to: string;
  value: number | undefined;
}

export interface DecisionRecord {
  at: number;
  functionName: string;
  /** How the function was reached: a rule (`rule <name>`), a follow-up, or a retry. */
  via: string;
  subject: string;
  target?: AlarmTarget;
  outcome: "act" | "hold" | "skip";
  code?: string;
  reason: string;
  status: string;
}

export type EffectCategory = "scale-out" | "floor-restore" | "notification" | "follow-up" | "state" | "side-effect";

export interface EffectRecord {
  at: number;
  functionName: string;
  type: string;
  category: EffectCategory;
  target?: AlarmTarget;
  text: string;
  /** The notification channel (`sns:alerts`, `sns:onCall`, `pagerduty`, `slack`, `github`, ...). */
  channel?: string;
  /** The subject of the decision that applied it (the alarm, for a reaction to one). */
  subject?: string;
  /** A scaling effect's desired count, before and after. */
  desired?: { from: number; to: number };
}

export interface ActivityRecord {
  at: number;
  service: AlarmTarget;
  direction: "out" | "in";
  from: number;
  to: number;
  policy: string;
  metric: number;
  target: number;
}

export interface FailureRecord {
  at: number;
  functionName: string;
  error: string;
  /** What happens to the event next: `retry in 60 s`, `dead-letter queue`, ... */
  next: string;
}

export interface Records {
  timeline: TimelineEntry[];
  transitions: TransitionRecord[];
  decisions: DecisionRecord[];
  effects: EffectRecord[];
  activities: ActivityRecord[];
  failures: FailureRecord[];
}

export function emptyRecords(): Records {
  return { timeline: [], transitions: [], decisions: [], effects: [], activities: [], failures: [] };
}

/** Adds a timeline entry; an absent target or a false `nested` is left out. */
export function addEntry(
  records: Records,
  entry: Omit<TimelineEntry, "target" | "nested"> & { target?: AlarmTarget; nested?: boolean },
): void {
  const { target, nested, ...rest } = entry;
  records.timeline.push({ ...rest, ...(target && { target }), ...(nested && { nested }) });
}

/** Times as `HH:MM:SS`, with the date (`MM-DD`) when the run spans more than a day. */
export function timeFormatter(start: number, end: number): (at: number) => string {
  const multiDay = end - start > 86_400_000;
  return (at) => {
    const iso = new Date(at).toISOString();
    return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
  };
}

/** The timeline as terminal lines. */
export function formatTimeline(entries: readonly TimelineEntry[], format: (at: number) => string): string[] {
  const width = format(0).length;
  return entries.map((e) => {
    const target = (e.target ?? "").padEnd(8);
    if (e.nested) return `${" ".repeat(width + 2)}${" ".repeat(8)}  ↳ ${e.text}`;
    return `${format(e.at)}  ${target}  ${e.label.padEnd(19)} ${e.text}`;
  });
}
