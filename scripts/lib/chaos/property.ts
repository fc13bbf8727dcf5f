/**
 * The chaos property: every generated history keeps every invariant. fast-check generates, runs and, on a
 * failure, shrinks to the smallest history that still fails; that history is run once more to print its
 * timeline. A failure is replayed from fast-check's seed and path.
 */
import fc from "fast-check";
import { routedBy } from "../../../sim/local/rules.js";
import { historyArb } from "./arbitraries.js";
import { type ChaosEnvironment, RECONCILER } from "./environment.js";
import { stateChangeEvent } from "./events.js";
import type { History } from "./history.js";
import { type HistoryReport, runHistory } from "./runner.js";

export interface ChaosOptions {
  runs: number;
  seed?: number;
  /** fast-check's path to one counterexample (with its seed): replays that history only. */
  path?: string;
  reconciler: boolean;
  onProgress?: (progress: { histories: number; deliveries: number; elapsedMs: number }) => void;
}

export interface ChaosOutcome {
  passed: boolean;
  /** Histories generated and checked (shrinking runs not included). */
  histories: number;
  /** Deliveries to a function over every history run, shrinking included. */
  deliveries: number;
  invocations: number;
  reconciler: HistoryReport["reconciler"];
  wallMs: number;
  seed: number;
  failure?: { history: History; report: HistoryReport; path: string; shrinks: number };
  /** The harness itself failed (not an invariant). */
  error?: unknown;
}

/** The functions the driven alarms' events reach through the deployed rules, and the reconciler. */
export function reachedFunctions(env: ChaosEnvironment): string[] {
  const names = new Set<string>();
  for (const alarm of env.driven) {
    const event = stateChangeEvent(
      alarm,
      undefined,
      {
        alarm: alarm.name,
        at: 0,
        from: "OK",
        to: "ALARM",
        fromSince: 0,
        level: 1.5,
        delivery: { kind: "lost" },
      },
      "probe",
    );
    for (const rule of routedBy(env.rules, "default", event)) for (const fn of rule.functions) names.add(fn);
  }
  if (env.reconcilerPresent) names.add(RECONCILER);
  return [...names].sort();
}

export async function checkChaos(env: ChaosEnvironment, options: ChaosOptions): Promise<ChaosOutcome> {
  const started = Date.now();
  let generated = 0;
  let deliveries = 0;
  let invocations = 0;
  let reconciler: HistoryReport["reconciler"] = "not present";
  let shrinking = false;
  const property = fc.asyncProperty(
    historyArb(
      env.driven.map((a) => a.name),
      reachedFunctions(env),
    ),
    async (history) => {
      const report = await runHistory(env, history, { reconciler: options.reconciler, id: env.nextPrefix() });
      deliveries += report.deliveries;
      invocations += report.invocations;
      reconciler = report.reconciler;
      if (!shrinking) {
        generated++;
        if (generated % 100 === 0)
          options.onProgress?.({ histories: generated, deliveries, elapsedMs: Date.now() - started });
      }
      if (report.violations.length) shrinking = true;
      return report.violations.length === 0;
    },
  );
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const details = await fc.check(property, {
    numRuns: options.path ? 1 : options.runs,
    seed,
    ...(options.path && { path: options.path, endOnFailure: true }),
  });
  const outcome: ChaosOutcome = {
    passed: !details.failed,
    histories: generated,
    deliveries,
    invocations,
    reconciler,
    wallMs: Date.now() - started,
    seed: details.seed,
  };
  if (!details.failed) return outcome;
  const history = details.counterexample?.[0];
  if (!history) return { ...outcome, error: details.errorInstance };
  const report = await runHistory(env, history, { reconciler: options.reconciler, id: env.nextPrefix() });
  if (report.violations.length === 0) return { ...outcome, error: details.errorInstance };
  return {
    ...outcome,
    wallMs: Date.now() - started,
    failure: { history, report, path: details.counterexamplePath ?? "", shrinks: details.numShrinks },
  };
}
