import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deployedFor, runScenario } from "../../sim/index.js";
import { loadScenario, parseScenario, SCENARIOS_DIR } from "../../sim/scenario.js";
import { formatSummary, summarize } from "../../sim/summary.js";
import { REDRIVE_MAX_RECEIVES } from "../../stacks/lib/delivery.js";

beforeAll(async () => {
  await deployedFor("prod");
}, 120_000);

const webhooksOnly = (minutes: number, perMinute: number, events: unknown[] = []) =>
  parseScenario({ name: "webhooks", minutes, webhooks: { perMinute }, events });

describe("simulator: the webhook ingest path", () => {
  it("forwards every webhook at once while EventBridge answers: nothing in the fallback queue", async () => {
    const r = await runScenario(webhooksOnly(10, 3));
    expect(r.ingest).toMatchObject({
      webhooks: 30,
      accepted: 30,
      refused: 0,
      forwarded: 30,
      kept: 0,
      redriveInvocations: 0,
      jobs: 30,
      duplicateJobs: 0,
      lost: 0,
    });
  });

  it("an EventBridge outage of 10 minutes: every webhook accepted during it reaches the worker's queue afterwards, once", async () => {
    const r = await runScenario(await loadScenario(path.join(SCENARIOS_DIR, "eventbridge-outage.json")));
    const ingest = r.ingest;
    expect(ingest).toBeDefined();
    if (!ingest) return;
    // Six a minute for ten minutes could not be put on the bus: each was answered 202 and kept.
    expect(ingest.kept).toBe(60);
    expect(ingest.accepted).toBe(ingest.webhooks);
    expect(ingest.forwarded + ingest.kept).toBe(ingest.accepted);
    // ingest-redrive tried them during the outage (refused, with backoff) and put every one on the bus after it.
    expect(ingest.redriveFailures).toBeGreaterThan(0);
    expect(ingest.redriven).toBe(60);
    expect(ingest).toMatchObject({ stillKept: 0, deadLettered: 0, lost: 0, duplicateJobs: 0 });
    expect(ingest.jobs).toBe(ingest.accepted);
    // The longest wait is the backoff's: tried at +1, +3, +7 and +15 minutes, and back after 10.
    expect(ingest.maxDelaySeconds).toBeGreaterThanOrEqual(10 * 60);
    expect(ingest.maxDelaySeconds).toBeLessThanOrEqual(16 * 60);
    const texts = r.records.timeline.map((e) => `${e.label}: ${e.text}`);
    expect(texts).toContain("EventBridge: outage: every PutEvents fails (500) for 10 min");
    expect(texts.some((t) => /^supabase-webhook: 6 webhooks answered 202 and kept in the fallback queue/.test(t))).toBe(
      true,
    );
    expect(formatSummary(summarize(r), r.tier.name).join("\n")).toContain(
      "invoice worker's queue: 360 jobs, the longest after 15 min; 0 invoices twice, 0 accepted webhooks lost",
    );
  });

  it("an outage longer than the redrive's tries parks what it kept in the DLQ: counted, not lost", async () => {
    // 16 tries at most 15 minutes apart: about 3.5 hours. The outage outlasts the run.
    const r = await runScenario(webhooksOnly(5 * 60, 1, [{ at: 0, eventBridgeOutage: { minutes: 6 * 60 } }]));
    const ingest = r.ingest;
    expect(ingest).toBeDefined();
    if (!ingest) return;
    expect(ingest.kept).toBe(ingest.webhooks);
    expect(ingest.deadLettered).toBeGreaterThan(0);
    expect(ingest.redriveFailures).toBeGreaterThanOrEqual(ingest.deadLettered * REDRIVE_MAX_RECEIVES);
    expect(ingest.deadLettered + ingest.stillKept).toBe(ingest.kept);
    expect(ingest).toMatchObject({ jobs: 0, lost: 0, duplicateJobs: 0 });
    expect(
      r.records.timeline.some(
        (e) => e.kind === "error" && e.text.includes(`dead-lettered after ${REDRIVE_MAX_RECEIVES} receives`),
      ),
    ).toBe(true);
  });

  it("rejects an outage outside the run, naming the field", () => {
    expect(() => webhooksOnly(10, 1, [{ at: 12, eventBridgeOutage: { minutes: 5 } }])).toThrow(
      /events\.0\.at: minute 12 is not within the run/,
    );
    expect(() => parseScenario({ name: "x", minutes: 10, webhooks: { perMinute: -1 } })).toThrow(/webhooks\.perMinute/);
  });
});
