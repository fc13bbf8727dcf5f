/**
 * Per-stage configuration: what the pipeline watches and how boldly it may act.
 * Example values: replace the names and ids with your account's before `sst deploy`.
 * A stage that is not listed here (a personal `sst dev` stage) uses `dev`'s values.
 */
import type { StageConfigInput } from "./schema.js";

export const DEFAULT_STAGE = "dev";

export const STAGES: Record<string, StageConfigInput> = {
  dev: {
    tier: "startup",
    region: "us-east-1",
    ecs: {
      clusterName: "hero365-dev-cluster",
      services: {
        backend: {
          serviceName: "hero365-backend",
          loadBalancerFullName: "app/hero365-dev-alb/1a2b3c4d5e6f7a8b",
          targetGroupFullName: "targetgroup/hero365-dev-backend/0a1b2c3d4e5f6a7b",
          logGroupName: "/ecs/hero365-dev-backend",
        },
        frontend: {
          serviceName: "hero365-frontend",
          loadBalancerFullName: "app/hero365-dev-alb/1a2b3c4d5e6f7a8b",
          targetGroupFullName: "targetgroup/hero365-dev-frontend/7b6a5f4e3d2c1b0a",
        },
      },
    },
    supabase: { projectRef: "devhero365projectref", plan: "free", computeSize: "micro", metricsSource: "sql" },
    tickets: { sink: "github", apiUrl: "https://api.github.com", owner: "hero365", repo: "platform", labels: ["dev"] },
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
    ecs: {
      clusterName: "hero365-cluster",
      services: {
        backend: {
          serviceName: "hero365-backend",
          loadBalancerFullName: "app/hero365-alb/50dc6c495c0c9188",
          targetGroupFullName: "targetgroup/hero365-backend/73e2d6bc24d8a067",
          logGroupName: "/ecs/hero365-backend",
        },
        frontend: {
          serviceName: "hero365-frontend",
          loadBalancerFullName: "app/hero365-alb/50dc6c495c0c9188",
          targetGroupFullName: "targetgroup/hero365-frontend/5a3c1e7f9b2d4c6e",
          logGroupName: "/ecs/hero365-frontend",
        },
      },
    },
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
};
