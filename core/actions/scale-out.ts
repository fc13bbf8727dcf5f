/**
 * `scale-out`: the scale-out rows raise the service's capacity floor (or desired count) within the tier's
 * bounds, step by step while the alarm lasts (its follow-ups), paused by the kill switch.
 */
import * as z from "zod";
import { type ActionSpec, STATE_TABLE } from "./spec.js";

/** How a scale-out row sizes its step (DESIGN.md §4.5). */
export const ScaleOutOptionsSchema = z.strictObject({
  /**
   * The value target tracking would aim for: the step is `ceil(current × observed / target)`.
   * `tierTargetCPU` takes the service's CPU target from the stage's tier (seed: 70 backend, 60 frontend).
   */
  target: z.union([z.number().positive(), z.literal("tierTargetCPU")]),
  /** At most this factor per step (×2 by default). */
  maxFactor: z.number().min(1),
  /** Attach diagnostics to the notification ("scale out + investigate"). */
  investigate: z.boolean(),
});
export type ScaleOutOptions = z.infer<typeof ScaleOutOptionsSchema>;

export const SCALE_OUT = {
  name: "scale-out",
  functionName: "scale-ecs",
  stack: "Scaling",
  description: "raises the service's capacity floor (or desired count) within the tier's bounds",
  // Optional: without it, a row steps toward its threshold, at most ×2 (core/scaling/decide.ts).
  options: z.strictObject({ scaleOut: ScaleOutOptionsSchema.optional() }),
  permissions: [
    { actions: ["ecs:UpdateService", "ecs:DescribeServices"], resources: ["ecsServices"] },
    { actions: ["application-autoscaling:RegisterScalableTarget"], resources: ["scalableTargets"] },
    {
      actions: ["application-autoscaling:DescribeScalableTargets", "cloudwatch:GetMetricData"],
      resources: ["any"],
      why: "these read APIs support no resource-level permissions",
    },
    // Every alarm of the stage, wider than `rowAlarms`: the scope this function has been granted from the start.
    { actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] },
    { actions: ["ssm:GetParameter"], resources: ["killSwitchParameter"] },
    { actions: ["sqs:SendMessage"], resources: ["followUpQueue"] },
    { actions: ["sns:Publish"], resources: ["alertsTopic", "onCallTopic"] },
    STATE_TABLE,
  ],
  followUps: true,
  planner: { file: "core/scaling/decide.ts", export: "decideScaleOut" },
} as const satisfies ActionSpec<"scale-out">;
