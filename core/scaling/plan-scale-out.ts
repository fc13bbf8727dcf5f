/**
 * Builds the scale-out decision's context through the ports (service state, episode, recent actions, kill
 * switch, other alarms, diagnostics) and hands it to the pure `decideScaleOut`.
 */
import { type AlarmTrigger, episodeKeyOfTransition, recentDatapoints, routeAlarm } from "../alarms/event.js";
import { newerEpisodeSince } from "../alarms/freshness.js";
import { alarmName } from "../alarms/name.js";
import type { StageConfig } from "../config/index.js";
import { gatherDiagnostics } from "../diagnostics/gather.js";
import type { DiagnosticsReader } from "../diagnostics/port.js";
import { episodeForTrigger } from "../episodes/notifications.js";
import { readActionsSince, readFloor } from "../episodes/scaling.js";
import { readScaleOutEpisode } from "../episodes/store.js";
import { type Plan, skip } from "../kernel/plan.js";
import type { ItemStore } from "../kernel/ports.js";
import { isServiceTarget, rowsForAction } from "../matrix/rows.js";
import type { Service } from "../matrix/tiers.js";
import { decideScaleOut } from "./decide.js";
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
  // A personal stage reacts to the alarms of the stage it shadows.
  const alarmStage = ctx.config.alarmStage;
  const routed = routeAlarm(trigger.alarmName, alarmStage, "scale-out");
  if (!routed || !isServiceTarget(routed.target)) {
    return skip("unknown-alarm", `alarm "${trigger.alarmName}" matches no scale-out row of stage "${alarmStage}"`);
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
  const closes = !firing && !trigger.followUp;
  const [serviceState, episode, recentActions, paused, alarmsNow, diagnostics, notifications, floor] =
    await Promise.all([
      ports.services.read(service),
      readScaleOutEpisode(ports.store, episodeKey),
      readActionsSince(ports.store, ctx.stage, service, new Date(now.getTime() - 3_600_000)),
      firing ? ports.killSwitch.paused() : Promise.resolve(false),
      closes ? scaleOutAlarmsNow(alarmStage, service, ports.alarms) : Promise.resolve([]),
      // Best effort, like a page's: a throttled GetMetricData must not stop the scale-out it would explain.
      firing && row.scaleOut?.investigate
        ? gatherDiagnostics(ports.diagnostics, service, {
            metrics: ["cpu", "memory", "requests", "latencyP95"],
            minutes: 15,
          })
        : Promise.resolve(undefined),
      // Scale-out episodes start at every ALARM transition (its steps are keyed by it): no continuation.
      episodeForTrigger(ports.store, ctx.config, trigger, { continueOpenEpisode: false }),
      readFloor(ports.store, ctx.stage, service),
    ]);
  const own = alarmsNow.find((a) => a.name === trigger.alarmName)?.state;
  const otherAlarmsFiring = alarmsNow
    .filter((a) => a.name !== trigger.alarmName && a.state?.value === "ALARM")
    .map((a) => a.name);
  const newerEpisode = closes ? newerEpisodeSince(own, trigger.state.timestamp) : undefined;
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
    ...(diagnostics && { diagnostics }),
    notifications,
    ...(floor && { floor }),
    ...(newerEpisode && { newerEpisodeSince: newerEpisode }),
  });
}

/** The service's scale-out alarms as they are now, the resolving one included (a newer episode of it may fire). */
async function scaleOutAlarmsNow(stage: string, service: Service, alarms: AlarmStateReader) {
  const names = rowsForAction("scale-out").map((row) => alarmName(stage, row.id, service));
  return Promise.all(names.map(async (name) => ({ name, state: await alarms.read(name) })));
}
