/**
 * The charts of the report, as inline SVG: per service, stacked panels sharing the time axis (load, CPU and
 * memory, response time, 5xx rate, tasks), thresholds, the alarms' ALARM spans shaded, and a lane of markers
 * for every action, hold, page, target-tracking activity and scenario event (hover for details). Long runs
 * are drawn at most 1200 points per series, each the maximum of its bucket. The embedded data feeds the
 * report's hover readout.
 */
import { MATRIX, type RowId } from "../core/matrix/rows.js";
import type { Service } from "../core/matrix/tiers.js";
import { type SignalKey, signalOf } from "./cloudwatch.js";
import type { ComparedResult, SimulationResult } from "./engine.js";
import { largest } from "./numbers.js";
import { isPage } from "./summary.js";

const WIDTH = 1100;
export const LEFT = 64;
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
  /** A reaction that acted, a hold, a target-tracking activity, a page, or one of the scenario's happenings. */
  kind: "act" | "hold" | "aas" | "page" | "scenario";
  text: string;
}

const COLORS: Record<string, string> = {
  rpm: "#4b5563",
  cpu: "#2563eb",
  memory: "#7c3aed",
  latency: "#ea580c",
  errorRate: "#dc2626",
  unanswered: "#7f1d1d",
  desired: "#111827",
  running: "#16a34a",
  floor: "#0891b2",
  "target-tracking": "#f59e0b",
  "static-max": "#9ca3af",
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
  "lb-error-rate-high": "#7f1d1d",
  "db-connections-high": "#f59e0b",
  "bandwidth-high": "#a855f7",
};

export function serviceChart(r: SimulationResult, service: Service, time: (at: number) => string): string {
  const minutes = r.minutes[service] ?? [];
  const size = r.tier.services[service];
  // The load balancer's alarm is in front of every service: each service's chart shows it.
  const mine = (target: string | undefined) => target === service || target === "alb";
  const thresholdsOf = (signals: SignalKey[]) =>
    r.alarms
      .filter((a) => mine(a.target) && signals.includes(signalOf(MATRIX[a.row as RowId]) as SignalKey))
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
  if (minutes.some((m) => (m.errorRate ?? 0) > 0 || (m.unanswered ?? 0) > 0)) {
    panels.push({
      title: "5xx rate (%)",
      unit: "%",
      series: [
        { key: "errorRate", name: "5xx %", color: COLORS.errorRate as string, values: minutes.map((m) => m.errorRate) },
        {
          key: "unanswered",
          name: "no target answered %",
          color: COLORS.unanswered as string,
          values: minutes.map((m) => (m.rpm > 0 ? (100 * (m.unanswered ?? 0)) / m.rpm : undefined)),
          dash: "5 3",
        },
      ],
      thresholds: thresholdsOf(["errorRate", "lbErrorRate"]),
      signals: ["errorRate", "lbErrorRate"],
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
      // The other strategies on the same trace: the tasks they would have run.
      ...(["target-tracking", "static-max"] as const).flatMap((strategy) => {
        const running = (r as Partial<ComparedResult>).strategies?.[strategy].running[service];
        return running
          ? [
              {
                key: strategy,
                name: `running, ${strategy} alone`,
                color: COLORS[strategy] as string,
                values: running,
                step: true,
                dash: "6 3",
              },
            ]
          : [];
      }),
    ],
    thresholds: [{ value: size.maxCapacity, label: "tier max", color: "#dc2626" }],
    signals: [],
    min: 0,
    max:
      largest(
        minutes.map((m) => m.desired),
        size.maxCapacity,
      ) + 1,
  });

  const markers: Marker[] = [
    ...r.records.decisions
      .filter((d) => d.target === service && marked(r, d))
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
      .filter((e) => mine(e.target) && isPage(e))
      .map((e) => ({ at: e.at, kind: "page" as const, text: `${time(e.at)} ${e.text}` })),
    ...r.records.timeline
      .filter((e) => e.kind === "scenario" && (e.target === service || e.target === undefined))
      .map((e) => ({ at: e.at, kind: "scenario" as const, text: `${time(e.at)} ${e.label}: ${e.text}` })),
  ];
  const bands = r.alarms
    .filter((a) => mine(a.target))
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
    [...phaseSpans(r, r.scenario.services[service]?.phases ?? []), ...deploySpans(r, service)],
  );
}

