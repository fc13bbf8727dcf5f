/**
 * How a stack other than Core names the stage's one dead-letter queue: through the ARN Core exports. Stack
 * tests assert every rule target, failure destination and redrive policy against it.
 */
import { Match } from "aws-cdk-lib/assertions";
import { expect } from "vitest";

const EXPORT = /^[a-z0-9-]+-hero365-scaling-Core:ExportsOutputFnGetAttDeadLetters[0-9A-F]{8}Arn/;

/** For `Template.hasResourceProperties`. */
export const DEAD_LETTERS_ARN = { "Fn::ImportValue": Match.stringLikeRegexp(EXPORT.source) };

/** For `expect(...).toMatchObject` / `toEqual`. */
export const deadLettersArn = () => ({ "Fn::ImportValue": expect.stringMatching(EXPORT) });

/** Whether a template value names the dead-letter queue from another stack. */
export const isDeadLettersArn = (value: unknown): boolean => {
  const imported = (value as { "Fn::ImportValue"?: unknown } | undefined)?.["Fn::ImportValue"];
  return typeof imported === "string" && EXPORT.test(imported);
};
