/**
 * What `decidePageOncall` needs beyond the trigger, read through the ports: the episode's notification state
 * and, when it pages, the diagnostics.
 */
import { PAGE_ONCALL } from "../actions/page-oncall.js";
import { type AlarmTrigger, routeAlarm } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import { type GatherOptions, gatherTargetDiagnostics } from "../diagnostics/gather.js";
import type { DiagnosticsReader } from "../diagnostics/port.js";
import { closedBecause, episodeForTrigger } from "../episodes/notifications.js";
import { completedBy, type Plan } from "../kernel/plan.js";
import type { ItemStore } from "../kernel/ports.js";
import type { NoticeDiagnostics } from "../notifications/diagnostics-text.js";
import { decidePageOncall, PAGE_DIAGNOSTICS, type PageOncallInput } from "./decide.js";

export interface PageOncallPorts {
  stage: string;
  config: StageConfig;
  store: ItemStore;
  now: () => Date;
  diagnostics?: DiagnosticsReader;
}

export async function pageOncallInput(trigger: AlarmTrigger, ports: PageOncallPorts): Promise<PageOncallInput> {
  const { input, diagnostics, decided } = await readInput(trigger, ports);
  decided();
  return diagnostics ? { ...input, diagnostics: await diagnostics } : input;
}

/**
 * Decides a page without waiting for its diagnostics: the plan completes with them while the kernel claims
 * its step. The error log query runs beside the reads and its results are asked for on the next turn after
 * the decision, once the claim's request is out: the page goes out two round trips after the event (the
 * reads and the query's start, then the claim beside the query's results) instead of three.
 */
export async function planPageOncall(trigger: AlarmTrigger, ports: PageOncallPorts): Promise<Plan> {
  const { input, diagnostics, decided } = await readInput(trigger, ports);
  const provisional = decidePageOncall(input);
  setImmediate(decided);
  if (!diagnostics) return provisional;
  return completedBy(provisional, diagnostics, (d) => decidePageOncall({ ...input, diagnostics: d }));
}

interface PageOncallReads {
  /** The decision's input without the diagnostics. */
  input: PageOncallInput;
  /** The diagnostics, still in flight, when it pages. */
  diagnostics?: Promise<NoticeDiagnostics>;
  /** Lets the error log query's results be asked for: call once the decision is made. */
  decided: () => void;
}

async function readInput(trigger: AlarmTrigger, ports: PageOncallPorts): Promise<PageOncallReads> {
  const { stage, config, store } = ports;
  const now = ports.now();
  const routed = routeAlarm(trigger.alarmName, config.alarmStage, PAGE_ONCALL.name);
  const target = routed && routed.target !== "supabase" ? routed.target : undefined;
  let decided = () => {};
  const resultsAfter = new Promise<void>((resolve) => {
    decided = resolve;
  });
  const gather = (of: NonNullable<typeof target>, options: GatherOptions = PAGE_DIAGNOSTICS) =>
    gatherTargetDiagnostics(ports.diagnostics, of, options);
  // An ALARM's own delivery almost always pages: its diagnostics are gathered beside the episode read, so the
  // page does not wait for them after it. A follow-up gathers them only once it knows it pages; a duplicate
  // delivery of the ALARM gathers them for nothing. Marked handled now: when it does not page, nobody awaits them.
  const early =
    target && trigger.state.value === "ALARM" && !trigger.followUp
      ? gather(target, { ...PAGE_DIAGNOSTICS, errorLogResultsAfter: resultsAfter })
      : undefined;
  early?.catch(() => {});
  const episode = await episodeForTrigger(store, config, trigger);
  const input = { trigger, stage, config, episode, now };
  const pages = routed && trigger.state.value === "ALARM" && !closedBecause(episode) && episode.phase !== "repeat";
  if (!pages || !target) return { input, decided };
  return { input, diagnostics: early ?? gather(target), decided };
}
