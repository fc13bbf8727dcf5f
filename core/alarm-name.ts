/**
 * Alarm names are a contract (DESIGN.md §2): `hero365-<stage>-<row id>-<target>`.
 * Rules match on the `hero365-<stage>-<row id>-` prefix; handlers parse names back into row and target.
 */
import { type AlarmTarget, ROW_IDS, type RowId } from "./matrix.js";

const PREFIX = "hero365";
const TARGETS = ["backend", "frontend", "supabase"] as const;

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

const PATTERN = new RegExp(`^${PREFIX}-(.+)-(${ROW_IDS.join("|")})-(${TARGETS.join("|")})$`);

/**
 * Reads an alarm name back into its parts, or undefined when it is not one of ours.
 * @example parseAlarmName("hero365-prod-cpu-high-backend") // { stage: "prod", row: "cpu-high", target: "backend" }
 */
export function parseAlarmName(name: string): ParsedAlarmName | undefined {
  const match = PATTERN.exec(name);
  if (!match) return undefined;
  const [, stage, row, target] = match;
  return { stage: stage as string, row: row as RowId, target: target as AlarmTarget };
}
