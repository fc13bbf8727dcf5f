/**
 * The simulated world the handlers read: ECS services and their scalable targets, CloudWatch alarm states,
 * the kill switch, the metric history "investigate" collects. Readers answer from it exactly as the AWS
 * adapters answer from AWS (core/scaling/service-state.ts, core/diagnostics/port.ts).
 */
import { DIAGNOSTIC_METRICS } from "../core/adapters/aws/aws-diagnostics.js";
import type { DiagnosticMetric, DiagnosticsReader, MetricSeries } from "../core/diagnostics/port.js";
import type { Service } from "../core/matrix/tiers.js";
import type { KillSwitchState } from "../core/scaling/kill-switch.js";
import type {
  AlarmStateReader,
  CurrentAlarmState,
  KillSwitch,
  ServiceStateReader,
} from "../core/scaling/service-state.js";
import { SUPABASE_METRICS } from "../core/supabase/metrics.js";
import type { MetricHistoryReader, MetricPoint } from "../core/supabase/ports.js";
import type { SimAlarm } from "./cloudwatch.js";
import { cloudWatchTime } from "./cloudwatch.js";
import type { SimService } from "./ecs.js";

/** One simulated minute of a service, as the report draws it (values at the minute's end). */
export interface MinuteRecord {
  at: number;
  rpm: number;
  utilization: number;
  cpu?: number;
  memory?: number;
  latency?: number;
  /** 5xx share of the requests the targets answered (%); undefined when they answered none. */
  errorRate?: number;
  /** Requests the targets answered: the target group's RequestCount (no datapoint when 0). */
  answered?: number;
  /** Requests the load balancer answered 5xx itself, no target answering: its HTTPCode_ELB_5XX_Count. */
  unanswered?: number;
  requestsPerTarget?: number;
  desired: number;
  running: number;
  pending: number;
  floor?: number;
  ceiling?: number;
  /** Task-seconds Fargate billed from the start of the run to this minute's end (launched or running tasks). */
  billedTaskSeconds: number;
}

export interface SupabaseMinuteRecord {
  at: number;
  connections?: number;
  egress?: number;
}

const RECENT_DEPLOYMENT_MS = 30 * 60_000;

export class SimWorld {
  paused: KillSwitchState = false;
  readonly minutes: Partial<Record<Service, MinuteRecord[]>> = {};
  readonly supabase: SupabaseMinuteRecord[] = [];
  /** States a raw event reported for a quiet alarm: nothing evaluates it, so it keeps that state. */
  readonly reported = new Map<string, CurrentAlarmState>();

  constructor(
    readonly services: Record<Service, SimService>,
    readonly alarms: ReadonlyMap<string, SimAlarm>,
    /** Alarms the stacks deploy that the simulation does not evaluate (no data for them): they stay OK. */
    readonly quietAlarms: ReadonlySet<string>,
    readonly start: Date,
  ) {}

  serviceReader(now: () => Date): ServiceStateReader {
    return { read: async (service) => this.services[service].state(now()) };
  }

  alarmReader(): AlarmStateReader {
    return {
      read: async (name) => {
        const alarm = this.alarms.get(name);
        if (alarm) return alarm.current();
        if (!this.quietAlarms.has(name)) return undefined;
        const reported = this.reported.get(name);
        if (reported) return structuredClone(reported);
        return { value: "OK", reason: "No data in this scenario.", timestamp: cloudWatchTime(this.start) };
      },
    };
  }

  killSwitch(): KillSwitch {
    return { paused: async () => this.paused };
  }

