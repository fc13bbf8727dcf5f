/**
 * How fast the pipeline's scale-outs served: for each reaction that scaled a service out, when its alarm went
 * to ALARM, when the reaction applied its scale-out, the desired count it set, and when the running tasks
 * reached that count (ecs.ts starts a task `taskStartSeconds` after its launch).
 */
import { parseAlarmName } from "../core/alarms/name.js";
import { SERVICES, type Service } from "../core/matrix/tiers.js";
import type { TaskCounts } from "./ecs.js";
import type { SimulationResult } from "./engine.js";

export interface Reaction {
  service: Service;
  /** The alarm the reaction answered, and its matrix row. */
  alarm: string;
  row: string;
  functionName: string;
  /** The alarm's last transition to ALARM before the reaction; undefined when a scenario's raw event set it. */
  alarmAt: number | undefined;
  /** When the reaction applied its scale-out. */
  actedAt: number;
  desiredFrom: number;
  desiredTo: number;
  /** When the running tasks reached `desiredTo`; undefined when they had not by the end of the run. */
  runningAt: number | undefined;
}

/**
 * The run's scale-out reactions, in time.
 * @example reactionsOf(ramp) // [{ row: "response-time-high", desiredFrom: 7, desiredTo: 14, runningAt: alarmAt + 90_000, ... }]
 */
export function reactionsOf(r: SimulationResult): Reaction[] {
  return r.records.effects.flatMap((e) => {
    const service = SERVICES.find((s) => s === e.target);
    if (e.category !== "scale-out" || !e.desired || !service) return [];
    const alarm = e.subject ?? "";
    const transition = r.records.transitions.findLast((t) => t.alarm === alarm && t.to === "ALARM" && t.at <= e.at);
    return [
      {
        service,
        alarm,
        row: transition?.row ?? parseAlarmName(alarm)?.row ?? "",
        functionName: e.functionName,
        alarmAt: transition?.at,
        actedAt: e.at,
        desiredFrom: e.desired.from,
        desiredTo: e.desired.to,
        runningAt: reachedAt(r.taskCounts[service] ?? [], e.at, e.desired.to, r.end),
      },
    ];
  });
}

/** The first moment from `since` to `end` that `target` tasks or more were running. */
function reachedAt(counts: readonly TaskCounts[], since: number, target: number, end: number): number | undefined {
  const before = counts.findLast((c) => c.at <= since);
  if (before && before.running >= target) return since;
  return counts.find((c) => c.at > since && c.at <= end && c.running >= target)?.at;
}

export const alarmToAction = (x: Reaction) => (x.alarmAt === undefined ? undefined : x.actedAt - x.alarmAt);
export const alarmToRunning = (x: Reaction) =>
  x.alarmAt === undefined || x.runningAt === undefined ? undefined : x.runningAt - x.alarmAt;

/** What `.sim/summary.json` keeps of each reaction: times in ISO 8601, latencies in seconds (null: unknown or never). */
export function reactionsJson(reactions: readonly Reaction[]) {
  const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());
  const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms) / 1000);
  return reactions.map((x) => ({
    service: x.service,
    alarm: x.alarm,
    row: x.row,
    functionName: x.functionName,
    alarmAt: iso(x.alarmAt),
    actedAt: iso(x.actedAt),
    desired: { from: x.desiredFrom, to: x.desiredTo },
    runningAt: iso(x.runningAt),
    alarmToActionSeconds: seconds(alarmToAction(x)),
    alarmToRunningSeconds: seconds(alarmToRunning(x)),
  }));
}

/** One terminal line: how many scale-outs, and their median latencies from the alarm. */
export function formatReactions(reactions: readonly Reaction[]): string {
  if (reactions.length === 0) return "scale-out reactions: none";
  const known = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
  const acted = known(reactions.map(alarmToAction));
  const running = known(reactions.map(alarmToRunning));
  const missing = reactions.filter((x) => x.runningAt === undefined).length;
  const medians = [
    acted.length ? `alarm → action ${duration(median(acted))}` : "",
    running.length ? `alarm → tasks running ${duration(median(running))}` : "",
  ].filter(Boolean);
  return (
    `scale-out reactions: ${reactions.length}` +
    (medians.length ? `; median ${medians.join(", ")}` : "") +
    (missing ? `; ${missing} not running by the end of the run` : "")
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** `0 s`, `1 min 30 s`, `2 h 5 min`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}
