/**
 * Which secrets a stage's configuration needs, what each is for, and which functions read it: the stacks bind
 * exactly these (an unused secret left unset cannot break a function), and `npm run doctor` lists them.
 */
import { ACTIONS, WORKERS } from "../actions/index.js";
import { RECONCILE } from "../reconcile/spec.js";
import { COLLECTOR } from "../supabase/collector-spec.js";
import type { StageConfig } from "./schema.js";
import type { SecretName } from "./secrets.js";

export interface RequiredSecret {
  name: SecretName;
  purpose: string;
  /** Function names, as in `functions/<name>.ts`. */
  usedBy: string[];
}

const SLACK_ACTIONS_FUNCTION = "slack-actions";

/** Every alarm reaction notifies through Slack, and the reconciler edits the messages it resolves. */
const REACTIONS = [
  ACTIONS["scale-out"].functionName,
  ACTIONS["page-oncall"].functionName,
  ACTIONS["plan-upgrade-ticket"].functionName,
  ACTIONS["optimize-query-alert"].functionName,
  ACTIONS.notify.functionName,
  RECONCILE.functionName,
];

/** Who pages: page-oncall, scale-ecs at its ceiling (escalation), and the reconciler resolving a page left open. */
const PAGERS = [ACTIONS["page-oncall"].functionName, ACTIONS["scale-out"].functionName, RECONCILE.functionName];

/**
 * The secrets `config` uses, one entry per secret, in a stable order.
 * @example requiredSecrets(config).map((s) => s.name) // ["SLACK_BOT_TOKEN", "GITHUB_TOKEN", ...]
 */
export function requiredSecrets(config: StageConfig): RequiredSecret[] {
  const { notifications, tickets, supabase } = config;
  // A user group in the buttons' allow lists is resolved with the bot token (usergroups:read); Scale back sends
  // the OK path's resolved notice (Slack, and PagerDuty when the episode paged at its ceiling).
  const { allow } = config.slackActions;
  const groups = Object.values(allow).some((ids) => ids.some((id) => id.startsWith("S")));
  const scaleBack = allow.scaleBack.length > 0;
  const secrets: RequiredSecret[] = [
    notifications.slackMode === "bot"
      ? {
          name: "SLACK_BOT_TOKEN",
          purpose: `Slack bot token (xoxb-…, scope chat:write) to post to and edit in ${notifications.slackChannel}`,
          usedBy: groups || scaleBack ? [...REACTIONS, SLACK_ACTIONS_FUNCTION] : REACTIONS,
        }
      : {
          name: "SLACK_WEBHOOK_URL",
          purpose: "Slack incoming webhook URL (https://hooks.slack.com/services/…) for every notice",
          usedBy: scaleBack ? [...REACTIONS, SLACK_ACTIONS_FUNCTION] : REACTIONS,
        },
  ];
  if (notifications.pagerduty) {
    secrets.push({
      name: "PAGERDUTY_ROUTING_KEY",
      purpose: "PagerDuty Events API v2 integration key of the on-call service",
      // slack-actions acknowledges pages when someone may press Acknowledge.
      usedBy: allow.acknowledge.length > 0 || scaleBack ? [...PAGERS, SLACK_ACTIONS_FUNCTION] : PAGERS,
    });
  }
  secrets.push(
    tickets.sink === "github"
      ? {
          name: "GITHUB_TOKEN",
          purpose: `GitHub token with Issues read/write on ${tickets.owner}/${tickets.repo}, for plan-upgrade tickets`,
          // slack-actions comments the Approve button's approval on the ticket.
          usedBy:
            config.slackActions.allow.approve.length > 0
              ? [ACTIONS["plan-upgrade-ticket"].functionName, SLACK_ACTIONS_FUNCTION]
              : [ACTIONS["plan-upgrade-ticket"].functionName],
        }
      : {
          name: "TICKET_WEBHOOK_URL",
          purpose: "URL the plan-upgrade tickets are POSTed to (a Jira or Linear automation)",
          usedBy: [ACTIONS["plan-upgrade-ticket"].functionName],
        },
  );
  if (supabase.metricsSource === "prometheus") {
    secrets.push({
      name: "SUPABASE_SERVICE_ROLE_KEY",
      purpose: `Supabase service_role key of ${supabase.projectRef}, to scrape its metrics endpoint`,
      usedBy: [COLLECTOR.functionName],
    });
  }
  secrets.push(
    {
      name: "SUPABASE_DB_URL",
      purpose: "Postgres URL through Supavisor transaction mode (port 6543): query statistics and invoices",
      usedBy: [
        ...(supabase.metricsSource === "sql" ? [COLLECTOR.functionName] : []),
        ACTIONS["optimize-query-alert"].functionName,
        WORKERS["invoice-worker"].functionName,
        WORKERS["invoice-sweep"].functionName,
      ],
    },
    {
      name: "SUPABASE_WEBHOOK_SECRET",
      purpose: `Secret the database signs its webhooks with (${config.ingest.webhookAuth}), checked by the ingest`,
      usedBy: ["supabase-webhook"],
    },
    {
      name: "SLACK_SIGNING_SECRET",
      purpose: "The Slack app's signing secret (Basic Information → App Credentials): verifies every button click",
      usedBy: [SLACK_ACTIONS_FUNCTION],
    },
  );
  return secrets;
}

/** The secrets one function binds. */
export function secretsOf(config: StageConfig, functionName: string): SecretName[] {
  return requiredSecrets(config)
    .filter((secret) => secret.usedBy.includes(functionName))
    .map((secret) => secret.name);
}
