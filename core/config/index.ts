/**
 * The one place configuration is read. Stacks call `stageConfig(stage)` at synth; handlers call it inside
 * the invocation (never at import), with the stage SST sets in `SST_STAGE`.
 */
import { ConfigurationError } from "../errors.js";
import { type StageConfig, type StageConfigInput, StageConfigSchema } from "./schema.js";
import { DEFAULT_STAGE, STAGES } from "./stages.js";

export type { StageConfig } from "./schema.js";
export { DEFAULT_STAGE } from "./stages.js";

export const STAGE_NAME = /^[a-z][a-z0-9-]{0,20}$/;

/**
 * Validates one stage's configuration; the error names every wrong field by its path.
 * @example parseStageConfig("prod", STAGES.prod).tier // "growth"
 */
export function parseStageConfig(stage: string, input: unknown): StageConfig {
  const parsed = StageConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `  stages.${stage}.${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigurationError(`invalid configuration for stage "${stage}":\n${fields.join("\n")}`, {
    cause: parsed.error,
  });
}

const cache = new Map<string, StageConfig>();

/** The validated configuration of `stage`; an unlisted stage gets the `dev` values. */
export function stageConfig(stage: string, stages: Record<string, StageConfigInput> = STAGES): StageConfig {
  if (!STAGE_NAME.test(stage)) {
    throw new ConfigurationError(`invalid stage name "${stage}": expected ${STAGE_NAME} (it is part of alarm names)`);
  }
  const key = stages === STAGES ? stage : undefined;
  const cached = key && cache.get(key);
  if (cached) return cached;
  const input = stages[stage] ?? stages[DEFAULT_STAGE];
  if (!input) throw new ConfigurationError(`no configuration for stage "${stage}" and no "${DEFAULT_STAGE}" stage`);
  const config = parseStageConfig(stage, input);
  if (key) cache.set(key, config);
  return config;
}

export function knownStages(): string[] {
  return Object.keys(STAGES);
}
