/**
 * EventBridge content filtering, for matching events locally against the patterns the stacks deploy:
 * exact values, prefix, suffix, anything-but, numeric ranges, exists, nested objects, `$or`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export type Pattern = { [field: string]: Pattern | readonly Matcher[] | readonly Pattern[] };
type Matcher = string | number | boolean | null | Record<string, unknown>;

/**
 * True when `event` matches `pattern`.
 * @example matches({ source: ["aws.cloudwatch"] }, { source: "aws.cloudwatch" }) // true
 */
export function matches(pattern: Pattern, event: unknown): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    // `$or`: the object matches when any of the listed sub-patterns does.
    if (field === "$or") return (rule as readonly Pattern[]).some((alternative) => matches(alternative, event));
    const value = isObject(event) ? event[field] : undefined;
    if (Array.isArray(rule)) return matchesField(rule as readonly Matcher[], value);
    return isObject(value) && matches(rule as Pattern, value);
  });
}

function matchesField(matchers: readonly Matcher[], value: unknown): boolean {
  // An array value matches when any element does (EventBridge semantics).
  const values = Array.isArray(value) ? value : [value];
  return matchers.some((matcher) => {
    if (isObject(matcher) && "exists" in matcher) return (value !== undefined) === matcher.exists;
    if (value === undefined) return false;
    return values.some((v) => matchOne(matcher, v));
  });
}

function matchOne(matcher: Matcher, value: unknown): boolean {
  if (!isObject(matcher)) return matcher === value;
  if ("prefix" in matcher) return typeof value === "string" && value.startsWith(String(matcher.prefix));
  if ("suffix" in matcher) return typeof value === "string" && value.endsWith(String(matcher.suffix));
  if ("equals-ignore-case" in matcher) {
    return typeof value === "string" && value.toLowerCase() === String(matcher["equals-ignore-case"]).toLowerCase();
  }
  if ("anything-but" in matcher) {
    const excluded = matcher["anything-but"];
    if (isObject(excluded) && "prefix" in excluded) {
      return typeof value === "string" && !value.startsWith(String(excluded.prefix));
    }
    return !(Array.isArray(excluded) ? excluded : [excluded]).includes(value);
  }
  if ("numeric" in matcher) return typeof value === "number" && numeric(matcher.numeric as unknown[], value);
  throw new Error(`unsupported pattern operator ${JSON.stringify(matcher)}`);
}

const COMPARE: Record<string, (value: number, bound: number) => boolean> = {
  "<": (v, b) => v < b,
  "<=": (v, b) => v <= b,
  ">": (v, b) => v > b,
  ">=": (v, b) => v >= b,
  "=": (v, b) => v === b,
};

function numeric(conditions: unknown[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const compare = COMPARE[String(conditions[i])];
    if (!compare?.(value, Number(conditions[i + 1]))) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
