/**
 * The configuration the tests run against, explicit so that tests of live behaviour do not depend on the
 * example values of hero365.config.ts (which ship every stage in dry-run, without PagerDuty): `prod` is live
 * with PagerDuty on, `dev` is in shadow, and any other stage shadows `dev`.
 */
import { type Hero365ConfigInput, parseStageConfig, type StageConfig, stageConfig } from "../../core/config/index.js";

const SERVICES = (env: "dev" | "prod") => {
  const alb = env === "prod" ? "app/hero365-alb/50dc6c495c0c9188" : "app/hero365-dev-alb/1a2b3c4d5e6f7a8b";
  const group = env === "prod" ? "targetgroup/hero365-" : "targetgroup/hero365-dev-";
  return {
    backend: {
      serviceName: "hero365-backend",
      loadBalancerFullName: alb,
      targetGroupFullName: `${group}backend/${env === "prod" ? "73e2d6bc24d8a067" : "0a1b2c3d4e5f6a7b"}`,
      logGroupName: env === "prod" ? "/ecs/hero365-backend" : "/ecs/hero365-dev-backend",
    },
    frontend: {
      serviceName: "hero365-frontend",
      loadBalancerFullName: alb,
      targetGroupFullName: `${group}frontend/${env === "prod" ? "5a3c1e7f9b2d4c6e" : "7b6a5f4e3d2c1b0a"}`,
      ...(env === "prod" && { logGroupName: "/ecs/hero365-frontend" }),
    },
  };
};

export const TEST_CONFIG = {
  shadowStage: "dev",
  stages: {
    dev: {
      tier: "startup",
      region: "us-east-1",
      ecs: { clusterName: "hero365-dev-cluster", services: SERVICES("dev") },
      supabase: { projectRef: "devhero365projectref", plan: "free", computeSize: "micro", metricsSource: "sql" },
      tickets: {
        sink: "github",
        apiUrl: "https://api.github.com",
        owner: "hero365",
        repo: "platform",
        labels: ["dev"],
      },
      notifications: {
        slackChannel: "#hero365-dev-alerts",
        slackMode: "bot",
        pagerduty: false,
        repageMinutes: 30,
        flappingWindowMinutes: 15,
        emails: [],
      },
      safety: { dryRun: true, shadowRows: [], hourlyActionBudget: 6 },
      invoices: { workerMaxConcurrency: 2 },
      responseTimeStatistic: "p95",
      ingest: { webhookAuth: "standard-webhooks" },
    },
    prod: {
      tier: "growth",
      region: "us-east-1",
      ecs: { clusterName: "hero365-cluster", services: SERVICES("prod") },
      supabase: { projectRef: "hero365prodprojectrf", plan: "pro", computeSize: "small", metricsSource: "prometheus" },
      tickets: {
        sink: "github",
        apiUrl: "https://api.github.com",
        owner: "hero365",
        repo: "platform",
        labels: ["supabase", "capacity"],
      },
      notifications: {
        slackChannel: "#hero365-alerts",
        slackMode: "bot",
        pagerduty: true,
        repageMinutes: 30,
        flappingWindowMinutes: 15,
        emails: [],
      },
      safety: { dryRun: false, shadowRows: [], hourlyActionBudget: 6 },
      invoices: { workerMaxConcurrency: 10 },
      responseTimeStatistic: "p95",
      ingest: { webhookAuth: "standard-webhooks" },
    },
  },
} satisfies Hero365ConfigInput;

/** A stage of the test configuration: `prod` live with PagerDuty, `dev` in shadow. */
export function testConfig(stage: string): StageConfig {
  return stageConfig(stage, TEST_CONFIG);
}

/**
 * The example configuration's prod (hero365.config.ts: Slack buttons allowed, PagerDuty off), edited and parsed
 * again. A parsed configuration less what parsing derives (its role, its alarm stage) is a valid input too.
 */
export function exampleProd(edit: (input: Record<string, any>) => void = () => {}): StageConfig {
  const { role: _role, alarmStage: _alarmStage, ...input } = structuredClone(stageConfig("prod"));
  edit(input);
  return parseStageConfig("prod", input);
}
