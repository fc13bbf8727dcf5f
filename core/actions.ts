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

export const ACTIONS = {
  notify: {
    functionName: "notify",
    description: "publishes a human-readable alert to the alerts topic",
    permissions: [{ actions: ["sns:Publish"], resources: ["alertsTopic"] }, STATE_TABLE],
  },
  "scale-out": {
    functionName: "scale-ecs",
    description: "raises the service's capacity floor (or desired count) within the tier's bounds",
    permissions: [STATE_TABLE],
  },
  "page-oncall": {
    functionName: "page-oncall",
    description: "pages on-call and resolves the page when the alarm clears",
    permissions: [STATE_TABLE],
  },
  "plan-upgrade-ticket": {
    functionName: "plan-upgrade-ticket",
    description: "opens a Supabase plan-upgrade ticket",
    permissions: [STATE_TABLE],
  },
  "optimize-query-alert": {
    functionName: "optimize-query-alert",
    description: "sends an optimize-query alert",
    permissions: [STATE_TABLE],
  },
} as const satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;
