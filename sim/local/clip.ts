/** Cuts huge values to a readable length, saying how much was cut, for the local tools' human output. */

export interface ClipLimits {
  /** Characters of a string kept. */
  string: number;
  /** Items of an array kept. */
  array: number;
}

export const SUMMARY_LIMITS: ClipLimits = { string: 300, array: 10 };

/** `text` if short enough, else its start and `… (+N characters)`. */
export function clipText(text: string, max = SUMMARY_LIMITS.string): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (+${(text.length - max).toLocaleString("en-US")} characters)`;
}

/** A copy of `value` with long strings and big arrays cut, each cut saying what it left out. */
export function clipValue(value: unknown, limits: ClipLimits = SUMMARY_LIMITS): unknown {
  if (typeof value === "string") return clipText(value, limits.string);
  if (Array.isArray(value)) {
    const kept = value.slice(0, limits.array).map((item) => clipValue(item, limits));
    const more = value.length - kept.length;
    return more > 0 ? [...kept, `… (+${more.toLocaleString("en-US")} more items)`] : kept;
  }
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clipValue(item, limits)]));
  }
  return value;
}

/** At most `max` lines of `text`, then a line saying how many more there were. */
export function clipLines(text: string, max: number, indent = ""): string {
  const lines = text.split("\n");
  if (lines.length <= max) return text;
  return [...lines.slice(0, max), `${indent}… (+${(lines.length - max).toLocaleString("en-US")} lines)`].join("\n");
}
