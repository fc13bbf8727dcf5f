/**
 * Typed effects: everything a reaction may do to the world, named `<service>.<Operation>` after the API
 * operation that carries it out. Decisions return them; only the applier executes them.
 *
 * Each feature declares its effects where it lives by adding to `EffectRegistry`:
 *
 *   declare module "./effects.js" { interface EffectRegistry { "ecs.UpdateService": EcsUpdateService } }
 */
import type { AlarmTarget, RowId, Severity } from "../matrix/rows.js";

/** Topics are named logically; the adapter resolves the ARN from the runtime environment. */
export type TopicName = "alerts" | "onCall";

export interface SnsPublish {
  type: "sns.Publish";
  topic: TopicName;
  /** SNS subjects must be under 100 characters (email subscriptions). */
  subject: string;
  message: string;
  attributes: { severity: Severity; service: AlarmTarget; row: RowId; state: string } & Record<string, string>;
}

export interface EffectRegistry {
  "sns.Publish": SnsPublish;
}

export type EffectType = keyof EffectRegistry;
export type Effect = EffectRegistry[EffectType];

/** An effect with the reason the decision gives for it. */
export type PlannedEffect = Effect & { reason: string };

export function effect<E extends Effect>(e: E, reason: string): E & { reason: string } {
  return { ...e, reason };
}

export type PlannedEffectOf<T extends EffectType> = EffectRegistry[T] & { reason: string };

/**
 * The effects of one type, typed as such (the effect union grows with every feature).
 * @example effectsOfType(plan.effects, "sns.Publish")[0]?.subject
 */
export function effectsOfType<T extends EffectType>(effects: readonly PlannedEffect[], type: T): PlannedEffectOf<T>[] {
  return effects.filter((e): e is PlannedEffect & PlannedEffectOf<T> => e.type === type);
}
