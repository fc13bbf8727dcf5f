/**
 * `bandwidth-high` (and on demand): tell the team which queries to fix and which indexes to create, from
 * pg_stat_statements. Egress is what the queries send back, so the queries returning the most rows come
 * first; the most time-consuming and most frequent follow, as in Supabase's Query Performance report.
 */

import type { OptimizeQueryRequest } from "../../events/schemas/ops-request.js";
import { OPTIMIZE_QUERY_ALERT } from "../actions/optimize-query-alert.js";
import { type AlarmTrigger, alarmConsoleUrl, observedValue, routeAlarm, transitionKey } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import { episodeKey as episodeKeyOf } from "../episodes/key.js";
import { channelsOf, type EpisodeNotifications, episodeForTrigger, newEpisode } from "../episodes/notifications.js";
import { grouped } from "../kernel/format.js";
import { act, type Plan, skip } from "../kernel/plan.js";
import type { ItemStore } from "../kernel/ports.js";
import { MATRIX } from "../matrix/rows.js";
import type { Notice } from "../notifications/notice.js";
import { planNotice } from "../notifications/plan-notice.js";
import { readEgressLedger } from "../supabase/collect.js";
import { BYTES_PER_GB, egressQuotaBytes, PLANS } from "../supabase/plans.js";
import { pct } from "../supabase/trend.js";
import { InsightsUnavailableError } from "./errors.js";
import type { IndexAdvice, QueryInsights, QueryInsightsReader, QueryStat } from "./types.js";

const ACTION = OPTIMIZE_QUERY_ALERT.name;
const ROW = MATRIX["bandwidth-high"];
/** Queries named in one notice: enough to act on, few enough to read. */
const MAX_QUERIES = 6;
const QUERY_CHARS = 240;

export type OptimizeTrigger =
  | { kind: "alarm"; alarm: AlarmTrigger }
  | { kind: "request"; request: OptimizeQueryRequest };

export interface OptimizeInput {
  trigger: OptimizeTrigger;
  stage: string;
  config: StageConfig;
  /** The statistics, or why they could not be read. */
  insights: QueryInsights | { unavailable: string };
  /** Month-to-date egress the collector measured, when known. */
  monthToDateBytes?: number;
  /** The notification state of the alarm's episode (`episodeForTrigger`); a request starts its own. */
  episode?: EpisodeNotifications;
}

/**
 * Plans one notice naming the queries and the index statements.
 * @example decideOptimizeQueryAlert(input).effects[0]?.type // "sns.Publish"
 */
