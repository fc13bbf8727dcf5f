/**
 * How the local tools (invoke, the simulator, the sample replay) evaluate a stage. They never apply anything,
 * so by default they show what the stage would do once live: stage-wide shadow mode off and PagerDuty on.
 * `--as-configured` shows the stage exactly as the file says (with the example file: shadow notices only).
 */
import type { StageConfig } from "./schema.js";

/**
 * The stage as if switched live; per-row `shadowRows` stay, they are deliberate.
 * @example asLive(stageConfig("prod")).safety.dryRun // false
 */
export function asLive(config: StageConfig): StageConfig {
  return {
    ...config,
    safety: { ...config.safety, dryRun: false },
    notifications: { ...config.notifications, pagerduty: true },
  };
}

/** The configuration a local tool evaluates. */
export function localView(config: StageConfig, asConfigured: boolean): StageConfig {
  return asConfigured ? config : asLive(config);
}
