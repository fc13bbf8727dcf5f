/**
 * Generators of bad input for the fuzz tests: junk values (wrong types, huge and unicode strings, numbers as
 * strings, `__proto__`/`constructor` keys), arbitrary JSON, and mutations of the real samples under events/.
 */
import fc from "fast-check";

/** Strings that break naive code: huge, unicode, control characters, lone surrogates, numbers, JSON. */
const HUGE = ["x".repeat(300_000), "é".repeat(140_000), "😀".repeat(70_000)];
const ODD = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "\u202e\u0000\r\n",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "0x10",
  "null",
  "true",
  "[]",
  "{}",
  '{"__proto__":{"polluted":"yes"}}',
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "../../etc/passwd",
  "hero365-prod-cpu-high-backend",
  "2026-11-27T03:20:00.000Z",
  "3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e",
];
export const POLLUTERS = ["__proto__", "constructor", "prototype"] as const;

/** An object with an own `__proto__`/`constructor`/`prototype` key, as JSON.parse makes one. */
export const pollutingObject = fc
  .record({ key: fc.constantFrom(...POLLUTERS), value: fc.jsonValue({ maxDepth: 1 }) })
  .map(({ key, value }) => withOwn({}, key, { polluted: "yes", toString: value, prototype: { polluted: "yes" } }));

export const oddString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(...ODD),
  fc.constantFrom(...HUGE),
);

/** A value where another belongs: wrong type, null, empty containers, numbers of every kind, odd strings. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, Number.MAX_SAFE_INTEGER + 2, 1e308),
  oddString,
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
  pollutingObject,
);

/** Any JSON value (what a misrouted event could be), plus `undefined`. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  junk,
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom("Records", "detail", "source", "detail-type", "version", ...POLLUTERS), junk),
  fc.record({
    Records: fc.array(fc.oneof(junk, fc.record({ eventSource: fc.constant("aws:sqs"), body: junk })), { maxLength: 4 }),
  }),
);

/** A path into a sample; `TEXT` steps into a string holding JSON (an SQS body, a webhook body, reasonData). */
export const TEXT = Symbol("JSON text");
export type Step = string | number | typeof TEXT;
const DROP = Symbol("drop");

type Mutation =
  | { at: number; kind: "drop" }
  | { at: number; kind: "replace"; value: unknown }
  | { at: number; kind: "retype" }
  | { at: number; kind: "pollute"; key: (typeof POLLUTERS)[number]; value: unknown }
  | { at: number; kind: "array"; op: "truncate" | "reverse" | "duplicate" | "rotate" | "empty"; n: number }
  | { at: number; kind: "text"; op: "truncate" | "append" | "unicode"; n: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.nat(), kind: fc.constant("drop" as const) }),
  fc.record({ at: fc.nat(), kind: fc.constant("replace" as const), value: junk }),
  fc.record({ at: fc.nat(), kind: fc.constant("retype" as const) }),
  fc.record({ at: fc.nat(), kind: fc.constant("pollute" as const), key: fc.constantFrom(...POLLUTERS), value: junk }),
  fc.record({
    at: fc.nat(),
    kind: fc.constant("array" as const),
    op: fc.constantFrom(
      "truncate" as const,
      "reverse" as const,
      "duplicate" as const,
      "rotate" as const,
      "empty" as const,
    ),
    n: fc.nat({ max: 20 }),
  }),
  fc.record({
    at: fc.nat(),
    kind: fc.constant("text" as const),
    op: fc.constantFrom("truncate" as const, "append" as const, "unicode" as const),
    n: fc.nat({ max: 400 }),
  }),
);

/**
 * A sample with one to four mutations at random places: a field dropped, replaced by junk, turned into another
 * type (numbers into strings and back), a `__proto__`/`constructor` key added, an array truncated, reordered or
 * with an element duplicated, a string truncated (a JSON body then is no JSON) or extended with unicode.
 * Strings that hold JSON are mutated inside too, then serialized again.
 */
export function mutated(...samples: unknown[]): fc.Arbitrary<unknown> {
  return mutatedFrom(fc.constantFrom(...samples));
}

/** Mutations of generated samples (e.g. batches of several real records). */
export function mutatedFrom(samples: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(samples, fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([sample, mutations]) => mutations.reduce<unknown>(applyMutation, sample));
}

