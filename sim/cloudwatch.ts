/**
 * Simulated CloudWatch alarms: one per matrix row and target, with the row's threshold, period, evaluation
 * periods and datapoints to alarm, evaluated on the simulated metrics the way CloudWatch does (M out of N,
 * missing data treated as the alarm says), and state change events shaped exactly like the real ones
 * (events/cloudwatch/*.json: `reasonData` a JSON string, `recentDatapoints` oldest first).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
 */
import { alarmName } from "../core/alarms/name.js";
import type { AlarmTarget, MatrixRow } from "../core/matrix/rows.js";
import type { AlarmState, AlarmStateChangeEvent } from "../events/schemas/cloudwatch-alarm.js";
import { SimulationError } from "./errors.js";
import type { DeployedAlarm } from "./local/alarms.js";

/** The simulated signals an alarm can read, one value per minute. */
export type SignalKey = "cpu" | "memory" | "latency" | "errorRate" | "lbErrorRate" | "connections" | "egress";

const SIGNAL_OF_METRIC: Record<string, SignalKey> = {
  CPUUtilization: "cpu",
  MemoryUtilization: "memory",
  TargetResponseTime: "latency",
  ConnectionUtilization: "connections",
  EgressUtilization: "egress",
};

/** Which simulated signal a row's alarm reads; undefined for a signal the simulator does not model. */
export function signalOf(row: MatrixRow): SignalKey | undefined {
  if (row.signal.kind === "metric") return SIGNAL_OF_METRIC[row.signal.metric.metricName];
  const names = Object.values(row.signal.metrics).map((m) => m.metricName);
  if (!names.includes("RequestCount")) return undefined;
  if (names.includes("HTTPCode_Target_5XX_Count")) return "errorRate";
  return names.includes("HTTPCode_ELB_5XX_Count") ? "lbErrorRate" : undefined;
}

/** The account the simulated events come from (the samples' account). */
export const ACCOUNT = "123456789012";
/** Periods kept beyond the evaluation window, for alarms that look further back past missing data. */
const HISTORY_SLACK = 10;
/** CloudWatch evaluates a period shortly after it ends; the samples show ~20 s. */
export const EVALUATION_LAG_MS = 21_310;

interface Datapoint {
  /** Start of the period (ms). */
  start: number;
  value: number | undefined;
  sampleCount: number;
}

export interface Transition {
  alarm: SimAlarm;
  from: AlarmState;
  to: AlarmState;
  event: AlarmStateChangeEvent;
}

export class SimAlarm {
  readonly name: string;
  readonly periodMinutes: number;
  readonly datapointsToAlarm: number;
  state: AlarmState;
  /** Minutes of signal in datapoints above the threshold (a 5-minute datapoint of 5 minutes counts 5). */
  breachingMinutes = 0;
  private readonly history: Datapoint[] = [];

  constructor(
    readonly row: MatrixRow,
    readonly target: AlarmTarget,
    readonly signal: SignalKey,
    readonly deployed: DeployedAlarm,
    readonly region: string,
    startedAt: Date,
  ) {
    this.name = deployed.name;
    this.periodMinutes = row.periodSeconds / 60;
    this.datapointsToAlarm = deployed.datapointsToAlarm;
    this.state = {
      value: "OK",
      reason: "The alarm was OK when the simulation started.",
      reasonData: this.reasonData(startedAt),
      timestamp: cloudWatchTime(startedAt),
    };
  }

  /** Whether a period of this alarm ends at `at` (periods are aligned to the clock, as in CloudWatch). */
  periodEndsAt(at: Date): boolean {
    return (at.getTime() / 60_000) % this.periodMinutes === 0;
  }

  /**
   * Adds the datapoint of the period that ended at `periodEnd` from its minute values (missing ones
   * undefined) and evaluates the alarm; returns the transition, if any.
   */
  evaluate(
    periodEnd: Date,
    minuteValues: readonly (number | undefined)[],
    newId: () => string,
  ): Transition | undefined {
    const present = minuteValues.filter((v): v is number => v !== undefined);
    const value = present.length ? aggregate(this.deployed.statistic, present) : undefined;
    this.history.push({ start: periodEnd.getTime() - this.periodMinutes * 60_000, value, sampleCount: present.length });
    if (this.history.length > this.row.evaluationPeriods + HISTORY_SLACK) this.history.shift();
    if (value !== undefined && this.breaches(value)) this.breachingMinutes += present.length;

    const next = this.nextState();
    if (!next || next === this.state.value) return undefined;
    const at = new Date(periodEnd.getTime() + EVALUATION_LAG_MS);
    const from = this.state;
    const to: AlarmState = {
      value: next,
      reason: this.reason(next),
      reasonData: this.reasonData(at),
      timestamp: cloudWatchTime(at),
    };
    this.state = to;
    return { alarm: this, from, to, event: this.event(at, from, to, newId()) };
  }

  /** What DescribeAlarms would return now: the state, its reason and data as of the last transition. */
  current(): AlarmState {
    return structuredClone(this.state);
  }

  /** The newest datapoint, for the timeline. */
  latest(): number | undefined {
    return this.history.at(-1)?.value;
  }

  private breaches(value: number): boolean {
    const t = this.deployed.threshold;
    switch (this.deployed.comparisonOperator) {
      case "GreaterThanThreshold":
        return value > t;
      case "GreaterThanOrEqualToThreshold":
        return value >= t;
      case "LessThanThreshold":
        return value < t;
      case "LessThanOrEqualToThreshold":
        return value <= t;
      default:
        throw new SimulationError(
          `alarm ${this.name}: comparison ${this.deployed.comparisonOperator} is not simulated`,
        );
    }
  }

