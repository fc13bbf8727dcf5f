import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
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
    await expect(page.locator("svg.chart").count()).resolves.toBe(1);
    const box = await page.locator("svg.chart").boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    expect(box?.height).toBeGreaterThan(400);
  });

  it("draws every series with its data points, the alarm bands and the actions", async () => {
    const series = await page.$$eval("polyline.series", (lines) =>
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
    await page.locator("svg.chart").scrollIntoViewIfNeeded();
    const box = await page.locator("svg.chart").boundingBox();
    if (!box) throw new Error("the chart has no box");
    await page.mouse.move(box.x + box.width * 0.5, box.y + 60);
    await expect(page.locator(".readout").textContent()).resolves.toMatch(
      /^09:\d\d · requests\/min [\d.]+ · CPU \(%\) [\d.]+ · memory \(%\) [\d.]+/,
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
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
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
    const labels = await chart.locator('text.axis[text-anchor="middle"]').evaluateAll((texts) =>
      texts.map((t) => {
        const box = (t as unknown as { getBBox(): { x: number; width: number } }).getBBox();
        return { text: t.textContent ?? "", x: box.x, width: box.width };
      }),
    );
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels.length).toBeLessThanOrEqual(12);
    for (const label of labels) expect(label.text).toMatch(/^\d\d-\d\d$/);
    for (let i = 1; i < labels.length; i++) {
      const before = labels[i - 1] as (typeof labels)[number];
      expect(before.x + before.width, `${before.text} and ${labels[i]?.text} overlap`).toBeLessThan(
        (labels[i] as (typeof labels)[number]).x,
      );
    }
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
});