export function decideOptimizeQueryAlert(input: OptimizeInput): Plan {
  const { trigger, stage, config } = input;
  let egressPercent: number | undefined;
  let episodeKey: string;
  let stepKey: string;
  const links: Notice["links"] = [
    {
      text: "Query Performance report",
      url: `https://supabase.com/dashboard/project/${config.supabase.projectRef}/advisors/query-performance`,
    },
  ];
  if (trigger.kind === "alarm") {
    const { alarmName, state } = trigger.alarm;
    if (!routeAlarm(alarmName, config.alarmStage, ACTION)) {
      return skip("unknown-alarm", `alarm "${alarmName}" matches no ${ACTION} row of stage "${config.alarmStage}"`);
    }
    if (state.value !== "ALARM") {
      return skip(
        state.value === "OK" ? "resolved" : "insufficient-data",
        `${alarmName} is ${state.value}: the optimize-query alert goes out on ALARM only`,
      );
    }
    egressPercent = observedValue(state);
    episodeKey = episodeKeyOf(alarmName, state.timestamp);
    stepKey = `${ACTION}#${transitionKey(trigger.alarm)}`;
    links.push({ text: "Alarm", url: alarmConsoleUrl(config.region, alarmName) });
  } else {
    stepKey = `${ACTION}#request#${trigger.request.id}`;
    episodeKey = episodeKeyOf(stepKey, trigger.request.time);
  }

  const quota = egressQuotaBytes(config.supabase);
  const usedBytes = input.monthToDateBytes ?? (egressPercent !== undefined ? (egressPercent / 100) * quota : undefined);
  const percent = egressPercent ?? (usedBytes !== undefined ? (100 * usedBytes) / quota : undefined);
  const egressField = {
    label: "Egress this month",
    value:
      usedBytes === undefined
        ? "not measured yet"
        : `≈${gb(usedBytes)} of ${gb(quota)} (${pct(percent ?? 0)}) on the ${PLANS[config.supabase.plan].label} plan, approximated from database and pooler network counters`,
  };
  const headline =
    trigger.kind === "alarm"
      ? `Supabase egress at ${percent === undefined ? "over 80 %" : pct(percent)} of the plan: queries to optimize`
      : "Supabase query optimization report (on demand)";

  let notice: Notice;
  const base = {
    episodeKey,
    stage,
    row: ROW.id,
    target: "supabase" as const,
    state: trigger.kind === "alarm" ? "ALARM" : "REQUESTED",
    title: headline,
    links,
  };
  if ("unavailable" in input.insights) {
    notice = {
      ...base,
      kind: trigger.kind === "alarm" ? "alarm" : "info",
      severity: trigger.kind === "alarm" ? ROW.severity : "info",
      summary: `${intro(trigger)} Query statistics could not be read (${input.insights.unavailable}); open the Query Performance report to find the queries returning the most rows.`,
      fields: [egressField, ...requestFields(trigger)],
    };
  } else {
    const insights = input.insights;
    const queries = rankQueries(insights);
    const statements = [...new Set(insights.advice.flatMap((a) => a.statements))];
    notice = {
      ...base,
      kind: trigger.kind === "alarm" ? "alarm" : "info",
      severity: trigger.kind === "alarm" ? ROW.severity : "info",
      summary: `${intro(trigger)} ${queries.length ? `These ${queries.length} queries return the most rows, take the most time or run the most often` : "pg_stat_statements has no user queries yet"}; ${statements.length ? `${statements.length} index statement${statements.length > 1 ? "s" : ""} would serve them (run each on its own, outside a transaction: CONCURRENTLY takes no write lock)` : "no index suggestion"}.`,
      fields: [
        egressField,
        ...requestFields(trigger),
        ...queries.flatMap((q, i) => queryFields(q, i + 1, insights.advice)),
        ...seqScanFields(insights),
        { label: "Index advice by", value: advisorLine(insights.advisor) },
        ...(insights.statsSince ? [{ label: "Statistics since", value: insights.statsSince }] : []),
      ],
      ...(statements.length && { action: statements.join("\n") }),
    };
  }
  const reason =
    trigger.kind === "alarm"
      ? "egress above 80 % of the plan: name the queries and indexes to fix"
      : `${trigger.request.detail.requestedBy} asked for the query optimization report`;
  const [alarmName, openedAt] =
    trigger.kind === "alarm"
      ? [trigger.alarm.alarmName, trigger.alarm.state.timestamp]
      : [`${ACTION}#request#${trigger.request.id}`, trigger.request.time];
  const episode = input.episode ?? newEpisode({ alarmName, openedAt, at: openedAt, channels: channelsOf(config) });
  return act(reason, planNotice(notice, episode), stepKey);
}

function intro(trigger: OptimizeTrigger): string {
  return trigger.kind === "alarm"
    ? "Egress passed 80 % of the monthly quota; most of it is rows the database sends back."
    : "Report requested on demand.";
}

function requestFields(trigger: OptimizeTrigger): Notice["fields"] {
  if (trigger.kind !== "request") return [];
  const { requestedBy, note } = trigger.request.detail;
  return [{ label: "Requested by", value: note ? `${requestedBy}: ${note}` : requestedBy }];
}

interface RankedQuery {
  stat: QueryStat;
  tags: string[];
}

/** The queries of the three views, each once, with the views it tops; most rows first. */
function rankQueries(insights: QueryInsights): RankedQuery[] {
  const ranked = new Map<string, RankedQuery>();
  const views: [string, QueryStat[]][] = [
    ["most rows returned", insights.mostRows],
    ["most time", insights.mostTime],
    ["most frequent", insights.mostFrequent],
  ];
  for (const [tag, stats] of views) {
    for (const stat of stats) {
      const entry = ranked.get(stat.queryId) ?? { stat, tags: [] };
      entry.tags.push(tag);
      ranked.set(stat.queryId, entry);
    }
  }
  return [...ranked.values()].slice(0, MAX_QUERIES);
}

