/**
 * The simulated world the handlers read: ECS services and their scalable targets, CloudWatch alarm states,
 * the kill switch, the metric history "investigate" collects. Readers answer from it exactly as the AWS
 * adapters answer from AWS (core/scaling/service-state.ts, core/diagnostics/port.ts).
 */
import { DIAGNOSTIC_METRICS } from "../../../core/adapters/aws-diagnostics.js";
import type { DiagnosticMetric, DiagnosticsReader, MetricSeries } from "../../../core/diagnostics/port.js";
import type { AlarmStateReader, KillSwitch, ServiceStateReader } from "../../../core/scaling/service-state.js";
import type { Service } from "../../../core/tiers.js";
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
  errorRate?: number;
  requestsPerTarget?: number;
  desired: number;
  running: number;
  pending: number;
  floor?: number;
  ceiling?: number;
}

export interface SupabaseMinuteRecord {
  at: number;
  connections?: number;
  egress?: number;
}

const RECENT_DEPLOYMENT_MS = 30 * 60_000;

export class SimWorld {
  paused = false;
  readonly minutes: Partial<Record<Service, MinuteRecord[]>> = {};
  readonly supabase: SupabaseMinuteRecord[] = [];

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
          metrics: metrics.map((metric) => series(metric, rows)),
        };
      },
    };
  }
}

function series(metric: DiagnosticMetric, rows: readonly MinuteRecord[]): MetricSeries {
  const def = DIAGNOSTIC_METRICS[metric];
  const value = (m: MinuteRecord): number | undefined => {
    switch (metric) {
      case "cpu":
        return m.cpu;
      case "memory":
        return m.memory;
      case "requests":
        return Math.round(m.rpm);
      case "latencyP95":
        return m.latency;
      case "target5xx":
        return m.errorRate === undefined ? undefined : Math.round((m.rpm * m.errorRate) / 100);
      case "elb5xx":
        return 0;
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
