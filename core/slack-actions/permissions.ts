/**
 * What the slack-actions function may do, on symbolic resources its stack resolves: read and write the kill
 * switch (the only thing Pause and Resume change), and the state table (replay records, steps, audit).
 */
import type { Permission } from "../actions.js";

export const SLACK_ACTIONS_PERMISSIONS: readonly Permission[] = [
  { actions: ["ssm:GetParameter", "ssm:PutParameter"], resources: ["killSwitchParameter"] },
  {
    actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"],
    resources: ["stateTable"],
  },
];
