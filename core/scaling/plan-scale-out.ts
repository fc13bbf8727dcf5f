/**
 * Builds the scale-out decision's context through the ports (service state, episode, recent actions, kill
 * switch, other alarms, diagnostics) and hands it to the pure `decideScaleOut`.
 */
import { type AlarmTrigger, episodeKeyOfTransition, recentDatapoints, routeAlarm } from "../alarm-event.js";
import { alarmName } from "../alarm-name.js";
import type { StageConfig } from "../config/index.js";
import type { DiagnosticsReader } from "../diagnostics/port.js";
import { isServiceTarget, rowsForAction } from "../matrix.js";
import { episodeForTrigger } from "../notifications/episode.js";
import { type Plan, skip } from "../plan.js";
import type { ItemStore } from "../ports.js";
import type { Service } from "../tiers.js";
import { decideScaleOut } from "./decide.js";
import { readActionsSince, readEpisode, readFloor } from "./episode.js";
import type { AlarmStateReader, KillSwitch, ServiceStateReader } from "./service-state.js";

export interface ScaleOutPorts {
  store: ItemStore;
  services: ServiceStateReader;
  alarms: AlarmStateReader;
  killSwitch: KillSwitch;
  diagnostics?: DiagnosticsReader;
}

export interface ScaleOutContext {
  stage: string;
  config: StageConfig;
  now: Date;
  ports: ScaleOutPorts;
}

export async function planScaleOut(trigger: AlarmTrigger, ctx: ScaleOutContext): Promise<Plan> {
  const routed = routeAlarm(trigger.alarmName, ctx.stage, "scale-out");
  if (!routed || !isServiceTarget(routed.target)) {
    return skip("unknown-alarm", `alarm "${trigger.alarmName}" matches no scale-out row of stage "${ctx.stage}"`);
  }
  const { row } = routed;
  const service: Service = routed.target;
  const episodeKey = trigger.followUp?.episodeKey ?? episodeKeyOfTransition(trigger);
  if (!episodeKey) {
    return skip(
      "no-episode",
      `${trigger.alarmName} went ${trigger.state.value} without ending an ALARM: nothing to do`,
    );
  }
  if (trigger.state.value === "INSUFFICIENT_DATA") {
    return skip("insufficient-data", `${trigger.alarmName} has insufficient data: no scaling on missing data`);
  }
  const { ports, now } = ctx;
  const firing = trigger.state.value === "ALARM";
  const [serviceState, episode, recentActions, paused, otherAlarmsFiring, diagnostics, notifications, floor] =
    await Promise.all([
      ports.services.read(service),
      readEpisode(ports.store, episodeKey),
      readActionsSince(ports.store, ctx.stage, service, new Date(now.getTime() - 3_600_000)),
      firing ? ports.killSwitch.paused() : Promise.resolve(false),
      firing ? Promise.resolve([]) : otherScaleOutAlarmsFiring(ctx.stage, service, trigger.alarmName, ports.alarms),
      firing && row.scaleOut?.investigate && ports.diagnostics
        ? ports.diagnostics.collect(service, { metrics: ["cpu", "memory", "requests", "latencyP95"], minutes: 15 })
        : Promise.resolve(undefined),
      // Scale-out episodes start at every ALARM transition (its steps are keyed by it): no continuation.
      episodeForTrigger(ports.store, ctx.config, trigger, { continueOpenEpisode: false }),
      readFloor(ports.store, ctx.stage, service),
    ]);
  return decideScaleOut({
    stage: ctx.stage,
    config: ctx.config,
    row,
    service,
    alarmName: trigger.alarmName,
    state: trigger.state,
    observed: recentDatapoints(trigger.state).at(-1),
    episodeKey,
    step: trigger.followUp?.step ?? 1,
    now,
    serviceState,
    episode,
    recentActions,
    paused,
    otherAlarmsFiring,
    diagnostics,
    notifications,
    ...(floor && { floor }),
  });
}

async function otherScaleOutAlarmsFiring(
  stage: string,
  service: Service,
  resolved: string,
  alarms: AlarmStateReader,
): Promise<string[]> {
  const others = rowsForAction("scale-out")
    .map((row) => alarmName(stage, row.id, service))
    .filter((name) => name !== resolved);
  const states = await Promise.all(others.map(async (name) => ({ name, state: await alarms.read(name) })));
  return states.filter((s) => s.state?.value === "ALARM").map((s) => s.name);
}
