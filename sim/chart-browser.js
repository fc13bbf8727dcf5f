/*
 * The report's charts in the browser, inlined in the report by report.ts (nothing is fetched). Every chart
 * shows one time window: the wheel over a chart zooms around the pointer (zooming out at the whole run lets
 * the page scroll), the buttons zoom around the middle or reset, dragging pans. For the window the script
 * draws each series from the chart's minute data (chart-data.ts), at most MAX_POINTS points, each the maximum
 * of its minutes; labels the time axis; places every element that carries a time (`data-t`, `data-t2`: seconds
 * from the start); and reads out the drawn values under the cursor.
 */

const SVG = "http://www.w3.org/2000/svg";
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** About a point per pixel of the plot; a wider window shows each bucket's maximum. */
const MAX_POINTS = 1200;
const MIN_SPAN = 10 * MINUTE;
/** Tick steps from a minute to a month: the first that gives at most 12 labels. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080, 20160, 43200].map(
  (m) => m * MINUTE,
);
/** A phase narrower than this (px) is not named. */
const PHASE_LABEL_MIN = 24;

const bar = document.querySelector(".zoom");
if (bar) start(bar);

function start(bar) {
  const full = { from: Number(bar.dataset.start), to: Number(bar.dataset.end) };
  const view = { ...full };
  const multiDay = full.to - full.from > DAY;
  const charts = [...document.querySelectorAll(".chart-wrap")].map(chartOf);
  let drag;
  let frame = 0;

  const span = () => view.to - view.from;
  const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
  /** `MM-DD HH:MM` on a run of more than a day, `HH:MM` otherwise (UTC). */
  const when = (t) => {
    const iso = new Date(t).toISOString();
    return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
  };
  /** Days by their date; hours by the clock, midnight by the date on a run of several days. */
  const tickLabel = (t, step) => {
    const iso = new Date(t).toISOString();
    if (step >= DAY || (multiDay && iso.slice(11, 16) === "00:00")) return iso.slice(5, 10);
    return iso.slice(11, 16);
  };

  function show(from, width) {
    const w = clamp(width, Math.min(MIN_SPAN, full.to - full.from), full.to - full.from);
    view.from = clamp(from, full.from, full.to - w);
    view.to = view.from + w;
    if (!frame) frame = requestAnimationFrame(render);
  }

  function zoom(factor, anchor = (view.from + view.to) / 2) {
    const ratio = (anchor - view.from) / span();
    const width = clamp(span() * factor, Math.min(MIN_SPAN, full.to - full.from), full.to - full.from);
    show(anchor - ratio * width, width);
  }

  function render() {
    frame = 0;
    for (const chart of charts) draw(chart);
    bar.dataset.from = String(view.from);
    bar.dataset.to = String(view.to);
    bar.querySelector(".window").textContent = `${when(view.from)} → ${when(view.to)} UTC`;
  }

  function chartOf(wrap) {
    const svg = wrap.querySelector("svg.chart");
    const data = JSON.parse(wrap.querySelector(".chart-data").textContent);
    const chart = {
      svg,
      data,
      panels: data.panels.map((panel, i) => ({
        ...panel,
        layer: svg.querySelector(`.lines[data-panel-index="${i}"]`),
        series: panel.series.map((s) => ({ ...s, values: decode(s.parts, data.n) })),
      })),
      placed: [...svg.querySelectorAll("[data-t]")].map((node) => ({
        node,
        t: Number(node.dataset.t) * 1000,
        t2: node.dataset.t2 === undefined ? undefined : Number(node.dataset.t2) * 1000,
      })),
      ticks: svg.querySelector(".ticks"),
      cursor: svg.querySelector(".cursor"),
      readout: wrap.querySelector(".readout"),
      resolution: wrap.closest("section").querySelector(".resolution"),
      shown: { times: [], bucket: 1, series: [] },
    };
    const plotX = (event) => {
      const box = svg.getBoundingClientRect();
      return (event.clientX - box.left) * (svg.viewBox.baseVal.width / box.width);
    };
    const inPlot = (x) => x >= data.left && x <= data.left + data.width;
    const timeAt = (x) => view.from + ((x - data.left) / data.width) * span();

    svg.addEventListener(
      "wheel",
      (event) => {
        const x = plotX(event);
        if (!inPlot(x)) return;
        const scale = event.deltaMode === 1 ? 33 : event.deltaMode === 2 ? 400 : 1;
        if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
          event.preventDefault();
          show(view.from + ((event.deltaX * scale) / data.width) * span(), span());
          return;
        }
        const factor = Math.exp(event.deltaY * scale * 0.002);
        if (factor > 1 && span() >= full.to - full.from) return;
        event.preventDefault();
        zoom(factor, timeAt(x));
      },
      { passive: false },
    );
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || !inPlot(plotX(event))) return;
      const box = svg.getBoundingClientRect();
      const perPixel = (span() / data.width) * (svg.viewBox.baseVal.width / box.width);
      drag = { x: event.clientX, from: view.from, perPixel };
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("dragging");
    });
    const release = () => {
      drag = undefined;
      svg.classList.remove("dragging");
    };
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    svg.addEventListener("pointermove", (event) => {
      if (drag) {
        show(drag.from - (event.clientX - drag.x) * drag.perPixel, span());
        return;
      }
      const x = plotX(event);
      const { times, bucket, series } = chart.shown;
      if (!inPlot(x) || times.length === 0) return;
      const first = times[0];
      const k = clamp(Math.round((timeAt(x) - first) / (bucket * data.step)), 0, times.length - 1);
      chart.cursor.setAttribute("x1", x);
      chart.cursor.setAttribute("x2", x);
      chart.cursor.setAttribute("visibility", "visible");
      const values = series
        .filter((s) => Number.isFinite(s.values[k]))
        .map((s) => `${s.label} ${s.values[k].toFixed(s.d)}`);
      chart.readout.textContent = `${when(times[k])} · ${values.join(" · ")}`;
    });
    svg.addEventListener("pointerleave", () => chart.cursor.setAttribute("visibility", "hidden"));
    return chart;
  }

  function draw(chart) {
    const { first, step, n, left, width, axisY } = chart.data;
    const x = (t) => left + ((t - view.from) / span()) * width;
    // The minutes in the window, and one past each edge so the lines reach the frame.
    const lo = clamp(Math.floor((view.from - first) / step), 0, n - 1);
    const hi = clamp(Math.ceil((view.to - first) / step), 0, n - 1);
    const bucket = Math.max(1, Math.ceil((hi - lo + 1) / MAX_POINTS));
    // Buckets aligned on the run, not on the window: panning does not reshuffle them.
    const from = Math.floor(lo / bucket) * bucket;
    const times = [];
    for (let b = from; b <= hi; b += bucket) times.push(first + Math.min(b + bucket - 1, n - 1) * step);
    const shown = { times, bucket, series: [] };
    for (const panel of chart.panels) {
      const y = (v) =>
        panel.top +
        panel.height -
        ((clamp(v, panel.min, panel.max) - panel.min) / (panel.max - panel.min)) * panel.height;
      const lines = [];
      for (const s of panel.series) {
        const values = times.map((_, k) => maxOf(s.values, from + k * bucket, Math.min(from + (k + 1) * bucket, n)));
        shown.series.push({ label: s.label, d: s.d, values });
        for (const run of segments(values)) lines.push(polyline(s, run, times, x, y));
      }
      panel.layer.replaceChildren(...lines);
    }
    chart.shown = shown;
    chart.resolution.textContent = bucket > 1 ? ` · each point is the maximum of ${(bucket * step) / MINUTE} min` : "";

    for (const { node, t, t2 } of chart.placed) {
      const x1 = x(full.from + t);
      if (t2 === undefined) {
        node.setAttribute("transform", `translate(${x1.toFixed(1)},0)`);
        continue;
      }
      const x2 = x(full.from + t2);
      if (node.tagName === "rect") {
        node.setAttribute("x", x1.toFixed(1));
        node.setAttribute("width", Math.max(1.5, x2 - x1).toFixed(1));
      } else {
        node.setAttribute("transform", `translate(${x1.toFixed(1)},0)`);
        node.setAttribute("visibility", x2 - x1 >= PHASE_LABEL_MIN ? "visible" : "hidden");
      }
    }

    const tickStep = STEPS.find((s) => span() / s <= 12) ?? STEPS[STEPS.length - 1];
    const labels = [];
    for (let t = Math.ceil(view.from / tickStep) * tickStep; t <= view.to; t += tickStep) {
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("class", "axis");
      label.setAttribute("x", x(t).toFixed(1));
      label.setAttribute("y", axisY);
      label.setAttribute("text-anchor", "middle");
      label.textContent = tickLabel(t, tickStep);
      labels.push(label);
    }
    chart.ticks.replaceChildren(...labels);
  }

  bar.querySelector('[data-zoom="in"]').addEventListener("click", () => zoom(0.5));
  bar.querySelector('[data-zoom="out"]').addEventListener("click", () => zoom(2));
  bar.querySelector('[data-zoom="reset"]').addEventListener("click", () => show(full.from, full.to - full.from));
  render();
}

