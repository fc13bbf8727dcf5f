/** A chaos run as terminal text: progress, the result, and a failing history's timeline and replay line. */
import { clock } from "./checks.js";
import { type History, keptSpans } from "./history.js";
import type { ChaosOutcome } from "./property.js";
import type { HistoryReport } from "./runner.js";

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

export function describeHistory(history: History): string[] {
  const kept = new Set(keptSpans(history));
  const lines = history.spans.map(
    (s) =>
      `span: ${s.alarm} ${s.state} from minute ${s.from} for ${s.minutes} min (×${s.level} threshold); ` +
      `onset ${JSON.stringify(s.onset)}, end ${JSON.stringify(s.end)}` +
      (kept.has(s) ? "" : " — overlaps an earlier span of its alarm: ignored"),
  );
  for (const t of history.throttles) lines.push(`throttle: ${t.api} from minute ${t.from} for ${t.minutes} min`);
  for (const o of history.outages) lines.push(`outage: ${o.fn} from minute ${o.from} for ${o.minutes} min`);
  if (history.followUpCopyAfterSeconds !== undefined)
    lines.push(`follow-ups: every one received twice, the copy ${history.followUpCopyAfterSeconds} s later`);
  return lines;
}

/** One line per happening; the reconciler's runs that found nothing to do are counted, not listed. */
export function formatTimeline(report: HistoryReport): string[] {
  const lines = report.timeline.filter((l) => !l.routine).map((l) => `${clock(l.at)}  ${l.text}`);
  const routine = report.timeline.filter((l) => l.routine && l.text.startsWith("reconcile ←")).length;
  if (routine) lines.push(`(and ${routine} reconciler runs that found nothing to do)`);
  return lines;
}

export function formatOutcome(outcome: ChaosOutcome, replayCommand = "npm run chaos --"): string[] {
  const figures =
    `${outcome.histories} histories, ${outcome.deliveries} deliveries, ${outcome.invocations} invocations` +
    ` (reconciler: ${outcome.reconciler}), wall time ${duration(outcome.wallMs)}`;
  if (outcome.passed) return [`chaos: every invariant held over ${figures}`];
  const { failure } = outcome;
  if (!failure) {
    const error = outcome.error as Error | undefined;
    return [`chaos: the harness failed after ${figures}: ${error?.stack ?? String(error)}`];
  }
  // `=`: a negative seed would read as an option.
  const replay = `${replayCommand} --replay=${outcome.seed}:${failure.path}`;
  return [
    `chaos: FAILED after ${figures}`,
    `shrunk in ${failure.shrinks} steps to this history:`,
    ...describeHistory(failure.history).map((l) => `  ${l}`),
    "",
    "timeline:",
    ...formatTimeline(failure.report).map((l) => `  ${l}`),
    "",
    "violated:",
    ...failure.report.violations.map((v) => `  - ${v.invariant}: ${v.detail} (at ${clock(v.at)})`),
    "",
    `replay: ${replay}${outcome.reconciler === "switched off" ? " --no-reconciler" : ""}`,
  ];
}
