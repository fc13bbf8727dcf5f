/**
 * The notification channels' executors of a deployed function: Slack (bot token or incoming webhook) and
 * PagerDuty, at the stage's API bases. Secrets are read on first use, inside the invocation.
 */
import { pagerDutyEvents } from "../../core/adapters/http/pagerduty.js";
import { slackWebApi } from "../../core/adapters/http/slack-web-api.js";
import { slackWebhook } from "../../core/adapters/http/slack-webhook.js";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import type { Executors } from "../../core/kernel/ports.js";

export function notificationExecutors(
  config: StageConfig,
  secret: (name: SecretName) => Promise<string>,
  /** How the adapters wait between retries (tests record the waits instead of sleeping). */
  sleep?: (ms: number) => Promise<void>,
): Executors {
  const { slackApiUrl, pagerdutyEventsUrl } = config.notifications;
  const slack = slackWebApi({ baseUrl: slackApiUrl, token: () => secret("SLACK_BOT_TOKEN"), sleep });
  const pagerduty = pagerDutyEvents({
    baseUrl: pagerdutyEventsUrl,
    routingKey: () => secret("PAGERDUTY_ROUTING_KEY"),
    sleep,
  });
  return {
    "slack.chat.postMessage": slack.postMessage,
    "slack.chat.update": slack.update,
    "slack.webhook.post": slackWebhook({ url: () => secret("SLACK_WEBHOOK_URL"), sleep }),
    "pagerduty.trigger": pagerduty.trigger,
    "pagerduty.resolve": pagerduty.resolve,
    "pagerduty.acknowledge": pagerduty.acknowledge,
  };
}
