/**
 * The HTML report of a run: one self-contained file (inline SVG, CSS and script; nothing is fetched): the
 * summary table, the scale-out reactions, a chart per service, the strategies' cost (chart.ts) sharing one
 * time window to zoom and pan (chart-browser.js), and the whole timeline.
 */
import { readFileSync } from "node:fs";
import { costChart, esc, LEFT, serviceChart, supabaseChart } from "./chart.js";
import type { ComparedResult, SimulationResult } from "./engine.js";
import { alarmToAction, alarmToRunning, duration, formatReactions, type Reaction, reactionsOf } from "./reactions.js";
import { STRATEGIES, verdict } from "./strategies.js";
import type { Summary } from "./summary.js";
import { timeFormatter } from "./timeline.js";

export function renderReport(r: SimulationResult, summary: Summary): string {
  const time = timeFormatter(r.start, r.end);
  const charts = r.services.map((service) => serviceChart(r, service, time));
  const compared = r as Partial<ComparedResult>;
  if (compared.strategies && r.services.length) charts.push(costChart(r as ComparedResult, time));
  if (r.supabase.length) charts.push(supabaseChart(r, time));
  const script = readFileSync(new URL("./chart-browser.js", import.meta.url), "utf8");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Hero365 simulation: ${r.scenario.name}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(r.scenario.name)}</h1>
<p class="description">${esc(r.scenario.description)}</p>
<p class="meta">Stage <b>${esc(r.scenario.stage)}</b> · ${esc(r.tier.name)} tier · ${esc(new Date(r.start).toISOString().slice(0, 16).replace("T", " "))} → ${esc(new Date(r.end).toISOString().slice(0, 16).replace("T", " "))} UTC (${summary.minutes} min) · seed ${r.scenario.seed} · tasks start in ${r.scenario.taskStartSeconds} s · reactions: ${esc(r.rules.flatMap((x) => x.functions).join(", ") || "none")}${r.scheduled.length ? ` · not run: ${esc(r.scheduled.map((x) => `${x.functions.join("+")} on ${x.schedule}`).join(", "))} (the scenario's traces stand for what it publishes)` : ""}</p>
</header>
<main>
<section id="summary">
<h2>Summary</h2>
${summaryTable(r, summary)}
${strategiesTable(r)}
</section>
<section id="reactions">
<h2>Reactions</h2>
${reactionsTable(reactionsOf(r), time)}
</section>
${charts.length ? zoomBar(r) : ""}
${charts.join("\n")}
<section id="timeline">
<h2>Timeline</h2>
${timelineTable(r, time)}
</section>
</main>
<script>${script}</script>
</body>
</html>
`;
}

function summaryTable(r: SimulationResult, s: Summary): string {
  const money = (usd: number) => `$${usd.toFixed(2)}`;
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${esc(k)} ${n}`)
      .join(", ") || "none";
  const head = `<tr><th></th>${s.services.map((svc) => `<th>${esc(svc.service)}</th>`).join("")}</tr>`;
  const row = (label: string, cell: (svc: Summary["services"][number]) => string) =>
    `<tr><th>${esc(label)}</th>${s.services.map((svc) => `<td>${cell(svc)}</td>`).join("")}</tr>`;
  const above = (svc: Summary["services"][number]) =>
    svc.alarms
      .map(
        (a) =>
          `${esc(a.row)} (&gt; ${a.threshold}${a.unit === "Percent" ? " %" : " s"}): ${Math.round(a.aboveMinutes)} min above, ${Math.round(a.alarmMinutes)} min in ALARM${a.fired ? `, fired ${a.fired}×` : ""}`,
      )
      .join("<br>");
  const services = s.services.length
    ? `<table class="summary" data-table="services">
${head}
${row("Matrix scale-outs", (svc) => String(svc.scaleOuts))}
${row("Floor restores", (svc) => String(svc.floorRestores))}
${row("Holds by reason", (svc) => list(svc.holds))}
${row("Target tracking", (svc) => `${svc.trackingOut} out, ${svc.trackingIn} in`)}
${row("Peak tasks (desired / running)", (svc) => `${svc.peakDesired} / ${svc.peakRunning} (tier ${svc.tierMin}–${svc.tierMax})`)}
${row("Time above thresholds", above)}
${row("Fargate cost of the run", (svc) => `${money(svc.cost)} (${svc.taskHours.toFixed(1)} task-hours at ${money(svc.perTaskHour)}/h)`)}
${row("Static at the tier max", (svc) => `${money(svc.staticCost)} (${svc.tierMax} tasks all along: ${svc.staticCost > 0 ? Math.round((1 - svc.cost / svc.staticCost) * 100) : 0} % ${svc.cost <= svc.staticCost ? "saved" : "more"})`)}
</table>`
    : "";
  const supabase = s.supabase.length
    ? `<p>Supabase: ${s.supabase.map((a) => `${esc(a.row)}: ${Math.round(a.aboveMinutes)} min above ${a.threshold} %, ${Math.round(a.alarmMinutes)} min in ALARM`).join("; ")}</p>`
    : "";
  const loadBalancer = s.loadBalancer.length
    ? `<p>Load balancer (alb): ${s.loadBalancer.map((a) => `${esc(a.row)}: ${Math.round(a.aboveMinutes)} min above ${a.threshold} %, ${Math.round(a.alarmMinutes)} min in ALARM`).join("; ")}</p>`
    : "";
  return `${services}
${loadBalancer}
${supabase}
<p class="totals">${s.invocations} invocations (${list(s.outcomes)}) · notifications: ${list(s.notifications)} · pages: ${s.pages}${Object.keys(s.sideEffects).length ? ` · other effects: ${list(s.sideEffects)}` : ""}${s.failures ? ` · failed invocations: ${s.failures}` : ""}${s.pendingFollowUps ? ` · follow-ups queued at the end: ${s.pendingFollowUps}` : ""}${s.scheduledRuns.map((x) => ` · ${esc(x.functionName)}: ${x.runs} scheduled runs, ${x.acted} acted`).join("")} · ${r.alarms.length} alarms simulated</p>`;
}