/** A series' values, minute by minute: the sum of its parts, each a list or runs of whole units, or increments. */
function decode(parts, n) {
  const out = new Float64Array(n);
  for (const part of parts) {
    const values = new Float64Array(n).fill(Number.NaN);
    if (part.v) values.set(part.v.map((v) => v ?? Number.NaN));
    else {
      for (let k = 0; k < part.r.length; k += 2) {
        values.fill(part.r[k + 1] ?? Number.NaN, part.r[k], k + 2 < part.r.length ? part.r[k + 2] : n);
      }
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      // Whole increments add up exactly: the total is multiplied by the unit once.
      if (part.acc) total += values[i];
      out[i] += (part.acc ? total : values[i]) * part.u;
    }
  }
  return out;
}

function maxOf(values, from, to) {
  let max = Number.NaN;
  for (let i = from; i < to; i++) if (Number.isNaN(max) || values[i] > max) max = values[i];
  return max;
}

/** Runs of defined values, as [index, value] pairs: a gap in the data is a gap in the line. */
function segments(values) {
  const out = [];
  let current = [];
  values.forEach((v, k) => {
    if (Number.isFinite(v)) current.push([k, v]);
    else if (current.length) {
      out.push(current);
      current = [];
    }
  });
  if (current.length) out.push(current);
  return out;
}

function polyline(series, run, times, x, y) {
  const points = [];
  run.forEach(([k, v], j) => {
    const px = x(times[k]).toFixed(1);
    if (series.step && j > 0) points.push(`${px},${y(run[j - 1][1]).toFixed(1)}`);
    points.push(`${px},${y(v).toFixed(1)}`);
  });
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("class", "series");
  line.setAttribute("data-series", series.key);
  line.setAttribute("data-points", String(run.length));
  line.setAttribute("points", points.join(" "));
  line.setAttribute("stroke", series.color);
  if (series.dash) line.setAttribute("stroke-dasharray", series.dash);
  return line;
}