  diagnostics(now: () => Date): DiagnosticsReader {
    return {
      collect: async (service, { metrics, minutes }) => {
        const end = now().getTime();
        const svc = this.services[service];
        const rows = (this.minutes[service] ?? []).filter((m) => m.at > end - minutes * 60_000 && m.at <= end);
        const lb5xx = loadBalancer5xx(this);
        const deployment = svc.deployment && svc.deployment.since.getTime() <= end ? svc.deployment : undefined;
        return {
          service,
          desiredCount: svc.desired,
          runningCount: svc.running,
          pendingCount: svc.pendingCount,
          deployments: deployment
            ? [
                {
                  id: `ecs-svc/sim-${deployment.since.getTime()}`,
                  status: "PRIMARY",
                  rolloutState: svc.deploymentActive(now()) ? "IN_PROGRESS" : "COMPLETED",
                  createdAt: deployment.since.toISOString(),
                },
              ]
            : [],
          recentDeployment: deployment !== undefined && end - deployment.since.getTime() < RECENT_DEPLOYMENT_MS,
          events: svc.events.slice(0, 10),
          metrics: metrics.map((metric) => series(metric, rows, lb5xx)),
        };
      },
    };
  }
}

/** `HTTPCode_ELB_5XX_Count` per minute: the load balancer's, so the sum over every service behind it. */
function loadBalancer5xx(world: SimWorld): Map<number, number> {
  const sums = new Map<number, number>();
  for (const rows of Object.values(world.minutes)) {
    for (const m of rows ?? []) sums.set(m.at, (sums.get(m.at) ?? 0) + (m.unanswered ?? 0));
  }
  return sums;
}

/**
 * The Supabase collector's metrics as CloudWatch would hold them for this run: one-minute values of the
 * simulated connection and egress utilisation, and the connection counts they imply at `maxConnections`.
 */
export function supabaseHistory(
  rows: readonly SupabaseMinuteRecord[],
  maxConnections: number,
  now: () => Date,
): MetricHistoryReader {
  const value = (name: string, r: SupabaseMinuteRecord): number | undefined => {
    switch (name) {
      case SUPABASE_METRICS.connectionUtilization:
        return r.connections;
      case SUPABASE_METRICS.activeConnections:
        return r.connections === undefined ? undefined : Math.round((r.connections * maxConnections) / 100);
      case SUPABASE_METRICS.maxConnections:
        return r.connections === undefined ? undefined : maxConnections;
      case SUPABASE_METRICS.egressUtilization:
        return r.egress;
      default:
        return undefined;
    }
  };
  return {
    read: async (name, minutes) => {
      const end = now().getTime();
      return rows
        .filter((r) => r.at > end - minutes * 60_000 && r.at <= end)
        .flatMap((r): MetricPoint[] => {
          const v = value(name, r);
          return v === undefined ? [] : [{ at: new Date(r.at - 60_000).toISOString(), value: v }];
        });
    },
  };
}

function series(metric: DiagnosticMetric, rows: readonly MinuteRecord[], lb5xx: Map<number, number>): MetricSeries {
  const def = DIAGNOSTIC_METRICS[metric];
  const value = (m: MinuteRecord): number | undefined => {
    switch (metric) {
      case "cpu":
        return m.cpu;
      case "memory":
        return m.memory;
      case "requests":
        return answered(m) === undefined ? undefined : Math.round(answered(m) as number);
      case "latencyP95":
        return m.latency;
      case "target5xx":
        return m.errorRate === undefined ? undefined : Math.round(((answered(m) ?? 0) * m.errorRate) / 100);
      case "elb5xx":
        return Math.round(lb5xx.get(m.at) ?? 0);
    }
  };
  return {
    label: def.label,
    unit: def.unit,
    points: rows.flatMap((m) => {
      const v = value(m);
      // A datapoint is stamped with the start of its minute, as GetMetricData does.
      return v === undefined ? [] : [{ at: new Date(m.at - 60_000).toISOString(), value: v }];
    }),
  };
}

/** The target group's RequestCount: no datapoint in a minute no target answered. */
function answered(m: MinuteRecord): number | undefined {
  const count = m.answered ?? m.rpm;
  return count > 0 ? count : undefined;
}
