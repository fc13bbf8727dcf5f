/**
 * The secrets of a stage: the ones its configuration uses (core/config/required-secrets.ts) and the ones its
 * templates bind. SST's runtime fetches every bound secret at import and fails when one is unset, so a bound
 * secret must be set even when the configuration does not use it.
 */
import { requiredSecrets } from "../../../core/config/required-secrets.js";
import type { StageConfig } from "../../../core/config/schema.js";
import { boundSecrets, type DeployPlan } from "./plan.js";

export interface StageSecret {
  name: string;
  purpose: string;
  usedBy: string[];
  /** The configuration uses it (false: only bound by the templates). */
  required: boolean;
  /** Functions whose template binds it. */
  boundBy: string[];
}

export function stageSecrets(config: StageConfig, plan: DeployPlan): StageSecret[] {
  const bound = boundSecrets(plan);
  const required = requiredSecrets(config).map((s) => ({ ...s, required: true, boundBy: bound.get(s.name) ?? [] }));
  const extra = [...bound.entries()]
    .filter(([name]) => !required.some((s) => s.name === name))
    .map(([name, boundBy]) => ({
      name,
      purpose: "not used by this configuration, but bound: SST's runtime fails at import while it is unset",
      usedBy: [],
      required: false,
      boundBy,
    }));
  return [...required, ...extra];
}

/** SST v2's SSM paths of a secret: the stage's own value, then the app-wide fallback. */
export function secretParameterPaths(paths: { prefix: string; app: string }, name: string): [string, string] {
  return [`${paths.prefix}Secret/${name}/value`, `/sst/${paths.app}/.fallback/Secret/${name}/value`];
}
