import * as z from "zod";
import { WEBHOOK_AUTH_MODES } from "../ingest/auth.js";
import { ROW_IDS } from "../matrix/rows.js";
import { TIER_IDS } from "../matrix/tiers.js";
import { SLACK_ACTION_KINDS } from "../slack-actions/buttons.js";

/** Supabase compute sizes (Supabase docs, compute-and-disk). */
export const COMPUTE_SIZES = ["micro", "small", "medium", "large", "xl", "2xl", "4xl", "8xl", "12xl", "16xl"] as const;
export const SUPABASE_PLANS = ["free", "pro", "team", "enterprise"] as const;
/** Where the Supabase collector reads connections: the project's Prometheus endpoint, or SQL on the database. */
export const METRICS_SOURCES = ["prometheus", "sql"] as const;

const GithubRepoName = z.string().regex(/^[\w.-]+$/, "expected a GitHub owner or repository name");

/** Where plan-upgrade tickets go: GitHub issues (REST API), or a generic webhook (Jira, Linear automations). */
const TicketsSchema = z.discriminatedUnion("sink", [
  z.strictObject({
    sink: z.literal("github"),
    /** REST API base URL: https://api.github.com, or a GitHub Enterprise Server's `https://<host>/api/v3`. */
    apiUrl: z.url({ protocol: /^https?$/ }),
    owner: GithubRepoName,
    repo: GithubRepoName,
    labels: z.array(z.string().min(1)),
  }),
  z.strictObject({
    /** POSTs JSON to the URL in the TICKET_WEBHOOK_URL secret. */
    sink: z.literal("webhook"),
    labels: z.array(z.string().min(1)),
  }),
]);

const ServiceTargetSchema = z.object({
  /** The ECS service name in the cluster. */
  serviceName: z.string().min(1),
  /** The ALB's full name as in its ARN suffix, the `LoadBalancer` dimension of AWS/ApplicationELB. */
  loadBalancerFullName: z.string().regex(/^app\/[\w-]+\/[0-9a-f]+$/, "expected app/<name>/<id>"),
  /** The target group's full name, the `TargetGroup` dimension of AWS/ApplicationELB. */
  targetGroupFullName: z.string().regex(/^targetgroup\/[\w-]+\/[0-9a-f]+$/, "expected targetgroup/<name>/<id>"),
  /** CloudWatch Logs group of the service's containers, for error diagnostics. */
  logGroupName: z.string().min(1).optional(),
  /** The task's CPU architecture, for Fargate prices. */
  cpuArchitecture: z.enum(["x86_64", "arm64"]).default("x86_64"),
});

/** `create`: the stacks register each service's scalable target and policies; `adopt`: they exist already. */
const SlackPrincipals = z
  .array(z.string().regex(/^[UWS][A-Z0-9]{2,30}$/, "expected a Slack user id (U…, W…) or user-group id (S…)"))
  .default([]);

export const SCALING_MODES = ["create", "adopt"] as const;

export const STAGE_NAME = /^[a-z][a-z0-9-]{0,20}$/;

