/**
 * What `decidePageOncall` needs beyond the event, read through the ports: the episode's notification state
 * and, on a page, the diagnostics.
 */
import type { AlarmStateChangeEvent } from "../../events/schemas/cloudwatch-alarm.js";
import { routeAlarm } from "../alarm-event.js";
import type { StageConfig } from "../config/index.js";
import { gatherDiagnostics } from "../diagnostics/gather.js";
import type { DiagnosticsReader } from "../diagnostics/port.js";
import { closedBecause, episodeForTransition } from "../notifications/episode.js";
import type { ItemStore } from "../ports.js";
import { PAGE_DIAGNOSTICS, type PageOncallInput } from "./page-oncall.js";

export interface PageOncallPorts {
  stage: string;
  config: StageConfig;
  store: ItemStore;
  diagnostics?: DiagnosticsReader;
}

export async function pageOncallInput(event: AlarmStateChangeEvent, ports: PageOncallPorts): Promise<PageOncallInput> {
  const { stage, config, store } = ports;
  const episode = await episodeForTransition(store, config, event);
  const routed = routeAlarm(event.detail.alarmName, stage, "page-oncall");
  const pages = routed && event.detail.state.value === "ALARM" && !closedBecause(episode);
  if (!pages || routed.target === "supabase") return { event, stage, config, episode };
  const diagnostics = await gatherDiagnostics(ports.diagnostics, routed.target, PAGE_DIAGNOSTICS);
  return { event, stage, config, episode, diagnostics };
}
