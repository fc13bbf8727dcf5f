import { describe, expect, it } from "vitest";
import { requiredSecrets, secretsOf } from "../../core/config/required-secrets.js";
import type { StageConfig } from "../../core/config/schema.js";
import { exampleProd, testConfig } from "../support/config.js";

const prod = testConfig("prod");
const names = (config: StageConfig) => requiredSecrets(config).map((s) => s.name);
const REACTIONS = ["scale-ecs", "page-oncall", "plan-upgrade-ticket", "optimize-query-alert", "notify", "reconcile"];

function withNotifications(notifications: Partial<StageConfig["notifications"]>): StageConfig {
  return { ...prod, notifications: { ...prod.notifications, ...notifications } };
}

describe("the secrets a stage's configuration needs", () => {
  it("asks for the bot token in bot mode and the webhook URL in webhook mode, never both", () => {
    expect(names(withNotifications({ slackMode: "bot" }))).toContain("SLACK_BOT_TOKEN");
    expect(names(withNotifications({ slackMode: "bot" }))).not.toContain("SLACK_WEBHOOK_URL");
    expect(names(withNotifications({ slackMode: "webhook" }))).toContain("SLACK_WEBHOOK_URL");
    expect(names(withNotifications({ slackMode: "webhook" }))).not.toContain("SLACK_BOT_TOKEN");
  });

  it("gives the Slack secret to every alarm reaction (each notifies) and to the reconciler (it edits what it resolves)", () => {
    const slack = requiredSecrets(prod).find((s) => s.name === "SLACK_BOT_TOKEN");
    expect(slack?.usedBy).toEqual(REACTIONS);
  });

  it("asks for the PagerDuty key only when PagerDuty is on, for whoever pages or resolves a page (no Slack button allowed)", () => {
    expect(names(withNotifications({ pagerduty: false }))).not.toContain("PAGERDUTY_ROUTING_KEY");
    const key = requiredSecrets(withNotifications({ pagerduty: true })).find((s) => s.name === "PAGERDUTY_ROUTING_KEY");
    // page-oncall; scale-ecs escalates at its ceiling with a page; the reconciler resolves pages left open.
    expect(key?.usedBy).toEqual(["page-oncall", "scale-ecs", "reconcile"]);
  });

  it("gives slack-actions the PagerDuty key too when someone may press Acknowledge or Scale back (the example prod)", () => {
    const on = exampleProd((c) => {
      c.notifications.pagerduty = true;
    });
    // slack-actions too: the example stage lets someone press Acknowledge and Scale back (which resolves a page).
    expect(requiredSecrets(on).find((s) => s.name === "PAGERDUTY_ROUTING_KEY")?.usedBy).toEqual([
      "page-oncall",
      "scale-ecs",
      "reconcile",
      "slack-actions",
    ]);
    expect(
      names(
        exampleProd((c) => {
          c.notifications.pagerduty = false;
        }),
      ),
    ).not.toContain("PAGERDUTY_ROUTING_KEY");
  });

  it("asks for the GitHub token with the github ticket sink and the webhook URL with the webhook sink", () => {
    expect(names(prod)).toContain("GITHUB_TOKEN");
    expect(names(prod)).not.toContain("TICKET_WEBHOOK_URL");
    const webhook: StageConfig = { ...prod, tickets: { sink: "webhook", labels: [] } };
    expect(names(webhook)).toContain("TICKET_WEBHOOK_URL");
    expect(names(webhook)).not.toContain("GITHUB_TOKEN");
  });

  it("gives the collector the service-role key with Prometheus and the database URL with SQL", () => {
    expect(secretsOf(prod, "supabase-metrics")).toEqual(["SUPABASE_SERVICE_ROLE_KEY"]);
    const sql: StageConfig = { ...prod, supabase: { ...prod.supabase, metricsSource: "sql" } };
    expect(secretsOf(sql, "supabase-metrics")).toEqual(["SUPABASE_DB_URL"]);
    expect(names(sql)).not.toContain("SUPABASE_SERVICE_ROLE_KEY");
  });

  it.each([
    ["the test prod", prod],
    ["the example prod", exampleProd()],
  ])("lists each secret once, with what it is for (%s)", (_, config) => {
    const secrets = requiredSecrets(config);
    expect(new Set(secrets.map((s) => s.name)).size).toBe(secrets.length);
    for (const s of secrets) {
      expect(s.purpose.length, s.name).toBeGreaterThan(10);
      expect(s.usedBy.length, s.name).toBeGreaterThan(0);
    }
  });

  it("binds notify to the Slack secret alone", () => {
    expect(secretsOf(prod, "notify")).toEqual(["SLACK_BOT_TOKEN"]);
    expect(secretsOf(withNotifications({ slackMode: "webhook" }), "notify")).toEqual(["SLACK_WEBHOOK_URL"]);
  });
});
