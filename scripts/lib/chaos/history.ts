/**
 * A chaos history: what the alarms really did (spans of ALARM or INSUFFICIENT_DATA over hours, OK in between
 * and at the end), how each state change event was delivered (on time, duplicated, late within the rules'
 * retry window, dead-lettered and redriven days later, or lost), and when AWS misbehaved (API throttling
 * windows, failed invocations). Plain data, so a shrunk history prints and replays as it is.
 */
import { alarmName } from "../../../core/alarms/name.js";
import { type AlarmTarget, type MatrixRow, rowsForAction, targetsOf } from "../../../core/matrix/rows.js";
import { SERVICES } from "../../../core/matrix/tiers.js";

export type SpanState = "ALARM" | "INSUFFICIENT_DATA";

/** How one state change event reaches the rules. */
export type Delivery =
  /** Each copy arrives `delaysSeconds[i]` after the transition (duplicates: more than one copy). */
  | { kind: "copies"; delaysSeconds: number[] }
  /** Lambda's retries were exhausted: the event waits in the DLQ and is redriven days later. */
  | { kind: "redrive"; afterDays: number }
  /** Never delivered (the reconciler must heal what it leaves behind). */
  | { kind: "lost" };

export interface Span {
  alarm: string;
  state: SpanState;
  /** Minutes after the history's start. */
  from: number;
  minutes: number;
  /** The breaching datapoint, as a multiple of the threshold (ALARM spans). */
  level: number;
  /** Delivery of the transition into the span, and of the transition out of it. */
  onset: Delivery;
  end: Delivery;
}

/** AWS APIs the simulated ports answer; a throttled one throws ThrottlingException. */
export const AWS_APIS = [
  "ecs.DescribeServices",
  "cloudwatch.DescribeAlarms",
  "cloudwatch.GetMetricData",
  "ssm.GetParameter",
  "applicationautoscaling.RegisterScalableTarget",
  "ecs.UpdateService",
  "sns.Publish",
  "sqs.SendMessage",
] as const;
export type AwsApi = (typeof AWS_APIS)[number];

export interface Throttle {
  api: AwsApi;
  from: number;
  minutes: number;
}

/** Invocations of `fn` that start within the window fail before the handler runs (a crash, a timeout). */
export interface Outage {
  fn: string;
  from: number;
  minutes: number;
}

export interface History {
  spans: Span[];
  throttles: Throttle[];
  outages: Outage[];
  /** SQS delivers at least once: every follow-up is received twice, the copy this many seconds later. */
  followUpCopyAfterSeconds?: number;
}

/** An alarm the harness drives: a row of the matrix on one service. */
export interface DrivenAlarm {
  name: string;
  row: MatrixRow;
  target: AlarmTarget;
}

/**
 * The alarms a history may move: the scale-out rows, the paging rows and the notify rows of core/matrix/rows.ts,
 * on every ECS service (a new row of these actions is driven without a change here).
 */
export function drivenAlarms(stage: string): DrivenAlarm[] {
  const rows = [...rowsForAction("scale-out"), ...rowsForAction("page-oncall"), ...rowsForAction("notify")];
  return rows.flatMap((row) =>
    targetsOf(row)
      .filter((target) => (SERVICES as readonly string[]).includes(target))
      .map((target) => ({ name: alarmName(stage, row.id, target), row, target })),
  );
}

/** One alarm's state change, as CloudWatch makes it. */
export interface Transition {
  alarm: string;
  at: number;
  from: "OK" | SpanState;
  to: "OK" | SpanState;
  /** Start of the state being left (its timestamp goes in `previousState`). */
  fromSince: number;
  level: number;
  delivery: Delivery;
}

/**
 * The transitions a history's spans make: spans of one alarm are taken in time order, and a span that
 * overlaps the one before it is dropped; a span starting where the previous ends changes state directly.
 */
export function transitionsOf(history: History, start: number): Transition[] {
  const byAlarm = new Map<string, Span[]>();
  for (const span of keptSpans(history)) byAlarm.set(span.alarm, [...(byAlarm.get(span.alarm) ?? []), span]);
  const transitions: Transition[] = [];
  const minute = (m: number) => start + m * 60_000;
  for (const [alarm, kept] of byAlarm) {
    let state: "OK" | SpanState = "OK";
    let since = start - 3_600_000;
    kept.forEach((span, i) => {
      const at = minute(span.from);
      transitions.push({
        alarm,
        at,
        from: state,
        to: span.state,
        fromSince: since,
        level: span.level,
        delivery: span.onset,
      });
      state = span.state;
      since = at;
      const next = kept[i + 1];
      const endAt = minute(span.from + span.minutes);
      if (next && next.from === span.from + span.minutes) return;
      transitions.push({ alarm, at: endAt, from: state, to: "OK", fromSince: since, level: 0.5, delivery: span.end });
      state = "OK";
      since = endAt;
    });
  }
  return transitions.sort((a, b) => a.at - b.at || a.alarm.localeCompare(b.alarm));
}

/** The spans a history plays, in time order per alarm: a span overlapping an earlier one of its alarm is ignored. */
export function keptSpans(history: History): Span[] {
  const kept: Span[] = [];
  const ends = new Map<string, number>();
  for (const span of [...history.spans].sort((a, b) => a.from - b.from)) {
    if (span.from < (ends.get(span.alarm) ?? Number.NEGATIVE_INFINITY)) continue;
    ends.set(span.alarm, span.from + span.minutes);
    kept.push(span);
  }
  return kept;
}
