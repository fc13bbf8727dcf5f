/**
 * What a scale-out tells humans: the service and its cluster, the observed value against the threshold, the
 * window, the capacity as read (desired, running, pending, floor, max), what "investigate" found, and links to
 * the alarm and the service. An escalation is critical, a resolution informational, the rest the row's own.
 */

import { formatDuration, formatValue } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import type { MatrixRow } from "../matrix/rows.js";
import type { Service } from "../matrix/tiers.js";
import { alarmLinks, windowField } from "../notifications/alarm-notice.js";
import type { OneServiceDiagnostics } from "../notifications/diagnostics-text.js";
import type { Notice } from "../notifications/notice.js";
import type { ServiceState } from "./service-state.js";

/** The parts of a scale-out's input its notices read. */
export interface ScaleNoticeInput {
  stage: string;
  config: StageConfig;
  row: MatrixRow;
  service: Service;
  alarmName: string;
  episodeKey: string;
  state: { value: string };
  observed: number | undefined;
  serviceState: ServiceState;
  diagnostics?: OneServiceDiagnostics;
}

/**
 * A scale-out notice: what every one of them shows, then `parts` (kind, summary, and the action, its cost or a
 * page where there is one).
 * @example scaleNotice(input, { kind: "hold", summary: "paused" }).fields.map((f) => f.label) // ["Service", "Metric", "Window", "Capacity"]
 */
export function scaleNotice(
  input: ScaleNoticeInput,
  parts: Pick<Notice, "kind" | "summary"> & Partial<Notice>,
): Notice {
  const { config, row, service, observed } = input;
  return {
    episodeKey: input.episodeKey,
    severity: parts.kind === "resolved" ? "info" : parts.kind === "escalation" ? "critical" : row.severity,
    stage: input.stage,
    row: row.id,
    target: service,
    state: input.state.value,
    title: row.title,
    fields: [
      { label: "Service", value: `${config.ecs.services[service].serviceName} (${config.ecs.clusterName})` },
      {
        label: "Metric",
        value: `${formatValue(observed, row.unit)} vs threshold ${formatValue(row.threshold, row.unit)}`,
      },
      windowField(row),
      { label: "Capacity", value: capacityText(input.serviceState) },
      ...(input.diagnostics ? diagnosticFields(input.diagnostics) : []),
    ],
    links: alarmLinks(input.alarmName, service, config),
    ...parts,
  };
}

/**
 * The resolution's summary: how long the episode lasted and the steps it took.
 * @example resolvedSummary(input, "floor 6 → 3") // "CPU above 70 % on backend resolved after 12 min. floor 6 → 3. Actions taken: 3 → 6 at …."
 */
export function resolvedSummary(
  input: Pick<ScaleNoticeInput, "row" | "service"> & {
    state: { timestamp: string };
    episode: { openedAt: string; actions: { from: number; to: number; at: string }[] } | undefined;
  },
  reason: string,
): string {
  const { episode } = input;
  const duration = episode ? (formatDuration(episode.openedAt, input.state.timestamp) ?? "unknown time") : undefined;
  const taken = episode?.actions.map((a) => `${a.from} → ${a.to} at ${a.at}`).join(", ") || "none";
  return `${input.row.title} on ${input.service} resolved${duration ? ` after ${duration}` : ""}. ${reason}. Actions taken: ${taken}.`;
}

function capacityText(st: ServiceState): string {
  const target = st.scalableTarget;
  const bounds = target ? `, floor ${target.minCapacity}, max ${target.maxCapacity}` : ", no scalable target";
  return `desired ${st.desiredCount}, running ${st.runningCount}, pending ${st.pendingCount}${bounds}`;
}

/**
 * Diagnostics as a scale-out notice's fields. Shorter than `diagnosticsText` (core/notifications/
 * diagnostics-text.ts), which pages and the investigate rows use: three events with their full timestamps, and
 * each metric's latest value and peak with its point count.
 */
function diagnosticFields(diagnostics: OneServiceDiagnostics): Notice["fields"] {
  if ("unavailable" in diagnostics) {
    return [{ label: "Diagnostics", value: `unavailable: ${diagnostics.unavailable}` }];
  }
  const d = diagnostics;
  const series = d.metrics.map((m) => {
    const values = m.points.map((p) => p.value);
    const peak = values.length ? Math.max(...values) : undefined;
    const latest = values.at(-1);
    return `${m.label}: latest ${latest ?? "n/a"}, peak ${peak ?? "n/a"} (${m.points.length} points)`;
  });
  const events = d.events
    .slice(0, 3)
    .map((e) => `${e.at} ${e.message}`)
    .join(" | ");
  return [
    { label: "Recent deployment", value: d.recentDeployment ? "yes, within 30 min" : "none in 30 min" },
    ...(d.events.length ? [{ label: "Last ECS events", value: events }] : []),
    ...(series.length ? [{ label: "Last 15 min", value: series.join("; ") }] : []),
  ];
}
