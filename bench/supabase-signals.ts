/**
 * `npx tsx bench/supabase-signals.ts`: how long the Supabase signals' hot paths take on this machine.
 * The collector runs every minute inside a 20 s timeout; the figures show how much of that is ours.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { prometheusUsageReader, readExposition } from "../core/adapters/http/supabase-prometheus.js";
import { memoryItemStore } from "../core/adapters/local/memory-items.js";
import { triggerFromEvent } from "../core/alarms/event.js";
import { asLive } from "../core/config/as-live.js";
import { stageConfig } from "../core/config/index.js";
import { collectSupabaseUsage } from "../core/supabase/collect.js";
import { decidePlanUpgradeTicket } from "../core/tickets/decide.js";
import { AlarmStateChangeEventSchema } from "../events/index.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const small = readFileSync(path.join(ROOT, "test/fixtures/supabase/metrics.prom"), "utf8");
// A full Supabase scrape is a few thousand lines (node, postgres, pgbouncer, gotrue, realtime exporters).
const filler = Array.from(
  { length: 4000 },
  (_, i) =>
    `# TYPE filler_metric_${i} gauge\nfiller_metric_${i}{supabase_project_ref="hero365prodprojectrf",service_type="db",n="${i}"} ${i}.5`,
).join("\n");
const large = `${filler}\n${small}`;

function time(label: string, runs: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(20, runs); i++) fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const ms = (performance.now() - start) / runs;
  console.log(`${label.padEnd(58)} ${ms.toFixed(3).padStart(9)} ms/op  (${runs} runs)`);
}

async function timeAsync(label: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 5; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  const ms = (performance.now() - start) / runs;
  console.log(`${label.padEnd(58)} ${ms.toFixed(3).padStart(9)} ms/op  (${runs} runs)`);
}

console.log(
  `node ${process.versions.node}; exposition: ${small.split("\n").length} and ${large.split("\n").length} lines`,
);
time(`parse + read a realistic scrape (${small.split("\n").length} lines)`, 2000, () => readExposition(small));
time(`parse + read a full-size scrape (${large.split("\n").length} lines)`, 50, () => readExposition(large));

const config = asLive(stageConfig("prod"));
const event = AlarmStateChangeEventSchema.parse(
  JSON.parse(readFileSync(path.join(ROOT, "events/cloudwatch/db-connections-high.alarm.json"), "utf8")),
);
const hour = Array.from({ length: 60 }, (_, i) => ({ at: `t${i}`, value: 60 + i / 2 }));
time("decide a plan-upgrade ticket (render body, 60-point trend)", 2000, () =>
  decidePlanUpgradeTicket({
    trigger: triggerFromEvent(event),
    stage: "prod",
    config,
    now: new Date("2026-11-27T18:06:00Z"),
    history: { utilisation: hour, active: hour, max: hour },
  }),
);

const server = createServer((_req, res) => res.end(large));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
const reader = prometheusUsageReader({ url, serviceRoleKey: async () => "key" });
const store = memoryItemStore();
let tick = Date.parse("2026-11-27T18:00:00Z");
await timeAsync("collector run: HTTP scrape (full size) + ledger + metrics", 200, () =>
  collectSupabaseUsage({
    projectRef: config.supabase.projectRef,
    quotaBytes: 250e9,
    reader,
    store,
    metrics: { publish: () => undefined },
    now: () => {
      tick += 60_000;
      return new Date(tick);
    },
  }),
);
server.close();