/** The strategies side by side on the same trace, and the sentence that says what the pipeline bought. */
function strategiesTable(r: SimulationResult): string {
  const strategies = (r as Partial<ComparedResult>).strategies;
  if (!strategies) return "";
  const rows = STRATEGIES.map((name) => {
    const o = strategies[name];
    return `<tr><th>${esc(name)}</th><td>${o.breachMinutes}</td><td>${o.slowMinutes}</td><td>${o.errorMinutes}</td><td>${o.shortfallMinutes}</td><td>${o.taskHours.toFixed(1)}</td><td>$${o.costUsd.toFixed(2)}</td><td>${o.actions}</td><td>${o.pages}</td></tr>`;
  });
  return `<h3>Strategies on the same trace</h3>
<table class="summary" data-table="strategies">
<tr><th></th><th>breach min</th><th>p95 &gt; 2 s min</th><th>5xx &gt; 1 % min</th><th>shortfall min</th><th>task-hours</th><th>Fargate</th><th>actions</th><th>pages</th></tr>
${rows.join("\n")}
</table>
<p class="verdict">${esc(verdict(strategies))}</p>`;
}

/** The pipeline's scale-outs: from the alarm to the reaction's action and to the tasks running. */
function reactionsTable(reactions: readonly Reaction[], time: (at: number) => string): string {
  if (reactions.length === 0) return "<p>No reaction scaled a service out in this run.</p>";
  const at = (t: number | undefined, missing: string) => (t === undefined ? missing : esc(time(t)));
  const after = (ms: number | undefined, missing: string) => (ms === undefined ? missing : duration(ms));
  const rows = reactions.map(
    (x) =>
      `<tr><td>${esc(x.service)}</td><td>${esc(x.row)}</td><td>${esc(x.functionName)}</td><td>${at(x.alarmAt, "—")}</td><td>${at(x.actedAt, "—")}</td><td>${x.desiredFrom} → ${x.desiredTo}</td><td>${at(x.runningAt, "not by the end of the run")}</td><td>${after(alarmToAction(x), "—")}</td><td>${after(alarmToRunning(x), x.runningAt === undefined ? "never in the run" : "—")}</td></tr>`,
  );
  return `<p>${esc(formatReactions(reactions))}.</p>
<table class="summary" data-table="reactions">
<tr><th>service</th><th>alarm</th><th>reaction</th><th>ALARM at</th><th>acted at</th><th>desired</th><th>running at</th><th>alarm → action</th><th>alarm → running</th></tr>
${rows.join("\n")}
</table>`;
}

/** The charts' shared time window: buttons, what is shown, how to zoom. */
function zoomBar(r: SimulationResult): string {
  return `<div class="zoom" data-start="${r.start}" data-end="${r.end}" role="toolbar" aria-label="Time window of every chart">
<button type="button" data-zoom="out" title="Zoom out" aria-label="Zoom out">−</button><button type="button" data-zoom="in" title="Zoom in" aria-label="Zoom in">+</button><button type="button" data-zoom="reset" title="The whole run">reset</button>
<span class="window"></span><span class="hint">wheel over a chart: zoom around the pointer · drag: pan</span>
</div>`;
}

