/**
 * One fresh process, one long run: `node --expose-gc --import tsx bench/lib/sim-days.ts <days>` simulates
 * `days` days of both services and Supabase at one-minute resolution and prints, as JSON, the seconds the
 * simulation took (the offline synth and module loading apart), the seconds of the whole process, its peak
 * resident memory, and the heap the run's result keeps after a full collection (what grows with the run).
 */
import { deployedFor, runScenario } from "../../sim/index.js";
import { parseScenario } from "../../sim/scenario.js";

/** A month as the services live it: daily cycles, each signal over its threshold some afternoons. */
export function threeSignalDays(days: number) {
  const minutes = days * 1440;
  return parseScenario({
    name: `${days} days, three signals`,
    start: "2026-11-01T00:00:00Z",
    minutes,
    services: {
      backend: { phases: [{ minutes, rpm: { daily: { min: 1500, max: 14000, peakHour: 15 } } }] },
      frontend: { phases: [{ minutes, rpm: { daily: { min: 600, max: 3000, peakHour: 15 } } }] },
    },
    supabase: { phases: [{ minutes, connections: { daily: { min: 40, max: 84, peakHour: 15 } }, egress: 40 }] },
  });
}

if (import.meta.filename === process.argv[1]) {
  const days = Number(process.argv[2]);
  if (!Number.isInteger(days) || days < 1) {
    process.stderr.write("usage: tsx bench/lib/sim-days.ts <days>\n");
    process.exit(2);
  }
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  const collect = globalThis.gc ?? (() => undefined);
  await deployedFor("prod");
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await runScenario(threeSignalDays(days));
  const simulateS = (performance.now() - t0) / 1000;
  collect();
  process.stdout.write(
    `${JSON.stringify({
      days,
      simulateS,
      processS: performance.now() / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      rssBeforeMb: rssBefore / 1048576,
      keptHeapMb: (process.memoryUsage().heapUsed - heapBefore) / 1048576,
      invocations: result.invocations,
    })}\n`,
  );
}