export function supabaseChart(r: SimulationResult, time: (at: number) => string): string {
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
    .filter((d) => d.target === "supabase" && marked(r, d))
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
  periods: Period[] = [],
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
    const max = panel.max ?? niceMax(largest([...all, ...panel.thresholds.map((t) => t.value * 1.15)], 1));
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
  // Pages ride above the other markers, which often share their minute.
  const lane = tasksTop - 20;
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
      parts.push(`<circle cx="${mx}" cy="${lane - 10}" r="4.5" ${data}>${title}</circle>`);
    } else if (m.kind === "scenario") {
      parts.push(`<line class="scenario-line" x1="${mx}" x2="${mx}" y1="${TOP}" y2="${tasksTop + PANEL}"/>`);
      parts.push(`<path d="M${mx},${lane - 6} v12" ${data}>${title}</path>`);
    } else {
      parts.push(`<circle cx="${mx}" cy="${lane}" r="3.5" ${data}>${title}</circle>`);
    }
  }
  // Deployments shade every panel; the scenario's labelled phases are named over the first one.
  for (const p of periods) {
    const x1 = x(p.from);
    const x2 = x(Math.min(p.to, r.end));
    if (p.kind === "deploy") {
      parts.unshift(
        `<rect class="deploy-span" x="${x1.toFixed(1)}" y="${TOP}" width="${Math.max(1.5, x2 - x1).toFixed(1)}" height="${height - TOP - GAP}"><title>${esc(`${p.label} ${time(p.from)} → ${time(p.to)}`)}</title></rect>`,
      );
    } else if (x2 - x1 >= 24) {
      parts.push(
        `<line class="phase" x1="${x1.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${TOP}" y2="${TOP + PANEL}"/><text class="phase-label" x="${(x1 + 3).toFixed(1)}" y="${TOP + 11}">${esc(p.label)}</text>`,
      );
    }
  }
  const ticks = axisTicks(r.start, r.end).map(
    (at, _, all) =>
      `<text class="axis" x="${x(at).toFixed(1)}" y="${height - 8}" text-anchor="middle">${esc(tickLabel(at, all, time))}</text>`,
  );
  const data = { times: sampledTimes.map((t) => time(t).slice(0, -3)), series: readout, left: LEFT, width: plotW };
  // One key per alarm that was in ALARM on this chart, in its band's colour: overlapping bands stay readable.
  const rows = [...new Set(bands.map((b) => b.row))];
  const bandKeys = rows.length
    ? rows
        .map(
          (row) =>
            `<span><i class="band-key" style="background:${BAND_COLORS[row] ?? "#dc2626"}"></i>${esc(row)} in ALARM</span>`,
        )
        .join("")
    : '<span><i class="band-key"></i>alarm in ALARM</span>';
  const deployKey = periods.some((p) => p.kind === "deploy")
    ? '<span><i class="band-key deploy-key"></i>deployment in progress</span>'
    : "";
  const legend = [
    ...new Set(
      panels.flatMap((p) => p.series.map((s) => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`)),
    ),
  ];
  return `<section class="chart-section" id="${id}">
<h2>${esc(title)} <small>${esc(subtitle)}${bucket > 1 ? ` · each point is the maximum of ${bucket} min` : ""}</small></h2>
<div class="legend">${legend.join("")}<span><b class="m-act">▼</b>reaction acted</span><span><b class="m-hold">◆</b>hold</span><span><b class="m-aas">●</b>target tracking</span><span><b class="m-page">●</b>page</span><span><b class="m-scenario">┊</b>scenario event</span>${bandKeys}${deployKey}</div>
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

/**
 * Decisions worth a marker: holds, and acts that did more than bookkeeping (a follow-up passed on while it
 * is not due yet acts, but changes nothing anyone sees).
 */
function marked(r: SimulationResult, d: SimulationResult["records"]["decisions"][number]): boolean {
  if (d.outcome === "hold") return true;
  if (d.outcome !== "act") return false;
  return r.records.effects.some(
    (e) => e.at === d.at && e.functionName === d.functionName && e.category !== "state" && e.category !== "follow-up",
  );
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
  const max = largest(values);
  return max === Number.NEGATIVE_INFINITY ? undefined : max;
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
  // From an hour (5-minute ticks) to three months (two-week ticks): never more than 12 labels.
  const steps = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080, 20160].map((m) => m * 60_000);
  const step = steps.find((s) => span / s <= 12) ?? 43_200 * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}

interface Period {
  from: number;
  to: number;
  label: string;
  kind: "phase" | "deploy";
}

/** The scenario's labelled phases, in time. */
function phaseSpans(r: SimulationResult, phases: readonly { minutes: number; label?: string }[]): Period[] {
  const out: Period[] = [];
  let at = r.start;
  for (const phase of phases) {
    const to = at + phase.minutes * 60_000;
    if (phase.label && at < r.end) out.push({ from: at, to, label: phase.label, kind: "phase" });
    at = to;
  }
  return out;
}

/** The scenario's rolling deployments of the service. */
function deploySpans(r: SimulationResult, service: Service): Period[] {
  return r.scenario.events.flatMap((e) =>
    e.deploy?.service === service
      ? [
          {
            from: r.start + e.at * 60_000,
            to: r.start + (e.at + e.deploy.minutes) * 60_000,
            label: "deployment",
            kind: "deploy" as const,
          },
        ]
      : [],
  );
}

/** Whole days are labelled by their date alone; shorter steps by the time (with the date on a multi-day run). */
function tickLabel(at: number, all: readonly number[], time: (at: number) => string): string {
  const step = all.length > 1 ? (all[1] as number) - (all[0] as number) : 0;
  const label = time(at).slice(0, -3);
  return step >= 86_400_000 && label.length > 5 ? label.slice(0, 5) : label;
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

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
