/**
 * The secrets a stage's configuration uses, what each is for and which functions read it: what
 * `npm run doctor` lists and `sst secrets set` must cover before a deploy.
 */
import type { SecretName } from "../secrets.js";
import type { StageConfig } from "./schema.js";

/** Every alarm reaction posts its episode to Slack. */
const REACTIONS = ["notify", "scale-ecs", "page-oncall", "plan-upgrade-ticket", "optimize-query-alert"];

/**
 * @example requiredSecrets(stageConfig("prod")).map((s) => s.name) // ["SLACK_BOT_TOKEN", "PAGERDUTY_ROUTING_KEY", ...]
 */
export function requiredSecrets(config: StageConfig): { name: SecretName; purpose: string; usedBy: string[] }[] {
  const { notifications, tickets, supabase } = config;
  const sql = supabase.metricsSource === "sql";
  return [
    notifications.slackMode === "bot"
      ? {
          name: "SLACK_BOT_TOKEN",
          purpose: `Slack bot token (xoxb-…) that posts to ${notifications.slackChannel} and edits each episode's message`,
          usedBy: REACTIONS,
        }
      : {
          name: "SLACK_WEBHOOK_URL",
          purpose: "Slack incoming-webhook URL; every notice is a new message (webhooks cannot edit)",
          usedBy: REACTIONS,
        },
    ...(notifications.pagerduty
      ? [
          {
            name: "PAGERDUTY_ROUTING_KEY" as const,
            purpose: "PagerDuty Events v2 routing key of the on-call service (trigger, re-page, resolve)",
            usedBy: ["page-oncall"],
          },
        ]
      : []),
    tickets.sink === "github"
      ? {
          name: "GITHUB_TOKEN",
          purpose: `GitHub token allowed to open issues in ${tickets.owner}/${tickets.repo} (plan-upgrade tickets)`,
          usedBy: ["plan-upgrade-ticket"],
        }
      : {
          name: "TICKET_WEBHOOK_URL",
          purpose: "URL the plan-upgrade tickets are POSTed to (a Jira or Linear automation)",
          usedBy: ["plan-upgrade-ticket"],
        },
    ...(sql
      ? []
      : [
          {
            name: "SUPABASE_SERVICE_ROLE_KEY" as const,
            purpose: "Supabase service-role key, to read the project's Prometheus metrics endpoint",
            usedBy: ["supabase-metrics"],
          },
        ]),
    {
      name: "SUPABASE_DB_URL",
      purpose: "Postgres connection string (pooler) of the Supabase database",
      usedBy: [...(sql ? ["supabase-metrics"] : []), "optimize-query-alert", "invoice-worker", "invoice-sweep"],
    },
    {
      name: "SUPABASE_WEBHOOK_SECRET",
      purpose: "secret the database webhooks are signed (or authenticated) with, checked by the ingest",
      usedBy: ["supabase-webhook"],
    },
  ];
}
