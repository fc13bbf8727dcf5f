/**
 * Alarm names are a contract (DESIGN.md §2): `hero365-<stage>-<row id>-<target>`.
 * Rules match on the `hero365-<stage>-<row id>-` prefix; handlers parse names back into row and target.
 */
import { type AlarmTarget, ROWS, type RowId, targetsOf } from "../matrix/rows.js";

const PREFIX = "hero365";

export function alarmName(stage: string, row: RowId, target: AlarmTarget): string {
  return `${alarmPrefix(stage, row)}${target}`;
}

export function alarmPrefix(stage: string, row: RowId): string {
  return `${PREFIX}-${stage}-${row}-`;
}

export interface ParsedAlarmName {
  stage: string;
  row: RowId;
  target: AlarmTarget;
}

// Each row only with its own targets: `lb-error-rate-high-alb` ends like `error-rate-high-…`, and pairing
// row and target keeps "hero365-prod-lb-error-rate-high-alb" from reading as stage "prod-lb".
const ROW_AND_TARGET = ROWS.map((row) => `(${row.id})-(${targetsOf(row).join("|")})`);
const PATTERN = new RegExp(`^${PREFIX}-(.+)-(?:${ROW_AND_TARGET.join("|")})$`);

/**
 * Reads an alarm name back into its parts, or undefined when it is not one of ours.
 * @example parseAlarmName("hero365-prod-cpu-high-backend") // { stage: "prod", row: "cpu-high", target: "backend" }
 */
export function parseAlarmName(name: string): ParsedAlarmName | undefined {
  const match = PATTERN.exec(name);
  if (!match) return undefined;
  const [, stage, ...pairs] = match;
  const at = pairs.findIndex((part) => part !== undefined);
  return { stage: stage as string, row: pairs[at] as RowId, target: pairs[at + 1] as AlarmTarget };
}
