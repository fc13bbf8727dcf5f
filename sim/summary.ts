/**
 * The run in numbers: actions taken (the matrix's and target tracking's), holds by reason, time above each
 * threshold, peak tasks, notifications, and the Fargate cost of the run against a static allocation at the
 * tier's maximum for the same time.
 */

import { taskHourCost } from "../core/cost/fargate.js";
import type { Service } from "../core/matrix/tiers.js";
import type { SimulationResult } from "./engine.js";
import type { IngestSummary } from "./ingest.js";
import { largest } from "./numbers.js";
import type { EffectRecord } from "./timeline.js";

export interface AlarmLine {
  row: string;
  threshold: number;
  unit: string;
  /** Minutes of signal above the threshold. */
  aboveMinutes: number;
  /** Minutes the alarm spent in ALARM. */
  alarmMinutes: number;
  /** How often it went to ALARM. */
  fired: number;
}

export interface ServiceSummary {
  service: Service;
  tierMin: number;
  tierMax: number;
  scaleOuts: number;
  floorRestores: number;
  holds: Record<string, number>;
  trackingOut: number;
  trackingIn: number;
  peakDesired: number;
  peakRunning: number;
  alarms: AlarmLine[];
  taskHours: number;
  cost: number;
  /** The same time at the tier's maximum task count, all along. */
  staticCost: number;
  perTaskHour: number;
}

export interface Summary {
  minutes: number;
  invocations: number;
  outcomes: Record<string, number>;
  /** Notifications by channel (`sns:alerts`, `sns:onCall`, `pagerduty`, `slack`, `github`, ...). */
  notifications: Record<string, number>;
  /** Decisions that paged on-call (PagerDuty, the on-call topic, or both at once count one). */
  pages: number;
  /** Effects recorded without a simulated model, by type. */
  sideEffects: Record<string, number>;
  failures: number;
  pendingFollowUps: number;
  /** Scheduled functions run in simulated time (the reconciler): runs, and how many acted. */
  scheduledRuns: SimulationResult["scheduledRuns"];
  services: ServiceSummary[];
  /** The load balancer's own alarms (`alb` target), in front of both services. */
  loadBalancer: AlarmLine[];
  supabase: AlarmLine[];
  /** The webhook ingest path (sim/ingest.ts), when the scenario has webhooks or an EventBridge outage. */
  ingest?: IngestSummary;
}

/** A message that pages on-call: a PagerDuty trigger, or on the on-call topic anything but a resolve. */
export function isPage(e: EffectRecord): boolean {
  if (e.type === "pagerduty.trigger") return true;
  return e.channel === "sns:onCall" && !/^on-call topic: \[RESOLVED\]/.test(e.text);
}

