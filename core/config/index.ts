/**
 * The one place configuration is read: the root `hero365.config.ts`. Stacks call `stageConfig(stage)` at
 * synth; handlers call it inside the invocation (never at import), with the stage SST sets in `SST_STAGE`.
 */
import HERO365_CONFIG from "../../hero365.config.js";
import { ConfigurationError } from "../kernel/errors.js";
import {
  type Hero365ConfigInput,
  Hero365ConfigSchema,
  STAGE_NAME,
  type StageConfig,
  StageConfigSchema,
  type StageRole,
} from "./schema.js";

export type { Hero365ConfigInput, StageConfig, StageRole } from "./schema.js";
export { STAGE_NAME } from "./schema.js";

/** The stage a command uses when none is given. */
export const DEFAULT_STAGE = "dev";

/**
 * Validates one named stage's entry; the error names every wrong field by its path.
 * @example parseStageConfig("prod", config.stages.prod).tier // "growth"
 */
export function parseStageConfig(stage: string, input: unknown, role: StageRole = { kind: "named" }): StageConfig {
  const parsed = StageConfigSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `  stages.${stage}.${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigurationError(`invalid configuration for stage "${stage}":\n${fields.join("\n")}`, {
      cause: parsed.error,
    });
  }
  if (role.kind === "named") return { ...parsed.data, role, alarmStage: stage };
  // A personal stage never applies: its plans are shadow plans, whatever the shadowed stage says.
  return {
    ...parsed.data,
    safety: { ...parsed.data.safety, dryRun: true },
    role,
    alarmStage: role.shadows,
  };
}

let current: Hero365ConfigInput = HERO365_CONFIG;

/**
 * Replaces the configuration file for this process (`undefined` restores hero365.config.ts): the stack tests
 * synthesize stages the example file does not name.
 */
export function useConfiguration(file: Hero365ConfigInput | undefined): void {
  current = file ?? HERO365_CONFIG;
}

const caches = new WeakMap<Hero365ConfigInput, Map<string, StageConfig>>();

/**
 * The validated configuration of `stage`. A stage named in the file is itself; any other stage shadows the
 * file's `shadowStage` (default `dev`): its values, its alarm names, and dry-run.
 * @example stageConfig("alice").alarmStage // "dev"
 */
export function stageConfig(stage: string, file: Hero365ConfigInput = current): StageConfig {
  if (!STAGE_NAME.test(stage)) {
    throw new ConfigurationError(`invalid stage name "${stage}": expected ${STAGE_NAME} (it is part of alarm names)`);
  }
  const cache = caches.get(file) ?? new Map<string, StageConfig>();
  caches.set(file, cache);
  const cached = cache.get(stage);
  if (cached) return cached;
  const top = Hero365ConfigSchema.safeParse(file);
  if (!top.success) {
    const fields = top.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigurationError(`invalid hero365.config.ts:\n${fields.join("\n")}`, { cause: top.error });
  }
  const { shadowStage, stages } = top.data;
  const config =
    stage in stages
      ? parseStageConfig(stage, stages[stage])
      : parseStageConfig(shadowStage, stages[shadowStage], { kind: "personal", shadows: shadowStage });
  cache.set(stage, config);
  return config;
}

/** The stages the file names (each owns real resources); every other stage is a personal shadow. */
export function knownStages(file: Hero365ConfigInput = current): string[] {
  return Object.keys(file.stages);
}