  private nextState(): AlarmState["value"] | undefined {
    const n = this.row.evaluationPeriods;
    const treat = this.deployed.treatMissingData;
    const recent = this.history.slice(-n);
    if (recent.length < n) return undefined;
    if ((treat === "missing" || treat === "ignore") && recent.every((p) => p.value === undefined)) {
      return treat === "missing" ? "INSUFFICIENT_DATA" : undefined;
    }
    const window = this.window();
    if (window.length < this.datapointsToAlarm && window.length < n) return undefined;
    const breaching = window.filter((p) => (p.value === undefined ? treat === "breaching" : this.breaches(p.value)));
    return breaching.length >= this.datapointsToAlarm ? "ALARM" : "OK";
  }

  /**
   * The datapoints an evaluation looks at: the last N periods, missing ones included when the alarm treats
   * them as (not) breaching; with `missing` or `ignore`, CloudWatch looks further back for N real datapoints.
   */
  private window(): Datapoint[] {
    const n = this.row.evaluationPeriods;
    const treat = this.deployed.treatMissingData;
    if (treat === "breaching" || treat === "notBreaching") return this.history.slice(-n);
    return this.history.filter((p) => p.value !== undefined).slice(-n);
  }

  private reason(next: AlarmState["value"]): string {
    const n = this.row.evaluationPeriods;
    if (next === "INSUFFICIENT_DATA") return `Insufficient Data: ${n} datapoint${n > 1 ? "s were" : " was"} unknown.`;
    const firing = next === "ALARM";
    const shown = [...this.history].reverse().filter((p) => p.value !== undefined && this.breaches(p.value) === firing);
    const list = shown.map((p) => `${round(p.value as number)} (${reasonTime(new Date(p.start))})`).join(", ");
    const threshold = this.deployed.threshold.toFixed(1);
    const minimum = firing ? this.datapointsToAlarm : 1;
    return (
      `Threshold Crossed: ${shown.length} out of the last ${n} datapoints [${list}] ` +
      `${shown.length === 1 ? "was" : "were"} ${firing ? "" : "not "}greater than the threshold (${threshold}) ` +
      `(minimum ${minimum} datapoint${minimum > 1 ? "s" : ""} for ${firing ? "OK -> ALARM" : "ALARM -> OK"} transition).`
    );
  }

  private reasonData(at: Date): string {
    const present = this.window().filter((p) => p.value !== undefined);
    return JSON.stringify({
      version: "1.0",
      queryDate: cloudWatchTime(at),
      startDate: cloudWatchTime(new Date(present[0]?.start ?? at.getTime())),
      ...(this.deployed.statistic && { statistic: this.deployed.statistic }),
      period: this.row.periodSeconds,
      // CloudWatch lists recentDatapoints oldest first, evaluatedDatapoints newest first.
      recentDatapoints: present.map((p) => round(p.value as number)),
      threshold: this.deployed.threshold,
      evaluatedDatapoints: [...present].reverse().map((p) => ({
        timestamp: cloudWatchTime(new Date(p.start)),
        sampleCount: p.sampleCount,
        value: round(p.value as number),
      })),
    });
  }

  private event(at: Date, from: AlarmState, to: AlarmState, id: string): AlarmStateChangeEvent {
    return {
      version: "0",
      id,
      "detail-type": "CloudWatch Alarm State Change",
      source: "aws.cloudwatch",
      account: ACCOUNT,
      time: `${at.toISOString().slice(0, 19)}Z`,
      region: this.region,
      resources: [`arn:aws:cloudwatch:${this.region}:${ACCOUNT}:alarm:${this.name}`],
      detail: {
        alarmName: this.name,
        state: to,
        previousState: from,
        configuration: { description: this.deployed.description, metrics: structuredClone(this.deployed.metrics) },
      },
    };
  }
}

/**
 * The simulated alarms of a stage: every matrix row and target whose signal the simulator models, built
 * from the deployed alarm of the same name (its description and metrics are what the events carry).
 */
export function simAlarms(
  rows: readonly MatrixRow[],
  targetsOf: (row: MatrixRow) => readonly AlarmTarget[],
  deployed: readonly DeployedAlarm[],
  stage: string,
  region: string,
  start: Date,
): SimAlarm[] {
  const byName = new Map(deployed.map((a) => [a.name, a]));
  const alarms: SimAlarm[] = [];
  for (const row of rows) {
    const signal = signalOf(row);
    if (!signal) continue;
    for (const target of targetsOf(row)) {
      const name = alarmName(stage, row.id, target);
      const alarm = byName.get(name);
      if (!alarm) throw new SimulationError(`the stacks deploy no alarm ${name} for matrix row ${row.id}`);
      alarms.push(new SimAlarm(row, target, signal, alarm, region, start));
    }
  }
  return alarms;
}

function aggregate(statistic: string | undefined, values: number[]): number {
  if (statistic === "Maximum" || statistic?.startsWith("p")) return Math.max(...values);
  if (statistic === "Minimum") return Math.min(...values);
  if (statistic === "Sum") return values.reduce((a, b) => a + b, 0);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** CloudWatch's own timestamp format: `2026-11-27T03:15:21.310+0000`. */
export function cloudWatchTime(at: Date): string {
  return at.toISOString().replace("Z", "+0000");
}

/** `27/11/26 03:14:00`, as in a state reason. */
function reasonTime(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}
