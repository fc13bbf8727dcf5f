/**
 * A notice: what a reaction wants humans to know, independent of the channel (core/notifications/plan-notice.ts
 * turns it into Slack, SNS and PagerDuty effects).
 */
import type { AlarmTarget, RowId, Severity } from "../matrix/rows.js";
import type { NoticeDiagnostics } from "./diagnostics-text.js";

/** `reminder`: the alarm is still firing (a re-page); the others name what the reaction did. */
export type NoticeKind = "alarm" | "step" | "hold" | "escalation" | "reminder" | "resolved" | "info";

export interface Notice {
  /** One message per episode: later notices of the same episode update it. */
  episodeKey: string;
  kind: NoticeKind;
  severity: Severity;
  stage: string;
  row: RowId;
  target: AlarmTarget;
  /** The alarm state the notice is about (ALARM, OK, ...). */
  state: string;
  /** A headline, e.g. "CPU above 70 %". */
  title: string;
  /** What happened and what was done, in a sentence or two. */
  summary: string;
  /** Label/value pairs: service, metric, value vs threshold, window, ... */
  fields: { label: string; value: string }[];
  /** The action taken (or that would be taken, in shadow), e.g. "floor 4 → 6". */
  action?: string;
  /** Monthly/hourly cost change of the action, human-readable. */
  costDelta?: string;
  links: { text: string; url: string }[];
  /** Page on-call as well (on-call topic, PagerDuty). */
  page?: boolean;
  /** When it happened (the transition's or the step's time); defaults to the instant the episode was read for. */
  at?: string;
  /** What "investigate" found, or why it could not. */
  diagnostics?: NoticeDiagnostics;
  /** The window the diagnostics' metrics cover, in minutes (15 by default). */
  diagnosticsMinutes?: number;
}
