/**
 * The capacity model: how a service's load and its running tasks turn into the signals CloudWatch would
 * report. Small on purpose, deterministic, every constant a documented parameter a scenario may override.
 *
 * - Utilisation `u = rpm / (running × rpmPerVcpu × vCPU per task)`: the share of the tasks' CPU the load
 *   needs. CPU is `idleCpu + (100 − idleCpu) × u`, capped at 100 % (the excess queues).
 * - Memory grows with concurrency: `idleMemory + memoryPerLoad × min(u, 2)`.
 * - Latency is that of a queue (M/M/1): a response-time percentile q is
 *   `p95AtIdle × ln(1/(1−q)) / ln(20) / (1 − min(u, 0.99))`, capped at `maxLatencySeconds`; at u ≈ 0.9 the
 *   p95 is ten times its idle value, which is what makes a saturated service slow before it is down.
 * - The model never invents errors: 5xx come from the scenario (a bad deploy). Requests no target answers
 *   (no task up, or a scenario's `answering` below 100 %) are answered 502/503 by the load balancer itself:
 *   they count in its `HTTPCode_ELB_5XX_Count`, never in the target group's `RequestCount`.
 */
import * as z from "zod";
import type { ServiceSize } from "../core/matrix/tiers.js";

export const CapacityModelSchema = z.strictObject({
  /** Requests per minute one vCPU serves at 100 % CPU (1200: ~50 ms of CPU per request). */
  rpmPerVcpu: z.number().positive().default(1200),
  /** CPU % of an idle task (runtime, health checks). */
  idleCpu: z.number().min(0).max(100).default(3),
  /** Memory % of an idle task. */
  idleMemory: z.number().min(0).max(100).default(35),
  /** Memory percentage points added at full utilisation. */
  memoryPerLoad: z.number().min(0).max(100).default(20),
  /** p95 response time of an idle service, in seconds. */
  p95AtIdleSeconds: z.number().positive().default(0.25),
  /** Responses are cut off here (the load balancer's timeout). */
  maxLatencySeconds: z.number().positive().default(30),
});
export type CapacityModel = z.infer<typeof CapacityModelSchema>;
export type CapacityModelInput = z.input<typeof CapacityModelSchema>;

export const DEFAULT_MODEL: CapacityModel = CapacityModelSchema.parse({});

export interface ModelSignals {
  /** Share of the running tasks' CPU the load needs (may exceed 1: overload). */
  utilization: number;
  /** ECS CPUUtilization (Average, %); undefined when no task runs (ECS reports nothing). */
  cpu: number | undefined;
  memory: number | undefined;
  /** The response-time percentile of the alarm, in seconds; undefined without requests. */
  latency: number | undefined;
  /** 5xx share of the requests the targets answered (%); undefined when they answered none. */
  errorRate: number | undefined;
  /** Requests the targets answered (the target group's RequestCount). */
  answered: number;
  /** Requests the load balancer answered 5xx itself because no target answered (HTTPCode_ELB_5XX_Count). */
  unanswered: number;
  /** ALBRequestCountPerTarget (requests per task per minute); undefined when no target is healthy. */
  requestsPerTarget: number | undefined;
}

/**
 * The signals of one minute of `rpm` requests on `running` tasks of `size`, of which the targets answer
 * `answering` % (the rest never reach a task: the load balancer answers them itself).
 */
export function serviceSignals(
  model: CapacityModel,
  size: Pick<ServiceSize, "cpu">,
  offered: number,
  running: number,
  percentile: number,
  answering = 100,
): ModelSignals {
  if (running <= 0) {
    return {
      utilization: offered > 0 ? Number.POSITIVE_INFINITY : 0,
      cpu: undefined,
      memory: undefined,
      latency: undefined,
      errorRate: undefined,
      answered: 0,
      unanswered: offered,
      requestsPerTarget: undefined,
    };
  }
  const share = Math.min(100, Math.max(0, answering)) / 100;
  // Exactly the offered load when all is answered: no rounding residue reads as load-balancer 5xx.
  const rpm = share === 1 ? offered : offered * share;
  const u = rpm / (running * model.rpmPerVcpu * (size.cpu / 1024));
  const busy = Math.min(u, 0.99);
  const quantile = Math.log(1 / (1 - percentile)) / Math.log(20);
  return {
    utilization: u,
    cpu: Math.min(100, model.idleCpu + (100 - model.idleCpu) * u),
    memory: Math.min(100, model.idleMemory + model.memoryPerLoad * Math.min(u, 2)),
    latency: rpm > 0 ? Math.min(model.maxLatencySeconds, (model.p95AtIdleSeconds * quantile) / (1 - busy)) : undefined,
    errorRate: rpm > 0 ? 0 : undefined,
    answered: rpm,
    unanswered: offered - rpm,
    requestsPerTarget: rpm / running,
  };
}

/** "p95" → 0.95, "p99.9" → 0.999. */
export function percentileOf(statistic: string): number {
  const match = /^p(\d{1,2}(?:\.\d+)?)$/.exec(statistic);
  if (!match) throw new RangeError(`not a percentile statistic: ${statistic}`);
  return Number(match[1]) / 100;
}
