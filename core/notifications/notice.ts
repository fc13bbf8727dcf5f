/**
 * A notice is what a reaction wants humans to know, independent of the channel. `planNotice` turns it into
 * the channel effects (SNS today; Slack and PagerDuty plug in here), so every reaction notifies one way.
 */
import { effect, type PlannedEffect } from "../effects.js";
import type { AlarmTarget, RowId, Severity } from "../matrix.js";

export type NoticeKind = "alarm" | "step" | "hold" | "escalation" | "resolved" | "info";

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
  /** Page on-call as well (on-call topic). */
  page?: boolean;
}

const SUBJECT_MAX = 99;
const LABEL: Record<NoticeKind, string> = {
  alarm: "ALARM",
  step: "ACTION",
  hold: "HOLD",
  escalation: "ESCALATION",
  resolved: "RESOLVED",
  info: "INFO",
};

/**
 * The channel effects of a notice.
 * @example planNotice(notice).map((e) => e.type) // ["sns.Publish"]
 */
export function planNotice(notice: Notice): PlannedEffect[] {
  return [
    effect(
      {
        type: "sns.Publish",
        topic: notice.page ? "onCall" : "alerts",
        subject: `[${LABEL[notice.kind]}] hero365 ${notice.stage} ${notice.target}: ${notice.title}`.slice(
          0,
          SUBJECT_MAX,
        ),
        message: renderText(notice),
        attributes: {
          severity: notice.severity,
          service: notice.target,
          row: notice.row,
          state: notice.state,
        },
      },
      `${notice.kind} notice for ${notice.episodeKey}`,
    ),
  ];
}

/** Plain text for SNS (email, SMS, chat bridges). */
export function renderText(notice: Notice): string {
  return [
    notice.summary,
    ...(notice.action ? [`Action: ${notice.action}`] : []),
    ...(notice.costDelta ? [`Cost: ${notice.costDelta}`] : []),
    "",
    ...notice.fields.map((f) => `${f.label}: ${f.value}`),
    `Episode: ${notice.episodeKey}`,
    ...notice.links.map((l) => `${l.text}: ${l.url}`),
  ].join("\n");
}