function applyMutation(root: unknown, m: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[m.at % paths.length] as Step[];
  const next = update(root, path, (node) => mutate(node, m));
  return next === DROP ? undefined : next;
}

function mutate(node: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case "drop":
      return DROP;
    case "replace":
      return m.value;
    case "retype":
      return retype(node);
    case "pollute":
      return isObject(node) ? withOwn({ ...node }, m.key, m.value) : withOwn({}, m.key, node);
    case "array": {
      if (!Array.isArray(node)) return [node];
      const n = node.length ? m.n % node.length : 0;
      if (m.op === "truncate") return node.slice(0, n);
      if (m.op === "reverse") return [...node].reverse();
      if (m.op === "duplicate") return node.length ? [...node.slice(0, n + 1), node[n], ...node.slice(n + 1)] : [null];
      if (m.op === "rotate") return [...node.slice(n), ...node.slice(0, n)];
      return [];
    }
    case "text": {
      const text = typeof node === "string" ? node : (JSON.stringify(node) ?? "");
      if (m.op === "truncate") return text.slice(0, text.length ? m.n % text.length : 0);
      if (m.op === "append") return `${text}${ODD[m.n % ODD.length]}`;
      return `${text.slice(0, m.n)}\u00e9\ud83d\ude00\u0301\u202e${text.slice(m.n)}`;
    }
  }
}

/** Numbers as strings and back, booleans as strings, objects as arrays and arrays as objects. */
function retype(node: unknown): unknown {
  if (typeof node === "number") return String(node);
  if (typeof node === "string") return Number.isNaN(Number(node)) ? node.length : Number(node);
  if (typeof node === "boolean") return String(node);
  if (node === null) return "null";
  if (Array.isArray(node)) return { ...node };
  if (isObject(node)) return Object.values(node);
  return null;
}

/**
 * A sample with junk at one of the given paths (fields the code computes with: timestamps, JSON-in-a-string),
 * which random mutations would seldom hit.
 */
export function junkAt(samples: unknown[], paths: Step[][]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...samples), fc.constantFrom(...paths), fc.oneof(junk, oddString, fc.json({ maxDepth: 2 })))
    .map(([sample, path, value]) => update(sample, path, () => value));
}

/** Every path in `value`, the root included, stepping into strings that hold a JSON object or array. */
export function pathsOf(value: unknown, prefix: Step[] = []): Step[][] {
  const paths: Step[][] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths.push(...pathsOf(v, [...prefix, i]));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  } else if (typeof value === "string" && /^\s*[[{]/.test(value)) {
    const inner = parseJson(value);
    if (inner !== undefined) paths.push(...pathsOf(inner, [...prefix, TEXT]));
  }
  return paths;
}

/** A copy of `node` with `fn` applied at `path` (DROP removes the key or element). */
function update(node: unknown, path: Step[], fn: (node: unknown) => unknown): unknown {
  if (path.length === 0) return fn(node);
  const [head, ...rest] = path;
  if (head === TEXT) {
    const inner = typeof node === "string" ? parseJson(node) : undefined;
    if (inner === undefined) return node;
    const next = update(inner, rest, fn);
    return next === DROP ? "" : JSON.stringify(next);
  }
  if (Array.isArray(node) && typeof head === "number" && head < node.length) {
    const copy = [...node];
    const next = update(copy[head], rest, fn);
    if (next === DROP) copy.splice(head, 1);
    else copy[head] = next;
    return copy;
  }
  if (isObject(node) && typeof head === "string" && Object.hasOwn(node, head)) {
    const copy = { ...node };
    const next = update(node[head], rest, fn);
    if (next === DROP) delete copy[head];
    else withOwn(copy, head, next);
    return copy;
  }
  return node;
}

/** Sets an own property, even `__proto__` (an assignment would set the prototype instead). */
export function withOwn<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

interface SqsSample {
  Records: ({ messageId: string } & Record<string, unknown>)[];
}

/**
 * Batches of one to `max` records drawn from a real batch's records, each with its own message id (as SQS
 * gives them), so a partial batch response can name each one.
 */
export function sqsBatches(sample: SqsSample, max = 5): fc.Arbitrary<SqsSample> {
  return fc.array(fc.constantFrom(...sample.Records), { minLength: 1, maxLength: max }).map((records) => ({
    Records: records.map((record, i) => ({ ...structuredClone(record), messageId: `${record.messageId}-${i}` })),
  }));
}
