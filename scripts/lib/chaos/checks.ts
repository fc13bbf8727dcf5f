/**
 * The invariants a history must keep, checked while it runs (every instant, every scaling call, every page)
 * and once it has gone quiet:
 * - the floor stays within the tier's bounds and desired ≤ tier max at every instant; a floor raised while
 *   every scale-out alarm of its service is out of ALARM is back at the tier minimum within two successful
 *   reconciler runs (without a reconciler: within two reconciler periods);
 * - a scale-out never lowers the floor, never acts on an alarm that is no longer in ALARM, and takes at most
 *   one scaling call per (episode, step);
 * - nothing pages for an alarm that is not in ALARM; re-pages of an episode are a re-page interval apart, and
 *   an episode pages at most 1 + ⌈time in ALARM / re-page interval⌉ times;
 * - at the end: every floor at the tier minimum, no page open, every episode closed;
 * - every invocation that succeeded left an audit record with its reason.
 */

import type { StageConfig } from "../../../core/config/index.js";
import { episodeKey, parseEpisodeKey } from "../../../core/episodes/key.js";
import type { AuditRecord } from "../../../core/kernel/audit.js";
import type { ItemStore } from "../../../core/kernel/ports.js";
import { SERVICES, type Service, TIERS } from "../../../core/matrix/tiers.js";
import type { SimService } from "../../../sim/ecs.js";
import type { DrivenAlarm } from "./history.js";

export interface Violation {
  at: number;
  invariant: string;
  detail: string;
}

export interface Truth {
  /** The alarm's real state now, and since when. */
  state(alarm: string): { value: string; since: number };
  /** When the ALARM state that began at `openedAt` ended (the next OK), or now if it has not. */
  alarmEnd(alarm: string, openedAt: number): number;
}

/** Without a reconciler, how long a raised floor may outlive its alarms: two reconciler periods. */
export const FLOOR_GRACE_MS = 2 * 5 * 60_000;
const MINUTE = 60_000;

export class Checks {
  readonly violations: Violation[] = [];
  private readonly reported = new Set<string>();
  private readonly scalingBySteps = new Map<string, number>();
  private readonly pages = new Map<string, number[]>();
  /** The page each episode's re-page cadence counts from: its first page, then each re-page. */
  private readonly cadence = new Map<string, number>();
  private readonly resolvedAt = new Map<string, number>();
  private readonly raisedAt = new Map<Service, number>();
  private readonly reconcilerRuns: number[] = [];

  constructor(
    private readonly config: StageConfig,
    private readonly driven: readonly DrivenAlarm[],
    private readonly services: Record<Service, SimService>,
    private readonly truth: Truth,
    private readonly now: () => number,
    /** Whether a reconciler runs: then a raised floor must be gone after two of its runs, else after a grace. */
    private readonly reconciler: boolean,
  ) {}

  private violate(invariant: string, detail: string, once?: string): void {
    if (once) {
      if (this.reported.has(once)) return;
      this.reported.add(once);
    }
    this.violations.push({ at: this.now(), invariant, detail });
  }

  private bounds(service: Service) {
    const size = TIERS[this.config.tier].services[service];
    return { min: size.minCapacity, max: size.maxCapacity };
  }

  /** After every happening: bounds, and no floor left raised once its alarms are over. */
  instant(): void {
    for (const service of SERVICES) {
      const svc = this.services[service];
      const { min, max } = this.bounds(service);
      if (svc.desired > max)
        this.violate("desired ≤ tier max", `${service} desired ${svc.desired} > tier max ${max}`, `max#${service}`);
      const floor = svc.scalableTarget?.minCapacity;
      if (floor === undefined) continue;
      if (floor < min || floor > max)
        this.violate("floor within the tier", `${service} floor ${floor} outside ${min}..${max}`, `bounds#${service}`);
      if (floor <= min) {
        this.raisedAt.delete(service);
        continue;
      }
      if (!this.raisedAt.has(service)) this.raisedAt.set(service, this.now());
      const scaleOut = this.driven.filter((a) => a.target === service && a.row.action === "scale-out");
      const states = scaleOut.map((a) => this.truth.state(a.name));
      if (states.some((s) => s.value === "ALARM")) continue;
      const since = Math.max(...states.map((s) => s.since), this.raisedAt.get(service) as number);
      const runs = this.reconcilerRuns.filter((at) => at > since).length;
      const overdue = this.reconciler ? runs >= 2 : this.now() - since > FLOOR_GRACE_MS;
      if (overdue) {
        const after = this.reconciler
          ? `${runs} reconciler runs`
          : `${Math.round((this.now() - since) / MINUTE)} min (no reconciler)`;
        this.violate(
          "floor returns to the tier minimum",
          `${service} floor ${floor} (tier minimum ${min}) still raised after ${after} since ${clock(since)}, every scale-out alarm of ${service} OK`,
          `floor#${service}#${since}`,
        );
      }
    }
  }

  /** A reconciler run that succeeded. */
  reconciled(): void {
    this.reconcilerRuns.push(this.now());
  }

