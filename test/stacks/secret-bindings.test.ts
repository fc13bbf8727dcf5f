/**
 * Every function binds exactly the secrets `requiredSecrets` gives it: here a stage in Slack webhook mode with
 * PagerDuty off, whose notify function must not be bound to the bot token or the PagerDuty key (an unset,
 * unused secret would fail sst/node/config's import).
 */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stageConfig, useConfiguration } from "../../core/config/index.js";
import { requiredSecrets } from "../../core/config/required-secrets.js";
import { TEST_CONFIG } from "../support/config.js";
import { synthTemplates } from "../support/synth.js";

const STAGE = "prod";
let templates: Template[];

const prod = TEST_CONFIG.stages.prod;
const WEBHOOK_NO_PAGERDUTY = {
  ...TEST_CONFIG,
  stages: {
    ...TEST_CONFIG.stages,
    prod: { ...prod, notifications: { ...prod.notifications, slackMode: "webhook" as const, pagerduty: false } },
  },
};

beforeAll(async () => {
  useConfiguration(WEBHOOK_NO_PAGERDUTY);
  const synth = await synthTemplates(STAGE, { bundle: false, configuration: WEBHOOK_NO_PAGERDUTY });
  templates = [
    "Reactions",
    "Scaling",
    "Paging",
    "Reconciler",
    "SupabaseSignals",
    "Ingest",
    "Invoices",
    "SlackActions",
  ].map(synth.template);
}, 120_000);
afterAll(() => useConfiguration(undefined));

/** Logical id prefixes: `fn<name without hyphens>`, or the Cron construct's for the sweep. */
const idPrefix = (fn: string) => (fn === "invoice-sweep" ? "InvoiceSweep" : `fn${fn.replaceAll("-", "")}`);

/** Each function's bound secrets, by logical id. */
function bindings(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const template of templates) {
    for (const [id, resource] of Object.entries(template.findResources("AWS::Lambda::Function")) as [string, any][]) {
      const vars = resource.Properties.Environment?.Variables ?? {};
      if (!vars.STATE_TABLE_NAME && !Object.keys(vars).some((k) => k.startsWith("SST_Secret_"))) continue;
      const secrets = Object.keys(vars)
        .filter((k) => k.startsWith("SST_Secret_value_"))
        .map((k) => k.replace("SST_Secret_value_", ""))
        .sort();
      found.set(id, secrets);
    }
  }
  return found;
}

describe("secret bindings follow the stage's configuration", () => {
  it("binds notify to the Slack webhook URL only", () => {
    const notify = [...bindings()].filter(([id]) => id.startsWith("fnnotify"));
    expect(notify).toHaveLength(1);
    expect(notify[0]?.[1]).toEqual(["SLACK_WEBHOOK_URL"]);
  });

  it("binds every function exactly the secrets requiredSecrets names for it", () => {
    const config = stageConfig(STAGE);
    const expected = new Map<string, string[]>();
    for (const secret of requiredSecrets(config)) {
      for (const fn of secret.usedBy) expected.set(fn, [...(expected.get(fn) ?? []), secret.name].sort());
    }
    const actual = bindings();
    for (const [fn, secrets] of expected) {
      const matches = [...actual].filter(([id]) => id.startsWith(idPrefix(fn)));
      expect(
        matches.map(([id]) => id),
        fn,
      ).toHaveLength(1);
      expect(matches[0]?.[1], fn).toEqual(secrets);
    }
    const unbound = [...actual].filter(([, secrets]) => secrets.length > 0).length;
    expect(unbound).toBe(expected.size);
  });

  it("alarms by email (the alerts topic needs no secret) when any secret of the stage is found unset", () => {
    const reactions = templates[0] as Template;
    reactions.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "hero365-prod-secret-missing",
      Namespace: "Hero365/Pipeline",
      MetricName: "SecretMissing",
      Dimensions: [{ Name: "Stage", Value: "prod" }],
      Statistic: "Sum",
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: [{ "Fn::ImportValue": Match.stringLikeRegexp("Core:ExportsOutputRefAlertsTopic") }],
    });
  });

  it("binds neither the bot token nor the PagerDuty key anywhere", () => {
    const all = [...bindings().values()].flat();
    expect(all).not.toContain("SLACK_BOT_TOKEN");
    expect(all).not.toContain("PAGERDUTY_ROUTING_KEY");
  });
});
