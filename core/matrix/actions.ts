/**
 * The registered reactions a matrix row can name. Each declares the function that runs it and the IAM
 * permissions it needs, on symbolic resources the stacks resolve to ARNs, so the stacks grant IAM from this
 * list and a new action cannot forget its permissions (STYLE.md §4).
 */
export type ResourceRef =
  | "alertsTopic"
  | "onCallTopic"
  | "stateTable"
  | "ecsServices"
  | "ecsClusterContainerInstances"
  | "scalableTargets"
  | "killSwitchParameter"
  | "followUpQueue"
  | "stageAlarms"
  | "invoicePdfObjects"
  | "invoiceQueue"
  | "logGroups"
  | "appBus"
  | "ingestFallbackQueue"
  | "any";

export interface Permission {
  actions: readonly string[];
  resources: readonly ResourceRef[];
  /** Why `any` is needed, where it is: some read APIs cannot be scoped to a resource. */
  why?: string;
}

export interface ActionSpec {
  /** The function (file under functions/) that carries out the reaction. */
  functionName: string;
  description: string;
  permissions: readonly Permission[];
}

const STATE_TABLE: Permission = {
  actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"],
  resources: ["stateTable"],
};

/** GetMetricData has no resource-level permissions: IAM accepts only "*" for it. */
const READ_METRICS: Permission = {
  actions: ["cloudwatch:GetMetricData"],
  resources: ["any"],
  why: "cloudwatch:GetMetricData does not support resource-level permissions",
};

export const ACTIONS = {
  notify: {
    functionName: "notify",
    description: "publishes a human-readable alert to the alerts topic",
    permissions: [
      { actions: ["sns:Publish"], resources: ["alertsTopic"] },
      { actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] },
      STATE_TABLE,
    ],
  },
  "scale-out": {
    functionName: "scale-ecs",
    description: "raises the service's capacity floor (or desired count) within the tier's bounds",
    permissions: [
      { actions: ["ecs:UpdateService", "ecs:DescribeServices"], resources: ["ecsServices"] },
      { actions: ["application-autoscaling:RegisterScalableTarget"], resources: ["scalableTargets"] },
      {
        actions: ["application-autoscaling:DescribeScalableTargets", "cloudwatch:GetMetricData"],
        resources: ["any"],
        why: "these read APIs support no resource-level permissions",
      },
      { actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] },
      { actions: ["ssm:GetParameter"], resources: ["killSwitchParameter"] },
      { actions: ["sqs:SendMessage"], resources: ["followUpQueue"] },
      { actions: ["sns:Publish"], resources: ["alertsTopic", "onCallTopic"] },
      STATE_TABLE,
    ],
  },
  "page-oncall": {
    functionName: "page-oncall",
    description: "pages on-call with diagnostics, pages again while the alarm lasts, resolves the page on OK",
    permissions: [
      { actions: ["sns:Publish"], resources: ["onCallTopic"] },
      { actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] },
      { actions: ["sqs:SendMessage"], resources: ["followUpQueue"] },
      { actions: ["ecs:DescribeServices"], resources: ["ecsServices"] },
      { actions: ["logs:StartQuery"], resources: ["logGroups"] },
      {
        actions: ["cloudwatch:GetMetricData", "logs:GetQueryResults", "logs:StopQuery"],
        resources: ["any"],
        why: "GetMetricData and the Logs Insights calls on a query id support no resource-level permissions",
      },
      STATE_TABLE,
    ],
  },
  "plan-upgrade-ticket": {
    functionName: "plan-upgrade-ticket",
    description: "opens (or comments on) a Supabase plan-upgrade ticket with the next compute size and its price",
    // The ticket goes to GitHub or a webhook over HTTPS with a bound secret: no AWS permission beyond these.
    permissions: [{ actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] }, STATE_TABLE, READ_METRICS],
  },
  "optimize-query-alert": {
    functionName: "optimize-query-alert",
    description: "alerts with the queries to optimize and the indexes to create, from pg_stat_statements",
    permissions: [
      { actions: ["sns:Publish"], resources: ["alertsTopic"] },
      { actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] },
      STATE_TABLE,
    ],
  },
} as const satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;

/**
 * The invoice background workers: not matrix reactions, but their IAM comes from this list the same way.
 */
export const WORKERS = {
  "invoice-worker": {
    functionName: "invoice-worker",
    description: "renders invoice PDFs into the invoices bucket and records them on the invoice",
    permissions: [{ actions: ["s3:PutObject"], resources: ["invoicePdfObjects"] }, STATE_TABLE],
  },
  "invoice-sweep": {
    functionName: "invoice-sweep",
    description: "enqueues finalized invoices that still have no current PDF",
    // SendMessageBatch is authorized as sqs:SendMessage.
    permissions: [{ actions: ["sqs:SendMessage"], resources: ["invoiceQueue"] }, STATE_TABLE],
  },
} as const satisfies Record<string, ActionSpec>;

export type WorkerName = keyof typeof WORKERS;
