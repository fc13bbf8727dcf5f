/**
 * Diagnostics as short lines a human reads in Slack, an email or a PagerDuty incident: deployments, the last
 * ECS service events, the counts of the last minutes, the top error log lines.
 */
import type { ServiceDiagnostics } from "../diagnostics/port.js";
import type { Service } from "../matrix/tiers.js";

export type OneServiceDiagnostics = ServiceDiagnostics | { unavailable: string };
/** One service's, or, for the load balancer, each service's behind it (its 5xx do not say whose). */
export type NoticeDiagnostics = OneServiceDiagnostics | { services: Partial<Record<Service, OneServiceDiagnostics>> };

const EVENTS_SHOWN = 5;
const LOG_LINES_SHOWN = 5;
const LINE_MAX = 300;

export interface DiagnosticsText {
  /** Service counts and deployments. */
  service: string[];
  /** The newest ECS service events. */
  events: string[];
  /** One line per metric over the window: sums for counts, the latest value otherwise. */
  metrics: string[];
  /** Top error log lines, when the log group was queried. */
  errors: string[];
}

export function diagnosticsText(diagnostics: NoticeDiagnostics): DiagnosticsText {
  if ("services" in diagnostics) return eachService(diagnostics.services);
  if ("unavailable" in diagnostics) {
    return { service: [`Diagnostics unavailable: ${diagnostics.unavailable}`], events: [], metrics: [], errors: [] };
  }
  const d = diagnostics;
  const deployments = d.deployments.map(
    (dep) => `${dep.status}${dep.rolloutState ? ` (${dep.rolloutState})` : ""} since ${clock(dep.createdAt)}`,
  );
  return {
    service: [
      `Tasks: ${d.runningCount} running / ${d.desiredCount} desired${d.pendingCount ? `, ${d.pendingCount} pending` : ""}`,
      `Recent deployment (30 min): ${d.recentDeployment ? "yes" : "no"}${deployments.length ? ` — ${deployments.join("; ")}` : ""}`,
      ...(d.notes ?? []),
    ],
    events: d.events.slice(0, EVENTS_SHOWN).map((e) => `${clock(e.at)} ${clip(e.message)}`),
    metrics: d.metrics.map((series) => {
      const values = series.points.map((p) => p.value);
      if (values.length === 0) return `${series.label}: no data`;
      if (series.unit === "Count") return `${series.label}: ${sum(values)}`;
      const latest = values.at(-1) as number;
      return `${series.label}: ${round(latest)}${series.unit === "Percent" ? " %" : " s"} (latest)`;
    }),
    errors: (d.errorLogLines ?? []).slice(0, LOG_LINES_SHOWN).map((l) => `${l.count} × ${clip(l.message)}`),
  };
}

/** Every service's sections, each line naming its service. */
function eachService(all: Partial<Record<Service, OneServiceDiagnostics>>): DiagnosticsText {
  const sections = Object.entries(all).map(([name, d]) => {
    const text = diagnosticsText(d);
    const named = (lines: string[]) => lines.map((line) => `${name}: ${line}`);
    return {
      service: named(text.service),
      events: named(text.events),
      metrics: named(text.metrics),
      errors: named(text.errors),
    };
  });
  return {
    service: sections.flatMap((s) => s.service),
    events: sections.flatMap((s) => s.events),
    metrics: sections.flatMap((s) => s.metrics),
    errors: sections.flatMap((s) => s.errors),
  };
}

/** All sections as plain text, for SNS and PagerDuty. */
export function diagnosticsPlainText(diagnostics: NoticeDiagnostics, minutes: number): string[] {
  const text = diagnosticsText(diagnostics);
  return [
    ...text.service,
    ...(text.metrics.length ? [`Last ${minutes} min:`, ...text.metrics.map((l) => `  ${l}`)] : []),
    ...(text.events.length ? ["Last ECS service events:", ...text.events.map((l) => `  ${l}`)] : []),
    ...(text.errors.length ? ["Top error log lines:", ...text.errors.map((l) => `  ${l}`)] : []),
  ];
}

function clock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(11, 16)} UTC`;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line;
}

function sum(values: number[]): number {
  return Math.round(values.reduce((a, b) => a + b, 0));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
