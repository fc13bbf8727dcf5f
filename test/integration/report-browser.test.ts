import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScenario } from "../../sim/index.js";
import { renderReport } from "../../sim/report.js";
import { DEFAULT_SCENARIO, loadScenario, parseScenario } from "../../sim/scenario.js";
import { summarize } from "../../sim/summary.js";

/** Debian's Chromium (.ci/run installs it). */
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const installed = existsSync(CHROMIUM);
// CI must run this test: only a developer's machine may skip it, and says why.
const skip = !installed && !process.env.CI;
if (skip) console.warn(`skipping the report's browser test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(skip)("the HTML report in a real browser", () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  let reportUrl: string;

  beforeAll(async () => {
    expect(installed, `Chromium is not installed at ${CHROMIUM}: run .ci/run, or apt-get install -y chromium`).toBe(
      true,
    );
    dir = await mkdtemp(path.join(tmpdir(), "hero365-report-"));
    const result = await runScenario(await loadScenario(DEFAULT_SCENARIO));
    const file = path.join(dir, "report.html");
    await writeFile(file, renderReport(result, summarize(result)));
    reportUrl = pathToFileURL(file).href;
    context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 1000 },
    });
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(reportUrl, { waitUntil: "load" });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("renders the summary and the backend's chart", async () => {
    await expect(page.title()).resolves.toBe("Hero365 simulation: Gradual ramp");
    const cell = (label: string) => page.locator("table.summary tr", { hasText: label }).locator("td").textContent();
    await expect(cell("Matrix scale-outs")).resolves.toBe("1");
    await expect(cell("Peak tasks")).resolves.toBe("15 / 15 (tier 3–15)");
    // The backend's chart, and the strategies' cost.
    await expect(page.locator("svg.chart").count()).resolves.toBe(2);
    const box = await page.locator("#service-backend svg.chart").boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    expect(box?.height).toBeGreaterThan(400);
  });

  it("draws every series with its data points, the alarm bands and the actions", async () => {
    const series = await page.$$eval("#service-backend polyline.series", (lines) =>
      lines.map((line) => ({
        key: line.getAttribute("data-series"),
        points: Number(line.getAttribute("data-points")),
        width: (line as unknown as { getBBox(): { width: number } }).getBBox().width,
      })),
    );
    const keys = new Set(series.map((s) => s.key));
    // The other strategies' running tasks are overlaid on the tasks panel.
    expect([...keys].sort()).toEqual([
      "cpu",
      "desired",
      "floor",
      "latency",
      "memory",
      "rpm",
      "running",
      "static-max",
      "target-tracking",
    ]);
    expect(series.filter((s) => s.key === "rpm").reduce((n, s) => n + s.points, 0)).toBe(70);
    for (const s of series) expect(s.width, `${s.key} is drawn`).toBeGreaterThan(0);
    await expect(page.locator("rect.band").count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-kind="act"]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-kind="aas"]').count()).resolves.toBeGreaterThan(0);
  });

  it("reads out the values under the cursor", async () => {
    const chart = page.locator("#service-backend svg.chart");
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error("the chart has no box");
    await page.mouse.move(box.x + box.width * 0.5, box.y + 60);
    await expect(page.locator("#service-backend .readout").textContent()).resolves.toMatch(
      /^09:\d\d · requests\/min [\d.]+ · CPU \(%\) [\d.]+ · memory \(%\) [\d.]+/,
    );
  });

  it("lists the scale-out reactions: the alarm, the action, the tasks running, and the latencies", async () => {
    const cells = await page.locator('table[data-table="reactions"] tr').nth(1).locator("td").allTextContents();
    expect(cells).toEqual([
      "backend",
      "response-time-high",
      "scale-ecs",
      "09:18:21",
      "09:18:21",
      "7 → 14",
      "09:19:51",
      "0 s",
      "1 min 30 s",
    ]);
  });

  it("draws each strategy's cost, its last point the strategies table's Fargate figure", async () => {
    const chart = page.locator("#cost svg.chart");
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error("the cost chart has no box");
    const data = JSON.parse((await page.locator("#cost .chart-data").textContent()) ?? "{}");
    const scale = box.width / 1100;
    // Just inside the plot's right edge: the last minute of the run.
    await page.mouse.move(box.x + (data.left + data.width - 1) * scale, box.y + 60);
    const readout = (await page.locator("#cost .readout").textContent()) ?? "";
    const fargate = await page
      .locator('table[data-table="strategies"] tr')
      .evaluateAll((rows) => rows.slice(1).map((row) => row.querySelectorAll("td")[5]?.textContent));
    expect(readout).toMatch(/^10:10 · /);
    expect(readout.split(" · ").slice(1)).toEqual(
      ["pipeline", "target-tracking", "static-max"].map((name, i) => `${name} ($) ${fargate[i]?.slice(1)}`),
    );
  });

  it("logs no error and fetches nothing beyond the file itself", () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });
});

describe.skipIf(skip)("the HTML report of a 30-day run in a real browser", () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let reportUrl: string;
  const errors: string[] = [];
  const requests: string[] = [];
  const DAY = 86_400_000;
  /** The window every chart shows (the zoom bar's), in ms. */
  const shown = async () => {
    const bar = page.locator(".zoom");
    return { from: Number(await bar.getAttribute("data-from")), to: Number(await bar.getAttribute("data-to")) };
  };
  const labelsOf = (chart: Locator) => chart.locator(".ticks text").allTextContents();
  /** The time axis' labels: 4 to 12 of them, none overlapping the next. */
  const readableLabels = async (chart: Locator) => {
    const labels = await chart.locator('text.axis[text-anchor="middle"]').evaluateAll((texts) =>
      texts.map((t) => {
        const box = (t as unknown as { getBBox(): { x: number; width: number } }).getBBox();
        return { text: t.textContent ?? "", x: box.x, width: box.width };
      }),
    );
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels.length).toBeLessThanOrEqual(12);
    for (let i = 1; i < labels.length; i++) {
      const before = labels[i - 1] as (typeof labels)[number];
      expect(before.x + before.width, `${before.text} and ${labels[i]?.text} overlap`).toBeLessThan(
        (labels[i] as (typeof labels)[number]).x,
      );
    }
    return labels.map((l) => l.text);
  };
  const start = Date.parse("2026-11-01T00:00:00Z");

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hero365-report-month-"));
    const minutes = 30 * 1440;
    const result = await runScenario(
      parseScenario({
        name: "A month",
        start: "2026-11-01T00:00:00Z",
        minutes,
        services: { backend: { phases: [{ minutes, rpm: { daily: { min: 1500, max: 14000, peakHour: 15 } } }] } },
        supabase: { phases: [{ minutes, connections: { daily: { min: 40, max: 84, peakHour: 15 } } }] },
      }),
    );
    const file = path.join(dir, "report.html");
    await writeFile(file, renderReport(result, summarize(result)));
    context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 1000 },
    });
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    reportUrl = pathToFileURL(file).href;
    await page.goto(reportUrl, { waitUntil: "load" });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("labels the time axis by date, at most 12 labels that never overlap, and keys each alarm's band", async () => {
    const chart = page.locator("svg.chart").first();
    await chart.scrollIntoViewIfNeeded();
    const shot = await chart.screenshot({ path: path.join(dir, "month.png") });
    expect(shot.length).toBeGreaterThan(10_000);
    const labels = await readableLabels(chart);
    for (const label of labels) expect(label).toMatch(/^\d\d-\d\d$/);
    const keys = await page.locator("section.chart-section").first().locator(".legend .band-key").count();
    const bandRows = await page
      .locator("section.chart-section")
      .first()
      .locator("rect.band")
      .evaluateAll(
        (rects) =>
          new Set(
            rects.map((r) =>
              r
                .getAttribute("data-alarm")
                ?.split("-prod-")[1]
                ?.replace(/-backend$/, ""),
            ),
          ).size,
      );
    expect(bandRows).toBeGreaterThan(0);
    expect(keys).toBe(bandRows);
  });

  it("zooms around the pointer with the wheel: every chart shows the hours of the window, drawn minute by minute", async () => {
    const chart = page.locator("svg.chart").first();
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error("the chart has no box");
    const full = await shown();
    expect(full).toEqual({ from: start, to: start + 30 * DAY });
    await expect(page.locator("#service-backend .resolution").textContent()).resolves.toBe(
      " · each point is the maximum of 36 min",
    );
    const pointer = box.x + box.width * 0.5;
    const data = JSON.parse((await page.locator("#service-backend .chart-data").textContent()) ?? "{}");
    // Where the pointer is across the plot, and the time under it.
    const across = ((pointer - box.x) / (box.width / 1100) - data.left) / data.width;
    const under = full.from + across * (full.to - full.from);

    await page.mouse.move(pointer, box.y + 60);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await shown()).to - (await shown()).from).toBeLessThan(DAY);

    const zoomed = await shown();
    // The time under the pointer stays under it.
    expect(Math.abs(zoomed.from + across * (zoomed.to - zoomed.from) - under)).toBeLessThan(1000);
    const labels = await readableLabels(chart);
    expect(labels.some((l) => /^\d\d:\d\d$/.test(l))).toBe(true);
    for (const label of labels) expect(label).toMatch(/^(\d\d:\d\d|\d\d-\d\d)$/);
    // Every minute of the window is drawn now: no more buckets.
    await expect(page.locator("#service-backend .resolution").textContent()).resolves.toBe("");
    const points = await chart
      .locator('polyline[data-series="rpm"]')
      .evaluateAll((lines) => lines.reduce((n, l) => n + Number(l.getAttribute("data-points")), 0));
    expect(Math.abs(points - (zoomed.to - zoomed.from) / 60_000)).toBeLessThanOrEqual(2);
    // The other charts show the same window.
    expect(await labelsOf(page.locator("#supabase svg.chart"))).toEqual(labels);
    expect(await labelsOf(page.locator("#cost svg.chart"))).toEqual(labels);
    await chart.screenshot({ path: path.join(dir, "month-zoomed.png") });
  });

  it("pans by dragging, zooms with the buttons, and resets to the whole run", async () => {
    const chart = page.locator("svg.chart").first();
    const box = await chart.boundingBox();
    if (!box) throw new Error("the chart has no box");
    const before = await shown();
    const width = before.to - before.from;

    await page.mouse.move(box.x + box.width * 0.5, box.y + 60);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5 + 200, box.y + 60, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await shown()).from).toBeLessThan(before.from);
    const panned = await shown();
    expect(panned.to - panned.from).toBeCloseTo(width, -1);
    // Dragged 200 px to the right: the window moved back by what 200 px of the plot show.
    const data = JSON.parse((await page.locator("#service-backend .chart-data").textContent()) ?? "{}");
    const plotPixels = data.width * (box.width / 1100);
    expect(before.from - panned.from).toBeCloseTo((200 / plotPixels) * width, -3);
    await chart.screenshot({ path: path.join(dir, "month-panned.png") });

    await page.getByRole("button", { name: "Zoom in" }).click();
    await expect.poll(async () => (await shown()).to - (await shown()).from).toBeCloseTo(width / 2, -1);
    await page.getByRole("button", { name: "Zoom out" }).click();
    await expect.poll(async () => (await shown()).to - (await shown()).from).toBeCloseTo(width, -1);

    await page.getByRole("button", { name: "reset" }).click();
    await expect.poll(shown).toEqual({ from: start, to: start + 30 * DAY });
    const labels = await readableLabels(chart);
    for (const label of labels) expect(label).toMatch(/^\d\d-\d\d$/);
    await expect(page.locator("#service-backend .resolution").textContent()).resolves.toBe(
      " · each point is the maximum of 36 min",
    );
  });

  it("logs no error and fetches nothing beyond the file itself", () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });
});
