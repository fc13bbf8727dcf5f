/** `notify`: the monitoring rows (`cpu-critical`, `memory-critical`) tell the alerts topic and Slack. */
import * as z from "zod";
import { type ActionSpec, READ_ROW_ALARMS, STATE_TABLE } from "./spec.js";

export const NOTIFY = {
  name: "notify",
  functionName: "notify",
  stack: "Reactions",
  description: "publishes a human-readable alert to the alerts topic",
  options: z.strictObject({}),
  permissions: [{ actions: ["sns:Publish"], resources: ["alertsTopic"] }, READ_ROW_ALARMS, STATE_TABLE],
  followUps: false,
  planner: { file: "core/notifications/notify.ts", export: "decideNotify" },
} as const satisfies ActionSpec<"notify">;
