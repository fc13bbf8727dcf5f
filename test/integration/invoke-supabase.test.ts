import path from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (...args: string[]) => runScript("invoke.ts", args);
const world = (name: string) => path.resolve(import.meta.dirname, `../../events/worlds/${name}.json`);

describe("npm run invoke for the Supabase functions (dry-run, local world)", () => {
  it("supabase-metrics reports the metrics it would publish for the default world", async () => {
    const { code, json } = await invoke("supabase-metrics", fixturePath("scheduled/supabase-metrics"));
    expect(code).toBe(0);
    expect(json).toMatchObject({ function: "supabase-metrics", ok: true, effects: [] });
    expect(json.result).toMatchObject({ ok: true, source: "prometheus", connections: { active: 78, max: 90 } });
    expect(json.result.published).toContainEqual({ name: "ConnectionUtilization", unit: "Percent", value: 86.67 });
  });

  it("supabase-metrics reports a refused scrape with its reason and publishes only the error count", async () => {
    const { code, json } = await invoke(
      "supabase-metrics",
      fixturePath("scheduled/supabase-metrics"),
      "--world",
      world("supabase-metrics-401"),
    );
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ ok: false, reason: "unauthorized" });
    expect(json.result.published).toEqual([{ name: "CollectorErrors", unit: "Count", value: 1 }]);
  });

  it("plan-upgrade-ticket plans an issue, and a comment when the world has the ticket open", async () => {
    const first = await invoke("plan-upgrade-ticket", fixturePath("cloudwatch/db-connections-high.alarm"));
    expect(first.json.effects.map((e: { type: string }) => e.type)).toEqual(["github.issues.create"]);
    expect(first.stderr).toContain("effect github.issues.create — recommend Small → Medium (120 connections)");

    const repeat = await invoke(
      "plan-upgrade-ticket",
      fixturePath("cloudwatch/db-connections-high.alarm"),
      "--world",
      world("supabase-ticket-open"),
    );
    expect(repeat.json.effects).toEqual([
      expect.objectContaining({ type: "github.issues.createComment", issueNumber: 17 }),
    ]);
  });

  it("optimize-query-alert answers the alarm and an operator's request with one Slack message and one SNS notice each", async () => {
    for (const sample of ["cloudwatch/bandwidth-high.alarm", "manual/optimize-query.request"]) {
      const { code, json } = await invoke("optimize-query-alert", fixturePath(sample));
      expect(code, sample).toBe(0);
      expect(json.effects.map((e: { type: string }) => e.type)).toEqual(["slack.chat.postMessage", "sns.Publish"]);
      const sns = json.effects[1];
      expect(sns).toMatchObject({ type: "sns.Publish", topic: "alerts" });
      expect(sns.message).toContain("idx_jobs_business_id_status");
    }
  });
});
