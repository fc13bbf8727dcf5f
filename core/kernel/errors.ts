/**
 * Named errors of the domain. Configuration errors happen at load (synth, cold start); execution errors at run.
 * Handlers catch only these by name and rethrow anything else, so retries and DLQs keep what failed.
 */
export class Hero365Error extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "Hero365Error";
  }
}

/** The stage configuration or the runtime environment is wrong: fix the config, retrying will not help. */
export class ConfigurationError extends Hero365Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigurationError";
  }
}

/**
 * A secret the stage's configuration uses has no value (`npx sst secrets set`). Only the effects that need it
 * fail: the applier records them as unsent and carries on with the rest of the plan.
 */
export class SecretNotSetError extends ConfigurationError {
  constructor(
    readonly secretName: string,
    stage: string,
  ) {
    super(`secret ${secretName} is not set: npx sst secrets set ${secretName} <value> --stage ${stage}`);
    this.name = "SecretNotSetError";
  }
}

/** An event from outside does not match its schema. */
export class InvalidEventError extends Hero365Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidEventError";
  }
}

/** Executing an effect of a plan failed; `cause` keeps the adapter's error. */
export class EffectFailedError extends Hero365Error {
  constructor(
    readonly effectType: string,
    options?: { cause?: unknown },
  ) {
    super(`effect ${effectType} failed: ${describe(options?.cause)}`, options);
    this.name = "EffectFailedError";
  }
}

/** Another delivery of the same event holds the step; this one is retried later by its source. */
export class StepInProgressError extends Hero365Error {
  constructor(readonly key: string) {
    super(`step ${key} is being applied by another invocation; retry later`);
    this.name = "StepInProgressError";
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
