/** `page-oncall`: the error-rate rows page on-call with diagnostics, page again while the alarm lasts, resolve on OK. */
import * as z from "zod";
import { type ActionSpec, READ_ROW_ALARMS, STATE_TABLE } from "./spec.js";

export const PAGE_ONCALL = {
  name: "page-oncall",
  functionName: "page-oncall",
  stack: "Paging",
  description: "pages on-call with diagnostics, pages again while the alarm lasts, resolves the page on OK",
  options: z.strictObject({}),
  permissions: [
    { actions: ["sns:Publish"], resources: ["onCallTopic"] },
    READ_ROW_ALARMS,
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
  followUps: true,
  // Slack's retry-after waits, PagerDuty's backoff and the diagnostics queries, each bounded, fit in a minute.
  timeoutSeconds: 60,
  planner: { file: "core/paging/decide.ts", export: "decidePageOncall" },
} as const satisfies ActionSpec<"page-oncall">;
