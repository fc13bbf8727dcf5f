/**
 * The HTML report of a run: one self-contained file (inline SVG, CSS and a few lines of script; nothing is
 * fetched), with a chart per service — load, CPU and memory, p95 latency, 5xx rate, desired/running tasks
 * and the floor, alarm bands and every action marked — the summary table and the whole timeline.
 */
import { MATRIX, type RowId } from "../../../core/matrix.js";
import type { Service } from "../../../core/tiers.js";
import { type SignalKey, signalOf } from "./cloudwatch.js";
import type { SimulationResult } from "./engine.js";
import type { Summary } from "./summary.js";
import { timeFormatter } from "./timeline.js";

const WIDTH = 1100;
const LEFT = 64;
const RIGHT = 16;
const PANEL = 104;
const GAP = 30;
const TOP = 14;
/** Height of the lane of action markers above the tasks panel. */
const LANE = 30;
/** Charts keep at most this many points per series; longer runs show each bucket's maximum. */
const MAX_POINTS = 1200;

interface Series {
  key: string;
  name: string;
  color: string;
  values: (number | undefined)[];
  step?: boolean;
  dash?: string;
}

interface Panel {
  title: string;
  unit: string;
  series: Series[];
  thresholds: { value: number; label: string; color: string }[];
  /** Signals whose alarm bands belong on this panel. */
  signals: SignalKey[];
  min?: number;
  max?: number;
}

interface Marker {
  at: number;
  /** A matrix action, a hold, a target-tracking activity, a page, or one of the scenario's happenings. */
  kind: "act" | "hold" | "aas" | "page" | "scenario";
  text: string;
}

const COLORS: Record<string, string> = {
  rpm: "#4b5563",
  cpu: "#2563eb",
  memory: "#7c3aed",
  latency: "#ea580c",
  errorRate: "#dc2626",
  desired: "#111827",
  running: "#16a34a",
  floor: "#0891b2",
  connections: "#2563eb",
  egress: "#7c3aed",
};

const BAND_COLORS: Record<string, string> = {
  "cpu-high": "#f59e0b",
  "cpu-critical": "#dc2626",
  "memory-high": "#a855f7",
  "memory-critical": "#be185d",
  "response-time-high": "#ea580c",
  "error-rate-high": "#dc2626",
  "db-connections-high": "#f59e0b",
  "bandwidth-high": "#a855f7",
};