  /** Before a scaling call of a scale-out reaction to `alarm` (an ALARM event or a follow-up). */
  scaleOut(alarm: string, service: Service, kind: "floor" | "desired", to: number): void {
    const svc = this.services[service];
    const before = kind === "floor" ? svc.scalableTarget?.minCapacity : svc.desired;
    if (before !== undefined && to < before)
      this.violate("a scale-out never lowers the floor", `${alarm}: ${kind} ${before} → ${to}`);
    const state = this.truth.state(alarm);
    if (before !== undefined && to > before && state.value !== "ALARM") {
      this.violate(
        "acts only on an alarm still in ALARM",
        `${alarm} is ${state.value} since ${clock(state.since)}, yet ${service} ${kind} ${before} → ${to}`,
      );
    }
  }

  /**
   * The scaling calls one invocation made (the service of each), counted against the step keys of its
   * decisions: a step scales a service once; a plan may scale both services (the reconciler's).
   */
  scalingCalls(stepKeys: readonly string[], services: readonly Service[]): void {
    const key = stepKeys.join(" + ") || "(no step key)";
    for (const service of services) {
      const counted = `${key} on ${service}`;
      const total = (this.scalingBySteps.get(counted) ?? 0) + 1;
      this.scalingBySteps.set(counted, total);
      if (total > 1) this.violate("one scaling call per (episode, step)", `${total} scaling calls for ${counted}`);
    }
  }

  /**
   * A page of `episodeKey`. Re-pages (follow-ups) must be a re-page interval apart; a page caused by a new ALARM
   * transition of the episode (a re-fire after INSUFFICIENT_DATA) is new information, bounded by the count
   * invariant instead, and does not move the re-page cadence.
   */
  page(episodeKey: string, cause: "re-page" | "transition" = "re-page"): void {
    const at = this.now();
    const alarm = parseEpisodeKey(episodeKey)?.alarmName ?? episodeKey;
    const state = this.truth.state(alarm);
    if (this.driven.some((a) => a.name === alarm) && state.value !== "ALARM") {
      this.violate(
        "pages only while in ALARM",
        `paged ${episodeKey} while ${alarm} is ${state.value} (since ${clock(state.since)})`,
      );
    }
    const earlier = this.pages.get(episodeKey) ?? [];
    const previous = this.cadence.get(episodeKey);
    const interval = this.config.notifications.repageMinutes * MINUTE;
    if (cause === "re-page" && previous !== undefined && at - previous < interval - MINUTE) {
      this.violate(
        "re-pages a re-page interval apart",
        `${episodeKey} paged again ${Math.round((at - previous) / 1000)} s after the previous page (interval ${interval / MINUTE} min)`,
      );
    }
    if (cause === "re-page" || previous === undefined) this.cadence.set(episodeKey, at);
    this.pages.set(episodeKey, [...earlier, at]);
    this.resolvedAt.delete(episodeKey);
  }

  /** The instants each episode paged at. */
  pagesByEpisode(): Record<string, number[]> {
    return Object.fromEntries(this.pages);
  }

  resolve(episodeKey: string): void {
    this.resolvedAt.set(episodeKey, this.now());
  }

  /** A successful invocation's decisions. */
  audited(fn: string, audits: readonly AuditRecord[]): void {
    if (audits.length === 0) this.violate("every invocation is audited", `${fn} succeeded without an audit record`);
    for (const a of audits) {
      if (!a.plan.reason?.trim())
        this.violate("every invocation is audited", `${fn}: audit of ${a.subject} has no reason`);
    }
  }

  /** Once the history is quiet. */
  async final(store: ItemStore, written: readonly { pk: string; sk: string }[]): Promise<void> {
    for (const service of SERVICES) {
      const floor = this.services[service].scalableTarget?.minCapacity;
      const { min } = this.bounds(service);
      if (floor !== undefined && floor !== min)
        this.violate("quiet: floor at the tier minimum", `${service} floor ${floor}, tier minimum ${min}`);
    }
    const interval = this.config.notifications.repageMinutes * MINUTE;
    for (const [key, pages] of this.pages) {
      if (!this.resolvedAt.has(key)) this.violate("quiet: no page open", `${key} paged and never resolved`);
      const { alarmName: alarm, openedAt: opened } = parseEpisodeKey(key) ?? { alarmName: key, openedAt: "" };
      const openedAt = Date.parse(opened);
      const inAlarm = Math.max(0, this.truth.alarmEnd(alarm, openedAt) - openedAt);
      const allowed = 1 + Math.ceil(inAlarm / interval);
      if (pages.length > allowed) {
        this.violate(
          "pages per episode ≤ 1 + ⌈time in ALARM / re-page interval⌉",
          `${key}: ${pages.length} pages for ${Math.round(inAlarm / MINUTE)} min in ALARM (at most ${allowed})`,
        );
      }
    }
    for (const { pk, sk } of written) {
      if (!pk.startsWith("EPISODE#")) continue;
      const item = await store.get(pk, sk);
      if (!item) continue;
      // One record per episode: its scale-out part (if it scaled) closed, its notification part (if it told) resolved.
      const key = episodeKey(String(item.alarmName), String(item.openedAt));
      const scaling = item.scaling as { status?: string } | undefined;
      if (scaling && scaling.status !== "closed")
        this.violate("quiet: every episode closed", `scale-out episode ${key} is ${String(scaling.status)}`);
      if (item.version !== undefined && !item.resolvedAt)
        this.violate("quiet: every episode closed", `notification episode ${key} never resolved`);
    }
  }
}

export function clock(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 19)}`;
}
