import * as z from "zod";
import { WEBHOOK_AUTH_MODES } from "../ingest/auth.js";
import { ROW_IDS } from "../matrix.js";
import { TIER_IDS } from "../tiers.js";

/** Supabase compute sizes (Supabase docs, compute-and-disk). */
export const COMPUTE_SIZES = ["micro", "small", "medium", "large", "xl", "2xl", "4xl"] as const;
export const SUPABASE_PLANS = ["free", "pro", "team", "enterprise"] as const;

const ServiceTargetSchema = z.object({
  /** The ECS service name in the cluster. */
  serviceName: z.string().min(1),
  /** The ALB's full name as in its ARN suffix, the `LoadBalancer` dimension of AWS/ApplicationELB. */
  loadBalancerFullName: z.string().regex(/^app\/[\w-]+\/[0-9a-f]+$/, "expected app/<name>/<id>"),
  /** The target group's full name, the `TargetGroup` dimension of AWS/ApplicationELB. */
  targetGroupFullName: z.string().regex(/^targetgroup\/[\w-]+\/[0-9a-f]+$/, "expected targetgroup/<name>/<id>"),
  /** CloudWatch Logs group of the service's containers, for error diagnostics. */
  logGroupName: z.string().min(1).optional(),
});

export const StageConfigSchema = z.strictObject({
  tier: z.enum(TIER_IDS),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as us-east-1"),
  ecs: z.strictObject({
    clusterName: z.string().min(1),
    services: z.strictObject({ backend: ServiceTargetSchema, frontend: ServiceTargetSchema }),
  }),
  supabase: z.strictObject({
    projectRef: z.string().regex(/^[a-z0-9]{20}$/, "expected the 20-character project ref"),
    plan: z.enum(SUPABASE_PLANS),
    computeSize: z.enum(COMPUTE_SIZES),
  }),
  notifications: z.strictObject({
    /** Slack channel for alerts (bot-token mode), e.g. `#hero365-alerts`. */
    slackChannel: z.string().regex(/^[#C][\w-]+$/, "expected #channel-name or a channel id"),
    /** Page through PagerDuty Events v2 as well as the on-call SNS topic. */
    pagerduty: z.boolean(),
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
  ingest: z.strictObject({
    /**
     * How the supabase-webhook ingest authenticates the database: `standard-webhooks` signatures (the signed
     * triggers of supabase/migrations), or `shared-secret`, a header holding the secret, for dashboard-made
     * webhooks that cannot sign (no timestamp, so no replay protection).
     */
    webhookAuth: z.enum(WEBHOOK_AUTH_MODES),
  }),
  /** Statistic of the response-time alarm (DESIGN.md §2: p95 default). */
  responseTimeStatistic: z.string().regex(/^p\d{1,2}(\.\d+)?$/, "expected a percentile such as p95"),
});

export type StageConfig = z.infer<typeof StageConfigSchema>;
export type StageConfigInput = z.input<typeof StageConfigSchema>;
