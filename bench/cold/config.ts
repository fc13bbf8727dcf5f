/**
 * The configuration the cold-path bench builds the functions with, in place of hero365.config.ts: `prod` live
 * (not dry-run, PagerDuty on, Slack bot, GitHub tickets), as a deployed pipeline runs, with the outside APIs
 * at the loopback stand-in the harness names in `HERO365_BENCH_API_URL` (read when the bundle loads).
 */
import type { Hero365ConfigInput } from "../../core/config/schema.js";

const api = process.env.HERO365_BENCH_API_URL ?? "http://127.0.0.1:9";
const services = {
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
};

export default {
  shadowStage: "prod",
  stages: {
    prod: {
      tier: "growth",
      region: "us-east-1",
      ecs: { clusterName: "hero365-cluster", services },
      supabase: { projectRef: "hero365prodprojectrf", plan: "pro", computeSize: "small", metricsSource: "prometheus" },
      tickets: { sink: "github", apiUrl: `${api}/github`, owner: "hero365", repo: "platform", labels: ["capacity"] },
      notifications: {
        slackChannel: "#hero365-alerts",
        slackMode: "bot",
        slackApiUrl: `${api}/slack/api`,
        pagerduty: true,
        pagerdutyEventsUrl: `${api}/pagerduty`,
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
