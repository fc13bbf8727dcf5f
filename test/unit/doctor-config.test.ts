/** What doctor says about a configuration offline: the secrets it needs and the ids that cannot be real. */
import { describe, expect, it } from "vitest";
import { knownStages, parseStageConfig, stageConfig } from "../../core/config/index.js";
import { requiredSecrets } from "../../core/config/required-secrets.js";
import { checkConfig } from "../../scripts/lib/doctor/config-checks.js";
import type { DeployPlan } from "../../scripts/lib/doctor/plan.js";
import { sharedScalableTargets } from "../../scripts/lib/doctor/shared-services.js";

// A parsed configuration less what parsing derives (its role, its alarm stage) is a valid input too: edit a
// copy of prod's and parse it again.
const prod = () => {
  const { role: _role, alarmStage: _alarmStage, ...input } = structuredClone(stageConfig("prod"));
  return input as Record<string, any>;
};
const config = (edit: (c: Record<string, any>) => void) => {
  const input = prod();
  edit(input);
  return parseStageConfig("prod", input);
};
const names = (c: ReturnType<typeof config>) => requiredSecrets(c).map((s) => s.name);
const problems = (c: ReturnType<typeof config>) =>
  checkConfig(c)
    .filter((f) => f.level === "problem")
    .map((f) => f.message);

describe("requiredSecrets", () => {
  it("needs the bot token in bot mode and the webhook URL in webhook mode, never both", () => {
    expect(names(config(() => {}))).toContain("SLACK_BOT_TOKEN");
    expect(names(config(() => {}))).not.toContain("SLACK_WEBHOOK_URL");
    const webhook = config((c) => {
      c.notifications.slackMode = "webhook";
    });
    expect(names(webhook)).toContain("SLACK_WEBHOOK_URL");
    expect(names(webhook)).not.toContain("SLACK_BOT_TOKEN");
  });

  it("needs the PagerDuty routing key only with PagerDuty on, for whoever pages or resolves a page", () => {
    const on = config((c) => {
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
        config((c) => {
          c.notifications.pagerduty = false;
        }),
      ),
    ).not.toContain("PAGERDUTY_ROUTING_KEY");
  });

  it("follows the ticket sink and the Supabase metrics source", () => {
    const other = config((c) => {
      c.tickets = { sink: "webhook", labels: [] };
      c.supabase.metricsSource = "sql";
    });
    expect(names(other)).toEqual(expect.arrayContaining(["TICKET_WEBHOOK_URL", "SUPABASE_DB_URL"]));
    expect(names(other)).not.toContain("GITHUB_TOKEN");
    expect(names(other)).not.toContain("SUPABASE_SERVICE_ROLE_KEY");
    expect(requiredSecrets(other).find((s) => s.name === "SUPABASE_DB_URL")?.usedBy).toContain("supabase-metrics");
  });

  it("gives every secret a purpose and at least one function, once each", () => {
    const secrets = requiredSecrets(config(() => {}));
    expect(new Set(secrets.map((s) => s.name)).size).toBe(secrets.length);
    for (const s of secrets) {
      expect(s.purpose.length).toBeGreaterThan(10);
      expect(s.usedBy.length).toBeGreaterThan(0);
    }
  });
});

describe("doctor's configuration checks", () => {
  it("finds no problem in the example stages", () => {
    for (const stage of knownStages()) expect(problems(stageConfig(stage)), stage).toEqual([]);
  });

  it("rejects a load balancer name longer than AWS allows and a hyphen at its end", () => {
    const found = problems(
      config((c) => {
        c.ecs.services.backend.loadBalancerFullName = `app/${"a".repeat(33)}/50dc6c495c0c9188`;
        c.ecs.services.frontend.targetGroupFullName = "targetgroup/frontend-/5a3c1e7f9b2d4c6e";
      }),
    );
    expect(found).toEqual([
      expect.stringContaining("ecs.services.backend.loadBalancerFullName"),
      expect.stringContaining("ecs.services.frontend.targetGroupFullName"),
    ]);
  });

  it("rejects a made-up region, two services on one target group, and a budget that brakes nothing", () => {
    const found = problems(
      config((c) => {
        c.region = "xx-nowhere-1";
        c.ecs.services.frontend.targetGroupFullName = c.ecs.services.backend.targetGroupFullName;
        c.safety.hourlyActionBudget = 120;
      }),
    );
    expect(found).toEqual([
      expect.stringContaining('region "xx-nowhere-1"'),
      expect.stringContaining("both services name the same target group"),
      expect.stringContaining("safety.hourlyActionBudget 120"),
    ]);
  });
});

describe("doctor's shared-service check", () => {
  const dev = stageConfig("dev");
  const devBackend = `service/${dev.ecs.clusterName}/${dev.ecs.services.backend.serviceName}`;
  const planWith = (resourceId: string) =>
    ({ scalableTargets: [{ stack: "x-Scaling", resourceId, min: 1, max: 2 }] }) as unknown as DeployPlan;

  it("flags a stage whose templates register a scalable target on another named stage's service", () => {
    const found = sharedScalableTargets("alice", planWith(devBackend));
    expect(found).toEqual([
      { level: "problem", message: expect.stringContaining(`${devBackend} is also stage dev's`) },
    ]);
  });

  it("accepts a stage registering its own services", () => {
    expect(sharedScalableTargets("dev", planWith(devBackend))).toEqual([]);
  });
});
