/**
 * What `decidePageOncall` needs beyond the trigger, read through the ports: the episode's notification state
 * and, when it pages, the diagnostics.
 */
import { PAGE_ONCALL } from "../actions/page-oncall.js";
import { type AlarmTrigger, routeAlarm } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import { gatherTargetDiagnostics } from "../diagnostics/gather.js";
import type { DiagnosticsReader } from "../diagnostics/port.js";
import { closedBecause, episodeForTrigger } from "../episodes/notifications.js";
import type { ItemStore } from "../kernel/ports.js";
import { PAGE_DIAGNOSTICS, type PageOncallInput } from "./decide.js";

export interface PageOncallPorts {
  stage: string;
  config: StageConfig;
  store: ItemStore;
  now: () => Date;
  diagnostics?: DiagnosticsReader;
}

export async function pageOncallInput(trigger: AlarmTrigger, ports: PageOncallPorts): Promise<PageOncallInput> {
  const { stage, config, store } = ports;
  const now = ports.now();
  const routed = routeAlarm(trigger.alarmName, config.alarmStage, PAGE_ONCALL.name);
  const target = routed && routed.target !== "supabase" ? routed.target : undefined;
  const gather = (of: NonNullable<typeof target>) => gatherTargetDiagnostics(ports.diagnostics, of, PAGE_DIAGNOSTICS);
  // An ALARM's own delivery almost always pages: its diagnostics are gathered beside the episode read, so the
  // page does not wait for them after it. A follow-up gathers them only once it knows it pages; a duplicate
  // delivery of the ALARM gathers them for nothing. Marked handled now: when it does not page, nobody awaits them.
  const early = target && trigger.state.value === "ALARM" && !trigger.followUp ? gather(target) : undefined;
  early?.catch(() => {});
  const episode = await episodeForTrigger(store, config, trigger);
  const input = { trigger, stage, config, episode, now };
  const pages = routed && trigger.state.value === "ALARM" && !closedBecause(episode) && episode.phase !== "repeat";
  if (!pages || !target) return input;
  return { ...input, diagnostics: await (early ?? gather(target)) };
}