export function summarize(r: SimulationResult): Summary {
  const count = <T>(items: readonly T[], key: (item: T) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const item of items) {
      const k = key(item);
      if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  const { effects, decisions, activities } = r.records;
  const notifications = effects.filter((e) => e.category === "notification");
  return {
    minutes: (r.end - r.start) / 60_000,
    invocations: r.invocations,
    outcomes: count(decisions, (d) => d.outcome),
    notifications: count(notifications, (e) => e.channel),
    pages: new Set(notifications.filter(isPage).map((e) => `${e.at}#${e.functionName}`)).size,
    sideEffects: count(
      effects.filter((e) => e.category === "side-effect"),
      (e) => e.type,
    ),
    failures: r.records.failures.length,
    pendingFollowUps: r.pendingFollowUps,
    scheduledRuns: r.scheduledRuns,
    ...(r.ingest && { ingest: r.ingest }),
    services: r.services.map((service) => {
      const size = r.tier.services[service];
      const minutes = r.minutes[service] ?? [];
      const price = taskHourCost(size, r.config.region, r.config.ecs.services[service].cpuArchitecture);
      const hours = (r.end - r.start) / 3_600_000;
      const taskHours = (r.billedTaskSeconds[service] ?? 0) / 3600;
      const mine = effects.filter((e) => e.target === service);
      return {
        service,
        tierMin: size.minCapacity,
        tierMax: size.maxCapacity,
        scaleOuts: mine.filter((e) => e.category === "scale-out").length,
        floorRestores: mine.filter((e) => e.category === "floor-restore").length,
        holds: count(
          decisions.filter((d) => d.target === service && d.outcome === "hold"),
          (d) => d.code,
        ),
        trackingOut: activities.filter((a) => a.service === service && a.direction === "out").length,
        trackingIn: activities.filter((a) => a.service === service && a.direction === "in").length,
        peakDesired: largest(
          minutes.map((m) => m.desired),
          0,
        ),
        peakRunning: largest(
          minutes.map((m) => m.running),
          0,
        ),
        alarms: alarmLines(r, service),
        taskHours,
        cost: taskHours * price.perTaskHour,
        staticCost: size.maxCapacity * hours * price.perTaskHour,
        perTaskHour: price.perTaskHour,
      };
    }),
    loadBalancer: alarmLines(r, "alb"),
    supabase: alarmLines(r, "supabase"),
  };
}

function alarmLines(r: SimulationResult, target: string): AlarmLine[] {
  return r.alarms
    .filter((a) => a.target === target)
    .map((a) => ({
      row: a.row,
      threshold: a.threshold,
      unit: a.unit,
      aboveMinutes: a.breachingMinutes,
      alarmMinutes: a.spans.reduce((sum, s) => sum + ((s.to ?? r.end) - s.from) / 60_000, 0),
      fired: a.spans.length,
    }));
}

const money = (usd: number) => `$${usd < 10 ? usd.toFixed(2) : Math.round(usd).toLocaleString("en-US")}`;

/** The summary as terminal lines. */
export function formatSummary(s: Summary, tierName: string): string[] {
  const lines: string[] = [];
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none";
  for (const svc of s.services) {
    const above = svc.alarms
      .filter((a) => a.aboveMinutes > 0 || a.fired > 0)
      .map((a) => `${a.row} ${Math.round(a.aboveMinutes)} min (ALARM ${Math.round(a.alarmMinutes)} min)`)
      .join(", ");
    const saving = svc.staticCost > 0 ? Math.round((1 - svc.cost / svc.staticCost) * 100) : 0;
    lines.push(
      `${svc.service} (${tierName} tier: ${svc.tierMin}–${svc.tierMax} tasks)`,
      `  matrix actions:   ${svc.scaleOuts} scale-out${svc.scaleOuts === 1 ? "" : "s"}, ${svc.floorRestores} floor restore${svc.floorRestores === 1 ? "" : "s"}; holds: ${list(svc.holds)}`,
      `  target tracking:  ${svc.trackingOut} scale-out${svc.trackingOut === 1 ? "" : "s"}, ${svc.trackingIn} scale-in${svc.trackingIn === 1 ? "" : "s"}`,
      `  peak tasks:       desired ${svc.peakDesired}, running ${svc.peakRunning}`,
      `  above threshold:  ${above || "never"}`,
      `  Fargate cost:     ${money(svc.cost)} (${svc.taskHours.toFixed(1)} task-hours) vs ${money(svc.staticCost)} static at ${svc.tierMax} tasks (${saving >= 0 ? `${saving} % less` : `${-saving} % more`})`,
    );
  }
  for (const [name, alarms] of [
    ["load balancer (alb)", s.loadBalancer],
    ["supabase", s.supabase],
  ] as const) {
    const fired = alarms.filter((a) => a.aboveMinutes > 0 || a.fired > 0);
    if (fired.length === 0) continue;
    lines.push(
      name,
      `  above threshold:  ${fired.map((a) => `${a.row} ${Math.round(a.aboveMinutes)} min (ALARM ${Math.round(a.alarmMinutes)} min)`).join(", ")}`,
    );
  }
  lines.push(
    `decisions: ${list(s.outcomes)}; notifications: ${list(s.notifications)}; pages: ${s.pages}` +
      (Object.keys(s.sideEffects).length ? `; other effects: ${list(s.sideEffects)}` : "") +
      (s.failures ? `; failed invocations: ${s.failures}` : "") +
      (s.pendingFollowUps ? `; follow-ups still queued at the end: ${s.pendingFollowUps}` : ""),
  );
  for (const run of s.scheduledRuns) {
    lines.push(
      `${run.functionName}: ${run.runs} scheduled runs, ${run.acted} acted (the others found nothing to converge)`,
    );
  }
  if (s.ingest) lines.push(...formatIngest(s.ingest));
  return lines;
}

/** The webhook path in three lines: what came in, what the fallback queue did, what reached the worker. */
export function formatIngest(i: IngestSummary): string[] {
  const waited = i.kept > 0 ? `, the longest after ${Math.round(i.maxDelaySeconds / 60)} min` : "";
  return [
    `webhooks: ${i.webhooks} sent, ${i.accepted} accepted (${i.forwarded} forwarded at once, ${i.kept} kept in the fallback queue), ${i.refused} refused`,
    `  fallback queue: ${i.redriven} put on the app bus by ingest-redrive in ${i.redriveInvocations} batches (${i.redriveFailures} tries refused again); ${i.stillKept} still waiting, ${i.deadLettered} dead-lettered`,
    `  invoice worker's queue: ${i.jobs} jobs${waited}; ${i.duplicateJobs} invoices twice, ${i.lost} accepted webhooks lost`,
  ];
}