export function renderReport(r: SimulationResult, summary: Summary): string {
  const time = timeFormatter(r.start, r.end);
  const charts = r.services.map((service) => serviceChart(r, service, time));
  if (r.supabase.length) charts.push(supabaseChart(r, time));
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
<p class="meta">Stage <b>${esc(r.scenario.stage)}</b> · ${esc(r.tier.name)} tier · ${esc(new Date(r.start).toISOString().slice(0, 16).replace("T", " "))} → ${esc(new Date(r.end).toISOString().slice(0, 16).replace("T", " "))} UTC (${summary.minutes} min) · seed ${r.scenario.seed} · tasks start in ${r.scenario.taskStartSeconds} s · rules: ${esc(r.rules.map((x) => x.functions.join("+")).join(", ") || "none")}${r.scheduled.length ? ` · not run: ${esc(r.scheduled.map((x) => `${x.functions.join("+")} on ${x.schedule}`).join(", "))} (the scenario's traces stand for what it publishes)` : ""}</p>
</header>
<main>
<section id="summary">
<h2>Summary</h2>
${summaryTable(r, summary)}
</section>
${charts.join("\n")}
<section id="timeline">
<h2>Timeline</h2>
${timelineTable(r, time)}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function serviceChart(r: SimulationResult, service: Service, time: (at: number) => string): string {
  const minutes = r.minutes[service] ?? [];
  const size = r.tier.services[service];
  const thresholdsOf = (signals: SignalKey[]) =>
    r.alarms
      .filter((a) => a.target === service && signals.includes(signalOf(MATRIX[a.row as RowId]) as SignalKey))
      .map((a) => ({ value: a.threshold, label: a.row, color: BAND_COLORS[a.row] ?? "#dc2626" }))
      .reduce(mergeThresholds, []);
  const panels: Panel[] = [
    {
      title: "Load (requests/min)",
      unit: "",
      series: [{ key: "rpm", name: "requests/min", color: COLORS.rpm as string, values: minutes.map((m) => m.rpm) }],
      thresholds: [],
      signals: [],
      min: 0,
    },
    {
      title: "CPU and memory (%)",
      unit: "%",
      series: [
        { key: "cpu", name: "CPU", color: COLORS.cpu as string, values: minutes.map((m) => m.cpu) },
        {
          key: "memory",
          name: "memory",
          color: COLORS.memory as string,
          values: minutes.map((m) => m.memory),
          dash: "5 3",
        },
      ],
      thresholds: thresholdsOf(["cpu", "memory"]),
      signals: ["cpu", "memory"],
      min: 0,
      max: 100,
    },
    {
      title: `Response time ${r.config.responseTimeStatistic} (s)`,
      unit: "s",
      series: [
        {
          key: "latency",
          name: r.config.responseTimeStatistic,
          color: COLORS.latency as string,
          values: minutes.map((m) => m.latency),
        },
      ],
      thresholds: thresholdsOf(["latency"]),
      signals: ["latency"],
      min: 0,
    },
  ];
  if (minutes.some((m) => (m.errorRate ?? 0) > 0)) {
    panels.push({
      title: "5xx rate (%)",
      unit: "%",
      series: [
        { key: "errorRate", name: "5xx %", color: COLORS.errorRate as string, values: minutes.map((m) => m.errorRate) },
      ],
      thresholds: thresholdsOf(["errorRate"]),
      signals: ["errorRate"],
      min: 0,
    });
  }
  panels.push({
    title: "Tasks",
    unit: "",
    series: [
      {
        key: "desired",
        name: "desired",
        color: COLORS.desired as string,
        values: minutes.map((m) => m.desired),
        step: true,
      },
      {
        key: "running",
        name: "running",
        color: COLORS.running as string,
        values: minutes.map((m) => m.running),
        step: true,
      },
      {
        key: "floor",
        name: "floor (AAS min)",
        color: COLORS.floor as string,
        values: minutes.map((m) => m.floor),
        step: true,
        dash: "2 3",
      },
    ],
    thresholds: [{ value: size.maxCapacity, label: "tier max", color: "#dc2626" }],
    signals: [],
    min: 0,
    max: Math.max(size.maxCapacity, ...minutes.map((m) => m.desired)) + 1,
  });

  const markers: Marker[] = [
    ...r.records.decisions
      .filter((d) => d.target === service && (d.outcome === "act" || d.outcome === "hold"))
      .map((d) => ({
        at: d.at,
        kind: d.outcome === "hold" ? ("hold" as const) : ("act" as const),
        text: `${time(d.at)} ${d.functionName}: ${d.outcome}${d.code ? ` (${d.code})` : ""}: ${d.reason}`,
      })),
    ...r.records.activities
      .filter((a) => a.service === service)
      .map((a) => ({
        at: a.at,
        kind: "aas" as const,
        text: `${time(a.at)} target tracking (${a.policy}) scales ${a.direction}: ${a.from} → ${a.to}`,
      })),
    ...r.records.effects
      .filter((e) => e.target === service && (e.channel === "sns:onCall" || e.type === "pagerduty.trigger"))
      .map((e) => ({ at: e.at, kind: "page" as const, text: `${time(e.at)} ${e.text}` })),
    ...r.records.timeline
      .filter((e) => e.kind === "scenario" && (e.target === service || e.target === undefined))
      .map((e) => ({ at: e.at, kind: "scenario" as const, text: `${time(e.at)} ${e.label}: ${e.text}` })),
  ];
  const bands = r.alarms
    .filter((a) => a.target === service)
    .flatMap((a) => a.spans.map((s) => ({ ...s, row: a.row, name: a.name, signal: signalOf(MATRIX[a.row as RowId]) })));
  return chartSection(
    r,
    `service-${service}`,
    `${service}`,
    `${size.minCapacity}–${size.maxCapacity} tasks of ${size.cpu / 1024} vCPU / ${size.memory / 1024} GB`,
    panels,
    markers,
    bands,
    minutes.map((m) => m.at),
    time,
  );
}

function supabaseChart(r: SimulationResult, time: (at: number) => string): string {
  const thresholds = r.alarms
    .filter((a) => a.target === "supabase")
    .map((a) => ({ value: a.threshold, label: a.row, color: BAND_COLORS[a.row] ?? "#dc2626" }))
    .reduce(mergeThresholds, []);
  const panels: Panel[] = [
    {
      title: "Supabase (%)",
      unit: "%",
      series: [
        {
          key: "connections",
          name: "connections",
          color: COLORS.connections as string,
          values: r.supabase.map((m) => m.connections),
        },
        {
          key: "egress",
          name: "egress (month to date)",
          color: COLORS.egress as string,
          values: r.supabase.map((m) => m.egress),
          dash: "5 3",
        },
      ],
      thresholds,
      signals: ["connections", "egress"],
      min: 0,
      max: 100,
    },
  ];
  const markers: Marker[] = r.records.decisions
    .filter((d) => d.target === "supabase" && (d.outcome === "act" || d.outcome === "hold"))
    .map((d) => ({
      at: d.at,
      kind: d.outcome === "hold" ? ("hold" as const) : ("act" as const),
      text: `${time(d.at)} ${d.functionName}: ${d.reason}`,
    }));
  const bands = r.alarms
    .filter((a) => a.target === "supabase")
    .flatMap((a) => a.spans.map((s) => ({ ...s, row: a.row, name: a.name, signal: signalOf(MATRIX[a.row as RowId]) })));
  return chartSection(
    r,
    "supabase",
    "supabase",
    "Hero365/Supabase signals",
    panels,
    markers,
    bands,
    r.supabase.map((m) => m.at),
    time,
  );
}

function chartSection(
  r: SimulationResult,
  id: string,
  title: string,
  subtitle: string,
  panels: Panel[],
  markers: Marker[],
  bands: { from: number; to?: number; row: string; name: string; signal: SignalKey | undefined }[],
  times: number[],
  time: (at: number) => string,
): string {
  // The last panel (tasks) has a lane above it for the action markers.
  const topOf = (i: number) => TOP + i * (PANEL + GAP) + (i === panels.length - 1 ? LANE : 0);
  const height = topOf(panels.length - 1) + PANEL + GAP;
  const plotW = WIDTH - LEFT - RIGHT;
  const x = (at: number) => LEFT + ((at - r.start) / Math.max(1, r.end - r.start)) * plotW;
  const bucket = Math.max(1, Math.ceil(times.length / MAX_POINTS));
  const sampledTimes = downsample(times, bucket, (vs) => vs.at(-1));
  const parts: string[] = [];
  const readout: Record<string, (number | null)[]> = {};

  panels.forEach((panel, i) => {
    const top = topOf(i);
    const sampled = panel.series.map((s) => ({ ...s, values: downsample(s.values, bucket, maxOf) }));
    const all = sampled.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
    const max = panel.max ?? niceMax(Math.max(1, ...all, ...panel.thresholds.map((t) => t.value * 1.15)));
    const min = panel.min ?? 0;
    const y = (v: number) => top + PANEL - ((Math.min(Math.max(v, min), max) - min) / (max - min)) * PANEL;
    parts.push(`<g class="panel" data-panel="${esc(panel.title)}">`);
    parts.push(`<rect class="frame" x="${LEFT}" y="${top}" width="${plotW}" height="${PANEL}"/>`);
    parts.push(`<text class="panel-title" x="${LEFT}" y="${top - 6}">${esc(panel.title)}</text>`);
    for (const tick of [min, (min + max) / 2, max]) {
      parts.push(`<text class="axis" x="${LEFT - 6}" y="${y(tick) + 4}" text-anchor="end">${fmt(tick)}</text>`);
    }
    for (const band of bands.filter((b) => b.signal && panel.signals.includes(b.signal))) {
      const x1 = x(band.from);
      const x2 = x(band.to ?? r.end);
      parts.push(
        `<rect class="band" data-alarm="${esc(band.name)}" x="${x1.toFixed(1)}" y="${top}" width="${Math.max(1.5, x2 - x1).toFixed(1)}" height="${PANEL}" fill="${BAND_COLORS[band.row] ?? "#dc2626"}"><title>${esc(`${band.name} in ALARM ${time(band.from)} → ${band.to ? time(band.to) : "end"}`)}</title></rect>`,
      );
    }
    // Labels of thresholds close to each other are set side by side instead of on top of each other.
    let previous: { y: number; shift: number } | undefined;
    for (const t of [...panel.thresholds].sort((a, b) => b.value - a.value)) {
      const ty = y(t.value);
      const shift = previous && ty - previous.y < 11 ? previous.shift + 1 : 0;
      previous = { y: ty, shift };
      parts.push(
        `<line class="threshold" x1="${LEFT}" x2="${LEFT + plotW}" y1="${ty}" y2="${ty}" stroke="${t.color}"/><text class="threshold-label" x="${LEFT + plotW - 4 - shift * 200}" y="${ty - 3}" text-anchor="end" fill="${t.color}">${esc(`${t.label} ${fmt(t.value)}${panel.unit}`)}</text>`,
      );
    }
    for (const s of sampled) {
      readout[`${s.name}${panel.unit ? ` (${panel.unit})` : ""}`] = s.values.map((v) =>
        v === undefined ? null : round(v),
      );
      for (const segment of segments(s.values)) {
        const points: string[] = [];
        segment.forEach(([index, value], k) => {
          const px = x(sampledTimes[index] as number);
          if (s.step && k > 0) points.push(`${px.toFixed(1)},${y((segment[k - 1] as [number, number])[1]).toFixed(1)}`);
          points.push(`${px.toFixed(1)},${y(value).toFixed(1)}`);
        });
        parts.push(
          `<polyline class="series" data-series="${esc(s.key)}" data-points="${segment.length}" points="${points.join(" ")}" stroke="${s.color}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`,
        );
      }
    }
    parts.push("</g>");
  });

  const tasksTop = topOf(panels.length - 1);
  const lane = tasksTop - 24;
  for (const m of markers) {
    const mx = x(m.at).toFixed(1);
    const title = `<title>${esc(m.text)}</title>`;
    const data = `class="marker marker-${m.kind}" data-kind="${m.kind}"`;
    if (m.kind === "act") {
      parts.push(`<line class="action-line" x1="${mx}" x2="${mx}" y1="${TOP}" y2="${tasksTop + PANEL}"/>`);
      parts.push(`<path d="M${mx},${lane + 6} l-6,-11 h12 z" ${data}>${title}</path>`);
    } else if (m.kind === "hold") {
      parts.push(`<path d="M${mx},${lane - 6} l6,6 l-6,6 l-6,-6 z" ${data}>${title}</path>`);
    } else if (m.kind === "page") {
      parts.push(`<circle cx="${mx}" cy="${lane}" r="5.5" ${data}>${title}</circle>`);
    } else if (m.kind === "scenario") {
      parts.push(`<line class="scenario-line" x1="${mx}" x2="${mx}" y1="${TOP}" y2="${tasksTop + PANEL}"/>`);
      parts.push(`<path d="M${mx},${lane - 6} v12" ${data}>${title}</path>`);
    } else {
      parts.push(`<circle cx="${mx}" cy="${lane}" r="3.5" ${data}>${title}</circle>`);
    }
  }
  const ticks = axisTicks(r.start, r.end).map(
    (at) =>
      `<text class="axis" x="${x(at).toFixed(1)}" y="${height - 8}" text-anchor="middle">${esc(time(at).slice(0, -3))}</text>`,
  );
  const data = { times: sampledTimes.map((t) => time(t).slice(0, -3)), series: readout, left: LEFT, width: plotW };
  const legend = [
    ...new Set(
      panels.flatMap((p) => p.series.map((s) => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`)),
    ),
  ];
  return `<section class="chart-section" id="${id}">
<h2>${esc(title)} <small>${esc(subtitle)}${bucket > 1 ? ` · each point is the maximum of ${bucket} min` : ""}</small></h2>
<div class="legend">${legend.join("")}<span><b class="m-act">▼</b>matrix action</span><span><b class="m-hold">◆</b>hold</span><span><b class="m-aas">●</b>target tracking</span><span><b class="m-page">●</b>page</span><span><b class="m-scenario">┊</b>scenario event</span><span><i class="band-key"></i>alarm in ALARM</span></div>
<div class="chart-wrap">
<svg class="chart" data-chart="${id}" viewBox="0 0 ${WIDTH} ${height + 4}" width="${WIDTH}" height="${height + 4}" role="img" aria-label="${esc(`${title} over time`)}">
${parts.join("\n")}
${ticks.join("")}
<line class="cursor" x1="0" x2="0" y1="${TOP}" y2="${height - 24}" visibility="hidden"/>
</svg>
<div class="readout" aria-live="polite"></div>
<script type="application/json" class="chart-data">${JSON.stringify(data).replace(/</g, "\\u003c")}</script>
</div>
</section>`;
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
  return `${services}
${supabase}
<p class="totals">${s.invocations} invocations (${list(s.outcomes)}) · notifications: ${list(s.notifications)} · pages: ${s.pages}${Object.keys(s.sideEffects).length ? ` · other effects: ${list(s.sideEffects)}` : ""}${s.failures ? ` · failed invocations: ${s.failures}` : ""}${s.pendingFollowUps ? ` · follow-ups queued at the end: ${s.pendingFollowUps}` : ""} · ${r.alarms.length} alarms simulated</p>`;
}

function timelineTable(r: SimulationResult, time: (at: number) => string): string {
  const rows = r.records.timeline.map(
    (e) =>
      `<tr class="k-${e.kind}${e.nested ? " nested" : ""}"><td>${e.nested ? "" : esc(time(e.at))}</td><td>${esc(e.target ?? "")}</td><td>${esc(e.label)}</td><td>${esc(e.text)}</td></tr>`,
  );
  return `<details open><summary>${r.records.timeline.length} entries</summary><table class="timeline"><tr><th>time (UTC)</th><th>target</th><th>what</th><th></th></tr>${rows.join("")}</table></details>`;
}

type Threshold = Panel["thresholds"][number];

/** One line per threshold value, naming every row that uses it. */
function mergeThresholds(merged: Threshold[], t: Threshold): Threshold[] {
  const same = merged.find((m) => m.value === t.value);
  if (same) same.label = `${same.label} / ${t.label}`;
  else merged.push({ ...t });
  return merged;
}

function downsample<T>(values: readonly T[], bucket: number, pick: (bucket: T[]) => T | undefined): T[] {
  if (bucket <= 1) return [...values];
  const out: T[] = [];
  for (let i = 0; i < values.length; i += bucket) out.push(pick(values.slice(i, i + bucket)) as T);
  return out;
}

function maxOf(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? Math.max(...present) : undefined;
}

/** Runs of defined values, as [index, value] pairs: a gap in the data is a gap in the line. */
function segments(values: readonly (number | undefined)[]): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === undefined) {
      if (current.length) out.push(current);
      current = [];
    } else current.push([i, v]);
  });
  if (current.length) out.push(current);
  return out;
}

function axisTicks(start: number, end: number): number[] {
  const span = end - start;
  const steps = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * 60_000);
  const step = steps.find((s) => span / s <= 12) ?? 1440 * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((m) => m >= value) ?? value;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function fmt(value: number): string {
  return value >= 1000 ? `${Math.round(value / 100) / 10}k` : String(round(value));
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
svg.chart{display:block;font-size:11px}
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
.readout{min-height:18px;font-size:12px;color:#111827;font-variant-numeric:tabular-nums;padding-left:${LEFT}px}
table.timeline{font-size:12px;width:100%}
table.timeline td,table.timeline th{padding:2px 8px;border-bottom:1px solid #f3f4f6;text-align:left;vertical-align:top;white-space:nowrap}
table.timeline td:last-child{white-space:normal}
tr.nested td:last-child{padding-left:28px;color:#374151}
tr.k-alarm td{color:#b45309}tr.k-error td{color:#b91c1c}tr.k-aas td{color:#6b7280}
tr.k-notification td:last-child{color:#6d28d9}
`;

/** Hover readout: the values at the cursor's time, from the chart's embedded data. */
const SCRIPT = `
for (const wrap of document.querySelectorAll(".chart-wrap")) {
  const svg = wrap.querySelector("svg.chart");
  const data = JSON.parse(wrap.querySelector(".chart-data").textContent);
  const cursor = svg.querySelector(".cursor");
  const out = wrap.querySelector(".readout");
  const show = (event) => {
    const box = svg.getBoundingClientRect();
    const scale = svg.viewBox.baseVal.width / box.width;
    const x = (event.clientX - box.left) * scale;
    const n = data.times.length;
    if (n === 0 || x < data.left || x > data.left + data.width) return;
    const i = Math.min(n - 1, Math.max(0, Math.round(((x - data.left) / data.width) * (n - 1))));
    cursor.setAttribute("x1", x);
    cursor.setAttribute("x2", x);
    cursor.setAttribute("visibility", "visible");
    const values = Object.entries(data.series)
      .filter(([, vs]) => vs[i] !== null && vs[i] !== undefined)
      .map(([name, vs]) => name + " " + vs[i]);
    out.textContent = data.times[i] + " · " + values.join(" · ");
  };
  svg.addEventListener("mousemove", show);
  svg.addEventListener("mouseleave", () => cursor.setAttribute("visibility", "hidden"));
}
`;
