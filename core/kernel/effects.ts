/**
 * Typed effects: everything a reaction may do to the world, named `<service>.<Operation>` after the API
 * operation that carries it out. Decisions return them; only the applier executes them.
 *
 * Each feature declares its effects where it lives by adding to `EffectRegistry`:
 *
 *   declare module "./effects.js" { interface EffectRegistry { "ecs.UpdateService": EcsUpdateService } }
 */
/** Empty here: every feature adds its own effects (see above). */
// biome-ignore lint/suspicious/noEmptyInterface: the registry is filled by declaration merging
export interface EffectRegistry {}

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
 * @example effectsOfType(plan.effects, "ecs.UpdateService")[0]?.desiredCount
 */
export function effectsOfType<T extends EffectType>(effects: readonly PlannedEffect[], type: T): PlannedEffectOf<T>[] {
  return effects.filter((e): e is PlannedEffect & PlannedEffectOf<T> => e.type === type);
}
