/**
 * The secrets the app uses, as SST `Config.Secret`s: set per stage with
 * `npx sst secrets set <NAME> <value> --stage <stage>`, bound to the functions that need them, read inside
 * handlers only (through the runtime's `secret()`), never at import and never logged.
 */
export const SECRET_NAMES = [
  "SLACK_BOT_TOKEN",
  "SLACK_WEBHOOK_URL",
  /** The Slack app's signing secret: the slack-actions endpoint verifies every click with it. */
  "SLACK_SIGNING_SECRET",
  "PAGERDUTY_ROUTING_KEY",
  "GITHUB_TOKEN",
  "SUPABASE_SERVICE_ROLE_KEY",
  "SUPABASE_DB_URL",
  "SUPABASE_WEBHOOK_SECRET",
  /** Where the `webhook` ticket sink POSTs (Jira/Linear automation URLs carry their own token). */
  "TICKET_WEBHOOK_URL",
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];
