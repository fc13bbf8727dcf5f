/**
 * What the slack-actions function may do, on symbolic resources its stack resolves: read and write the kill
 * switch (the only thing Pause and Resume change), read the stage's alarms (Acknowledge), and the state table
 * (replay records, steps, audit). PagerDuty is reached over HTTPS with its routing key, not through IAM.
 */
import type { Permission } from "../actions/spec.js";

export const SLACK_ACTIONS_PERMISSIONS: readonly Permission[] = [
  { actions: ["ssm:GetParameter", "ssm:PutParameter"], resources: ["killSwitchParameter"] },
  // Acknowledge refuses when the episode's alarm is OK again.
  { actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] },
  {
    actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"],
    resources: ["stateTable"],
  },
];

/**
 * Scale back now carries out the OK path's plan: read the service and its scalable target, lower the floor, and
 * send the resolved notice. Granted only to a stage that lets someone press it (`slackActions.allow.scaleBack`).
 */
export const SCALE_BACK_PERMISSIONS: readonly Permission[] = [
  { actions: ["ecs:DescribeServices"], resources: ["ecsServices"] },
  { actions: ["application-autoscaling:RegisterScalableTarget"], resources: ["scalableTargets"] },
  {
    actions: ["application-autoscaling:DescribeScalableTargets"],
    resources: ["any"],
    why: "DescribeScalableTargets supports no resource-level permissions",
  },
  { actions: ["sns:Publish"], resources: ["alertsTopic", "onCallTopic"] },
];