export const StageConfigSchema = z.strictObject({
  tier: z.enum(TIER_IDS),
  /**
   * Who owns the services' Application Auto Scaling: `create` registers the scalable targets and the seed's
   * target-tracking policies (and `sst remove` deregisters them); `adopt` leaves the existing ones alone.
   */
  scaling: z.enum(SCALING_MODES).default("create"),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as us-east-1"),
  ecs: z.strictObject({
    clusterName: z.string().min(1),
    services: z.strictObject({ backend: ServiceTargetSchema, frontend: ServiceTargetSchema }),
  }),
  supabase: z
    .strictObject({
      projectRef: z.string().regex(/^[a-z0-9]{20}$/, "expected the 20-character project ref"),
      plan: z.enum(SUPABASE_PLANS),
      computeSize: z.enum(COMPUTE_SIZES),
      /** `prometheus`: connections and network counters; `sql`: connections only (Postgres counts no bytes). */
      metricsSource: z.enum(METRICS_SOURCES),
      /** Monthly egress quota in GB where the plan has none of its own (Enterprise) or it was negotiated. */
      egressQuotaGb: z.number().positive().optional(),
    })
    .refine((s) => s.plan !== "enterprise" || s.egressQuotaGb !== undefined, {
      message: "an enterprise plan has no standard egress quota: set egressQuotaGb",
      path: ["egressQuotaGb"],
    }),
  tickets: TicketsSchema,
  notifications: z.strictObject({
    /** Slack channel for alerts (bot-token mode), e.g. `#hero365-alerts`. */
    slackChannel: z.string().regex(/^[#C][\w-]+$/, "expected #channel-name or a channel id"),
    /**
     * `bot`: post with a bot token (SLACK_BOT_TOKEN) and edit the episode's message on each step and on resolve;
     * `webhook`: an incoming webhook (SLACK_WEBHOOK_URL), which cannot edit, so every notice is a new message.
     */
    slackMode: z.enum(["bot", "webhook"]),
    /** Slack Web API base; another value only for tests and proxies. */
    slackApiUrl: z.url().default("https://slack.com/api"),
    /** Page through PagerDuty Events v2 as well as the on-call SNS topic. */
    pagerduty: z.boolean(),
    /** PagerDuty Events API base (`/v2/enqueue` is appended); another value only for tests and proxies. */
    pagerdutyEventsUrl: z.url().default("https://events.pagerduty.com"),
    /**
     * While a paging alarm stays in ALARM, page again this often (EventBridge fires once per state change). At
     * least 15: faster re-notification of an unacknowledged page is the PagerDuty escalation policy's job.
     */
    repageMinutes: z
      .number()
      .int()
      .min(15)
      .max(24 * 60),
    /** An alarm that fires again this soon after resolving continues its last Slack thread. */
    flappingWindowMinutes: z
      .number()
      .int()
      .nonnegative()
      .max(24 * 60),
    /** Addresses subscribed to the alerts topic. */
    emails: z.array(z.email()),
  }),
  safety: z.strictObject({
    /** Record every planned effect and apply none (the whole stage in shadow). */
    dryRun: z.boolean(),
    /** Rows that plan and notify ("would scale 4 → 6") but change nothing. */
    shadowRows: z.array(z.enum(ROW_IDS)),
    /** Automatic actions per service per hour before the pipeline holds. */
    hourlyActionBudget: z.number().int().positive(),
  }),
  invoices: z
    .strictObject({
      /**
       * Most invoice-worker containers at once (SQS event source `maxConcurrency`): each holds one pooler
       * connection, so this bounds what the workers take from Supabase's pooler clients.
       */
      workerMaxConcurrency: z.number().int().min(2).max(1000),
    })
    .default({ workerMaxConcurrency: 5 }),
  ingest: z.strictObject({
    /**
     * How the supabase-webhook ingest authenticates the database: `standard-webhooks` signatures (the signed
     * triggers of supabase/migrations), or `shared-secret`, a header holding the secret, for dashboard-made
     * webhooks that cannot sign (no timestamp, so no replay protection).
     */
    webhookAuth: z.enum(WEBHOOK_AUTH_MODES),
  }),
  /**
   * Who may press the pipeline's Slack buttons (docs/slack-actions.md): per action, Slack user ids (`U…`, `W…`)
   * and user-group ids (`S…`). An action nobody is listed for is refused to everyone.
   */
  slackActions: z
    .strictObject({
      allow: z.strictObject(
        Object.fromEntries(SLACK_ACTION_KINDS.map((kind) => [kind, SlackPrincipals])) as Record<
          (typeof SLACK_ACTION_KINDS)[number],
          typeof SlackPrincipals
        >,
      ),
      /** Where a click's `response_url` may point (Slack's); another value only for tests. */
      responseUrlPrefix: z.url().default("https://hooks.slack.com/"),
    })
    .default({
      allow: { pause: [], resume: [], scaleBack: [], acknowledge: [], approve: [] },
      responseUrlPrefix: "https://hooks.slack.com/",
    }),
  /** Statistic of the response-time alarm (DESIGN.md §2: p95 default). */
  responseTimeStatistic: z.string().regex(/^p\d{1,2}(\.\d+)?$/, "expected a percentile such as p95"),
});

/** What one stage's entry says, validated. */
export type StageSettings = z.infer<typeof StageConfigSchema>;
export type StageConfigInput = z.input<typeof StageConfigSchema>;

export const Hero365ConfigSchema = z
  .strictObject({
    /** The named stage every other stage (a personal `sst dev --stage alice`) shadows in dry-run. */
    shadowStage: z.string().regex(STAGE_NAME, "expected a stage name").default("dev"),
    stages: z.record(z.string().regex(STAGE_NAME, "expected a stage name"), z.unknown()),
  })
  .refine((c) => c.shadowStage in c.stages, {
    message: "the shadow stage must be one of the named stages",
    path: ["shadowStage"],
  });

export type Hero365ConfigInput = {
  shadowStage?: string;
  stages: Record<string, StageConfigInput>;
};

/**
 * A named stage owns its alarms (and, with `scaling: "create"`, its scalable targets); a personal stage owns
 * neither and reacts, in dry-run, to the alarms of the stage it shadows.
 */
export type StageRole = { kind: "named" } | { kind: "personal"; shadows: string };

export type StageConfig = StageSettings & {
  role: StageRole;
  /** The stage in the alarm names this stage reacts to: its own, or the shadowed stage's. */
  alarmStage: string;
};