function timelineTable(r: SimulationResult, time: (at: number) => string): string {
  const rows = r.records.timeline.map(
    (e) =>
      `<tr class="k-${e.kind}${e.nested ? " nested" : ""}"><td>${e.nested ? "" : esc(time(e.at))}</td><td>${esc(e.target ?? "")}</td><td>${esc(e.label)}</td><td>${esc(e.text)}</td></tr>`,
  );
  return `<details open><summary>${r.records.timeline.length} entries</summary><table class="timeline"><tr><th>time (UTC)</th><th>target</th><th>what</th><th></th></tr>${rows.join("")}</table></details>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#111827;background:#f9fafb}
header,main{max-width:1140px;margin:0 auto;padding:0 16px}
header{padding-top:16px}
h1{font-size:22px;margin:8px 0}
h2{font-size:17px;margin:24px 0 8px}
h2 small{font-weight:normal;color:#6b7280;font-size:13px;margin-left:8px}
.description{margin:4px 0;color:#374151}.meta{color:#6b7280;font-size:13px}
table{border-collapse:collapse;background:#fff}
table.summary th,table.summary td{border:1px solid #e5e7eb;padding:5px 9px;text-align:left;vertical-align:top}
table.summary th{background:#f3f4f6;font-weight:600}
.totals{color:#374151}
.chart-section{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:4px 12px 12px;margin:16px 0}
.chart-wrap{position:relative;overflow-x:auto}
svg.chart{display:block;font-size:11px;cursor:grab;user-select:none;touch-action:pan-y}
svg.chart.dragging{cursor:grabbing}
.zoom{position:sticky;top:0;z-index:2;display:flex;align-items:center;gap:6px;padding:6px 0;background:#f9fafb;border-bottom:1px solid #e5e7eb}
.zoom button{font:inherit;min-width:30px;padding:2px 8px;border:1px solid #d1d5db;border-radius:4px;background:#fff;cursor:pointer}
.zoom button:hover{background:#f3f4f6}
.zoom .window{font-variant-numeric:tabular-nums;margin-left:6px}
.zoom .hint{color:#6b7280;font-size:12px;margin-left:auto}
.frame{fill:#fff;stroke:#d1d5db}
.panel-title{font-weight:600;fill:#374151}
.axis{fill:#6b7280}
.series{fill:none;stroke-width:1.6;stroke-linejoin:round}
.band{opacity:.16}
.threshold{stroke-dasharray:6 4;stroke-width:1}
.threshold-label{font-size:10px}
.action-line{stroke:#2563eb;stroke-opacity:.28;stroke-width:1}
.scenario-line{stroke:#6b7280;stroke-opacity:.5;stroke-dasharray:3 3}
.marker-scenario{stroke:#374151;stroke-width:3}
.marker-act{fill:#2563eb}.marker-hold{fill:#f59e0b}.marker-aas{fill:#9ca3af}.marker-page{fill:#dc2626}
.cursor{stroke:#111827;stroke-opacity:.5}
.legend{display:flex;flex-wrap:wrap;gap:14px;color:#374151;font-size:12px;margin:4px 0 8px}
.legend i{display:inline-block;width:14px;height:3px;margin-right:5px;vertical-align:middle}
.legend .band-key{height:10px;background:#f59e0b;opacity:.35}
.m-scenario{color:#6b7280}.m-act{color:#2563eb}.m-hold{color:#f59e0b}.m-aas{color:#9ca3af}.m-page{color:#dc2626}
.legend b{margin-right:4px}
.deploy-span{fill:#6b7280;opacity:.12}
.deploy-key{background:#6b7280!important;opacity:.35}
line.phase{stroke:#9ca3af;stroke-dasharray:2 3}
.phase-label{font-size:10px;fill:#6b7280}
.readout{min-height:18px;font-size:12px;color:#111827;font-variant-numeric:tabular-nums;padding-left:${LEFT}px}
table.timeline{font-size:12px;width:100%}
table.timeline td,table.timeline th{padding:2px 8px;border-bottom:1px solid #f3f4f6;text-align:left;vertical-align:top;white-space:nowrap}
table.timeline td:last-child{white-space:normal}
tr.nested td:last-child{padding-left:28px;color:#374151}
tr.k-alarm td{color:#b45309}tr.k-error td{color:#b91c1c}tr.k-aas td{color:#6b7280}
tr.k-notification td:last-child{color:#6d28d9}
`;
