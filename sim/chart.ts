/**
 * The charts of the report, as inline SVG: per service, stacked panels sharing the time axis (load, CPU and
 * memory, response time, 5xx rate, tasks), thresholds, the alarms' ALARM spans shaded, and a lane of markers
 * for every action, hold, page, target-tracking activity and scenario event (hover for details); the
 * strategies' cost over time. The minute series are embedded once (chart-data.ts); the report's script draws
 * them and the time axis for the visible window, and places every element that has a time in it.
 */
import { MATRIX, type RowId } from "../core/matrix/rows.js";
import type { Service } from "../core/matrix/tiers.js";
import { decimalsOf, type Encoded, encode, encodeTotal, unitFor } from "./chart-data.js";
import { type SignalKey, signalOf } from "./cloudwatch.js";
import type { ComparedResult, SimulationResult } from "./engine.js";
import { largest } from "./numbers.js";
import { STRATEGIES } from "./strategies.js";
import { isPage } from "./summary.js";

const WIDTH = 1100;
export const LEFT = 64;
const RIGHT = 16;
const PANEL = 104;
const GAP = 30;
const TOP = 14;
/** Height of the lane of action markers above the tasks panel. */
const LANE = 30;

interface Series {
  key: string;
  name: string;
  color: string;
  values: (number | undefined)[];
  step?: boolean;
  dash?: string;
  /** Sent as these instead of `values` (a total over services), shown with these decimals. */
  parts?: Encoded[];
  decimals?: number;
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
  pipeline: "#16a34a",
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

/**
 * Each strategy's Fargate cost from the start of the run, summed over the services: the last point of each is
 * the strategies table's Fargate figure.
 */
export function costChart(r: ComparedResult, time: (at: number) => string): string {
  const times = (r.minutes[r.services[0] as Service] ?? []).map((m) => m.at);
  const series: Series[] = STRATEGIES.map((strategy) => {
    const billed = Object.values(r.strategies[strategy].billed).filter((b) => b !== undefined);
    return {
      key: `cost-${strategy}`,
      name: strategy,
      color: COLORS[strategy] as string,
      values: [],
      parts: billed.map((b) => encodeTotal(b.taskSeconds, b.perTaskHour / 3_600_000)),
      decimals: 2,
      dash: strategy === "pipeline" ? undefined : "6 3",
    };
  });
  const panel: Panel = {
    title: "Fargate cost since the start of the run ($)",
    unit: "$",
    series,
    thresholds: [],
    signals: [],
    min: 0,
    max: niceMax(largest(STRATEGIES.map((s) => r.strategies[s].costUsd).concat(0.01))),
  };
  return chartSection(
    r,
    "cost",
    "Fargate cost",
    "each strategy on the same trace, all services",
    [panel],
    [],
    [],
    times,
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
  // A chart with markers has a lane above its last panel (tasks) for them.
  const laneHeight = markers.length ? LANE : 0;
  const topOf = (i: number) => TOP + i * (PANEL + GAP) + (i === panels.length - 1 ? laneHeight : 0);
  const height = topOf(panels.length - 1) + PANEL + GAP;
  const plotW = WIDTH - LEFT - RIGHT;
  // Time-placed elements carry their time (seconds from the start, `data-t`, `data-t2` for a span's end): the
  // script places them in the visible window, and draws the series and the time axis (chart-browser.js).
  const timed = (at: number) => `data-t="${Math.round(at - r.start) / 1000}"`;
  const spanned = (from: number, to: number | undefined) =>
    `${timed(from)} data-t2="${Math.round((to ?? r.end) - r.start) / 1000}"`;
  const parts: string[] = [];
  const data: PanelData[] = [];

  panels.forEach((panel, i) => {
    const top = topOf(i);
    const all = panel.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
    const max = panel.max ?? niceMax(largest([...all, ...panel.thresholds.map((t) => t.value * 1.15)], 1));
    const min = panel.min ?? 0;
    const y = (v: number) => top + PANEL - ((Math.min(Math.max(v, min), max) - min) / (max - min)) * PANEL;
    parts.push(`<g class="panel" data-panel="${esc(panel.title)}">`);
    parts.push(`<rect class="frame" x="${LEFT}" y="${top}" width="${plotW}" height="${PANEL}"/>`);
    parts.push(`<text class="panel-title" x="${LEFT}" y="${top - 6}">${esc(panel.title)}</text>`);
    for (const tick of [min, (min + max) / 2, max]) {
      parts.push(`<text class="axis" x="${LEFT - 6}" y="${y(tick) + 4}" text-anchor="end">${fmt(tick)}</text>`);
    }
    parts.push(`<g clip-path="url(#plot-${id})">`);
    for (const band of bands.filter((b) => b.signal && panel.signals.includes(b.signal))) {
      parts.push(
        `<rect class="band" data-alarm="${esc(band.name)}" ${spanned(band.from, band.to)} y="${top}" height="${PANEL}" fill="${BAND_COLORS[band.row] ?? "#dc2626"}"><title>${esc(`${band.name} in ALARM ${time(band.from)} → ${band.to ? time(band.to) : "end"}`)}</title></rect>`,
      );
    }
    parts.push(`<g class="lines" data-panel-index="${i}"></g></g>`);
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
    parts.push("</g>");
    const unit = unitFor(max - min, all);
    data.push({
      top,
      height: PANEL,
      min,
      max,
      series: panel.series.map((s) => ({
        key: s.key,
        label: `${s.name}${panel.unit ? ` (${panel.unit})` : ""}`,
        color: s.color,
        ...(s.dash && { dash: s.dash }),
        ...(s.step && { step: 1 as const }),
        d: s.decimals ?? decimalsOf(unit),
        parts: s.parts ?? [encode(s.values, unit)],
      })),
    });
  });

  const tasksTop = topOf(panels.length - 1);
  // Pages ride above the other markers, which often share their minute.
  const lane = tasksTop - 20;
  const placed: string[] = [];
  for (const m of markers) {
    const title = `<title>${esc(m.text)}</title>`;
    const kind = `class="marker marker-${m.kind}" data-kind="${m.kind}"`;
    let shape: string;
    if (m.kind === "act") {
      shape = `<line class="action-line" x1="0" x2="0" y1="${TOP}" y2="${tasksTop + PANEL}"/><path d="M0,${lane + 6} l-6,-11 h12 z" ${kind}>${title}</path>`;
    } else if (m.kind === "hold") {
      shape = `<path d="M0,${lane - 6} l6,6 l-6,6 l-6,-6 z" ${kind}>${title}</path>`;
    } else if (m.kind === "page") {
      shape = `<circle cy="${lane - 10}" r="4.5" ${kind}>${title}</circle>`;
    } else if (m.kind === "scenario") {
      shape = `<line class="scenario-line" x1="0" x2="0" y1="${TOP}" y2="${tasksTop + PANEL}"/><path d="M0,${lane - 6} v12" ${kind}>${title}</path>`;
    } else {
      shape = `<circle cy="${lane}" r="3.5" ${kind}>${title}</circle>`;
    }
    placed.push(`<g ${timed(m.at)}>${shape}</g>`);
  }
  // Deployments shade every panel; the scenario's labelled phases are named over the first one.
  const shaded: string[] = [];
  for (const p of periods) {
    if (p.kind === "deploy") {
      shaded.push(
        `<rect class="deploy-span" ${spanned(p.from, Math.min(p.to, r.end))} y="${TOP}" height="${height - TOP - GAP}"><title>${esc(`${p.label} ${time(p.from)} → ${time(p.to)}`)}</title></rect>`,
      );
    } else {
      placed.push(
        `<g class="phase" ${spanned(p.from, Math.min(p.to, r.end))}><line class="phase" x1="0" x2="0" y1="${TOP}" y2="${TOP + PANEL}"/><text class="phase-label" x="3" y="${TOP + 11}">${esc(p.label)}</text></g>`,
      );
    }
  }
  const chartData: ChartData = {
    first: times[0] ?? r.start,
    step: 60_000,
    n: times.length,
    left: LEFT,
    width: plotW,
    axisY: height - 8,
    panels: data,
  };
  // One key per alarm that was in ALARM on this chart, in its band's colour: overlapping bands stay readable.
  const alarmed = panels.some((p) => p.signals.length > 0);
  const rows = [...new Set(bands.map((b) => b.row))];
  const bandKeys = rows.length
    ? rows
        .map(
          (row) =>
            `<span><i class="band-key" style="background:${BAND_COLORS[row] ?? "#dc2626"}"></i>${esc(row)} in ALARM</span>`,
        )
        .join("")
    : alarmed
      ? '<span><i class="band-key"></i>alarm in ALARM</span>'
      : "";
  const deployKey = periods.some((p) => p.kind === "deploy")
    ? '<span><i class="band-key deploy-key"></i>deployment in progress</span>'
    : "";
  const markerKeys = alarmed
    ? '<span><b class="m-act">▼</b>reaction acted</span><span><b class="m-hold">◆</b>hold</span><span><b class="m-aas">●</b>target tracking</span><span><b class="m-page">●</b>page</span><span><b class="m-scenario">┊</b>scenario event</span>'
    : "";
  const legend = [
    ...new Set(
      panels.flatMap((p) => p.series.map((s) => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`)),
    ),
  ];
  return `<section class="chart-section" id="${id}">
<h2>${esc(title)} <small>${esc(subtitle)}<span class="resolution"></span></small></h2>
<div class="legend">${legend.join("")}${markerKeys}${bandKeys}${deployKey}</div>
<div class="chart-wrap">
<svg class="chart" data-chart="${id}" viewBox="0 0 ${WIDTH} ${height + 4}" width="${WIDTH}" height="${height + 4}" role="img" aria-label="${esc(`${title} over time`)}">
<defs><clipPath id="plot-${id}"><rect x="${LEFT}" y="0" width="${plotW}" height="${height}"/></clipPath><clipPath id="lane-${id}"><rect x="${LEFT - 7}" y="0" width="${plotW + 14}" height="${height}"/></clipPath></defs>
<g clip-path="url(#plot-${id})">${shaded.join("")}</g>
${parts.join("\n")}
<g clip-path="url(#lane-${id})">
${placed.join("\n")}
</g>
<g class="ticks"></g>
<line class="cursor" x1="0" x2="0" y1="${TOP}" y2="${height - 24}" visibility="hidden"/>
</svg>
<div class="readout" aria-live="polite"></div>
<script type="application/json" class="chart-data">${JSON.stringify(chartData).replace(/</g, "\\u003c")}</script>
</div>
</section>`;
}

/** What the script reads of a chart: its minutes (`first` + i × `step`), and per panel its scale and series. */
interface ChartData {
  first: number;
  step: number;
  n: number;
  /** The plot's left edge and width, and the time labels' baseline, in the SVG's units. */
  left: number;
  width: number;
  axisY: number;
  panels: PanelData[];
}

interface PanelData {
  top: number;
  height: number;
  min: number;
  max: number;
  series: {
    key: string;
    /** The readout's name for it. */
    label: string;
    color: string;
    dash?: string;
    step?: 1;
    /** Decimals the readout shows. */
    d: number;
    /** The series is the sum of these (one, but for the cost of several services). */
    parts: Encoded[];
  }[];
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