function queryFields(q: RankedQuery, n: number, advice: IndexAdvice[]): Notice["fields"] {
  const { stat } = q;
  const text = stat.query.replace(/\s+/g, " ").trim();
  const rowsPerCall = stat.calls ? stat.rows / stat.calls : 0;
  const fields = [
    {
      label: `Query ${n} (${q.tags.join(", ")})`,
      value: `${text.length > QUERY_CHARS ? `${text.slice(0, QUERY_CHARS)}…` : text} | ${count(stat.calls)} calls, ${count(Math.round(rowsPerCall * 10) / 10)} rows/call, ${ms(stat.totalTimeMs)} total (${ms(stat.meanTimeMs)} mean), role ${stat.role}`,
    },
  ];
  const found = advice.find((a) => a.queryId === stat.queryId);
  if (found?.statements.length) {
    const cost =
      found.costBefore !== undefined && found.costAfter !== undefined
        ? ` (${found.source}: planner cost ${count(Math.round(found.costBefore))} → ${count(Math.round(found.costAfter))})`
        : ` (${found.source})`;
    fields.push({ label: `Index for query ${n}`, value: `${found.statements.join(" ")}${cost}` });
  }
  return fields;
}

function seqScanFields(insights: QueryInsights): Notice["fields"] {
  if (insights.seqScanTables.length === 0) return [];
  return [
    {
      label: "Sequential scans dominate on",
      value: insights.seqScanTables
        .map(
          (t) =>
            `${t.table}: ${count(t.seqScans)} seq scans read ${count(t.seqRowsRead)} rows vs ${count(t.indexScans)} index scans (${count(t.liveRows)} rows)`,
        )
        .join("; "),
    },
  ];
}

function advisorLine(advisor: QueryInsights["advisor"]): string {
  if (advisor === "index_advisor") return "index_advisor";
  if (advisor === "hypopg") return "hypopg hypothetical indexes (index_advisor is not installed)";
  return "WHERE-clause heuristic (neither index_advisor nor hypopg is installed): check with EXPLAIN before creating";
}

function gb(bytes: number): string {
  return `${grouped(Math.round((bytes / BYTES_PER_GB) * 10) / 10, 3)} GB`;
}

function count(n: number): string {
  return grouped(n, 3);
}

function ms(value: number): string {
  return value >= 1000 ? `${Math.round(value / 100) / 10} s` : `${Math.round(value * 100) / 100} ms`;
}

export interface OptimizeContext {
  stage: string;
  config: StageConfig;
  store: ItemStore;
  insights: QueryInsightsReader;
  now: Date;
}

/** Reads the statistics (and the month-to-date egress), then decides. */
export async function planOptimizeQueryAlert(trigger: OptimizeTrigger, ctx: OptimizeContext): Promise<Plan> {
  const input = { trigger, stage: ctx.stage, config: ctx.config };
  if (trigger.kind === "alarm") {
    const { alarmName, state } = trigger.alarm;
    if (!routeAlarm(alarmName, ctx.config.alarmStage, ACTION) || state.value !== "ALARM") {
      return decideOptimizeQueryAlert({ ...input, insights: { unavailable: "not read" } });
    }
  }
  // The statistics, the egress ledger and the episode in one round trip.
  const [insights, ledger, episode] = await Promise.all([
    ctx.insights.read({ top: 5 }).catch((error: unknown): OptimizeInput["insights"] => {
      if (!(error instanceof InsightsUnavailableError)) throw error;
      return { unavailable: error.message };
    }),
    readEgressLedger(ctx.store, ctx.config.supabase.projectRef),
    trigger.kind === "alarm" ? episodeForTrigger(ctx.store, ctx.config, trigger.alarm) : undefined,
  ]);
  const thisMonth = ledger && ledger.month === ctx.now.toISOString().slice(0, 7) ? ledger : undefined;
  return decideOptimizeQueryAlert({
    ...input,
    insights,
    monthToDateBytes: thisMonth?.monthToDateBytes,
    ...(episode && { episode }),
  });
}
