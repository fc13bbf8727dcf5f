/**
 * A simulated ECS service: desired count, tasks that take `taskStartSeconds` from launch to running, an
 * optional Application Auto Scaling target (floor, ceiling, suspension), rolling deployments, and the task
 * time it accrues (what Fargate bills: from launch to stop).
 */

import type { Service, ServiceSize } from "../core/matrix/tiers.js";
import type { ScalableTargetState, ServiceState } from "../core/scaling/service-state.js";

export interface ServiceEvent {
  at: string;
  message: string;
}

/** The service's task counts from `at` on. */
export interface TaskCounts {
  at: number;
  desired: number;
  running: number;
}

export class SimService {
  desired: number;
  running: number;
  /** Launch-complete times (ms) of pending tasks, oldest first. */
  private pending: number[] = [];
  scalableTarget: ScalableTargetState | null;
  deployment: { since: Date; until: Date } | undefined;
  /** ECS service events, newest first (what DescribeServices lists). */
  readonly events: ServiceEvent[] = [];
  /** Every change of the desired or running count, oldest first: when tasks reached a count, to the millisecond. */
  readonly counts: TaskCounts[];
  /** Task-seconds launched or running: what Fargate bills. */
  billedTaskSeconds = 0;
  private runningSecondsThisMinute = 0;
  private lastAccrual: number;

  constructor(
    readonly service: Service,
    readonly serviceName: string,
    readonly size: ServiceSize,
    initialTasks: number,
    withScalableTarget: boolean,
    readonly taskStartMs: number,
    start: Date,
  ) {
    this.desired = initialTasks;
    this.running = initialTasks;
    this.lastAccrual = start.getTime();
    this.counts = [{ at: start.getTime(), desired: initialTasks, running: initialTasks }];
    this.scalableTarget = withScalableTarget
      ? {
          minCapacity: size.minCapacity,
          maxCapacity: size.maxCapacity,
          suspended: {
            dynamicScalingInSuspended: false,
            dynamicScalingOutSuspended: false,
            scheduledScalingSuspended: false,
          },
        }
      : null;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** What DescribeServices + DescribeScalableTargets say now. */
  state(now: Date): ServiceState {
    return {
      desiredCount: this.desired,
      runningCount: this.running,
      pendingCount: this.pending.length,
      deploymentInProgressSince: this.deploymentActive(now)
        ? (this.deployment as { since: Date }).since.toISOString()
        : null,
      scalableTarget: this.scalableTarget && structuredClone(this.scalableTarget),
    };
  }

  deploymentActive(now: Date): boolean {
    return this.deployment !== undefined && now >= this.deployment.since && now < this.deployment.until;
  }

  /**
   * Sets the desired count: launches the missing tasks (running after the start time) or stops the
   * surplus, pending ones first. Returns when each launched task will be running.
   */
  setDesired(count: number, now: Date): number[] {
    this.accrue(now.getTime());
    const from = this.desired;
    this.desired = count;
    const launched: number[] = [];
    while (this.running + this.pending.length < count) {
      const ready = now.getTime() + this.taskStartMs;
      this.pending.push(ready);
      launched.push(ready);
    }
    let surplus = this.running + this.pending.length - count;
    let stopped = 0;
    while (surplus > 0 && this.pending.length) {
      this.pending.pop();
      surplus--;
      stopped++;
    }
    if (surplus > 0) {
      this.running -= surplus;
      stopped += surplus;
    }
    if (launched.length)
      this.log(
        now,
        `has started ${launched.length} task${launched.length > 1 ? "s" : ""} (desired ${from} → ${count}).`,
      );
    if (stopped) this.log(now, `has stopped ${stopped} task${stopped > 1 ? "s" : ""} (desired ${from} → ${count}).`);
    this.counted(now);
    return launched;
  }

  /** Pending tasks whose start time has come are running. */
  promote(now: Date): number {
    this.accrue(now.getTime());
    const before = this.pending.length;
    this.pending = this.pending.filter((ready) => ready > now.getTime());
    const started = before - this.pending.length;
    this.running += started;
    if (started && this.pending.length === 0 && this.running === this.desired)
      this.log(now, "has reached a steady state.");
    this.counted(now);
    return started;
  }

  private counted(now: Date): void {
    const last = this.counts.at(-1);
    if (last?.desired === this.desired && last.running === this.running) return;
    this.counts.push({ at: now.getTime(), desired: this.desired, running: this.running });
  }

  /** The average number of running tasks over the minute that ends now, then a new minute starts. */
  closeMinute(now: Date): number {
    this.accrue(now.getTime());
    const average = this.runningSecondsThisMinute / 60;
    this.runningSecondsThisMinute = 0;
    return average;
  }

  /** Bring the accrued task time up to `now` (ms). */
  accrue(now: number): void {
    const seconds = (now - this.lastAccrual) / 1000;
    if (seconds <= 0) return;
    this.runningSecondsThisMinute += this.running * seconds;
    this.billedTaskSeconds += (this.running + this.pending.length) * seconds;
    this.lastAccrual = now;
  }

  log(now: Date, what: string): void {
    this.events.unshift({ at: now.toISOString(), message: `(service ${this.serviceName}) ${what}` });
    if (this.events.length > 50) this.events.pop();
  }
}
