import { describe, expect, it } from "vitest";
import { decimalsOf, encode, encodeTotal, unitFor } from "../../sim/chart-data.js";

describe("the report's minute data", () => {
  it("keeps over a thousand levels of a panel's range, and whole numbers whole", () => {
    expect(unitFor(100, [42.57])).toBe(0.1);
    expect(unitFor(20_000, [13_437.2])).toBe(10);
    expect(unitFor(2.5, [0.271])).toBe(0.001);
    expect(unitFor(16, [3, 7, 15, undefined])).toBe(1);
    expect(decimalsOf(0.1)).toBe(1);
    expect(decimalsOf(0.001)).toBe(3);
    expect(decimalsOf(10)).toBe(0);
  });

  it("sends a noisy series as a list of whole units, gaps as null", () => {
    expect(encode([42.57, 43.01, undefined, 41.96], 0.1)).toEqual({ u: 0.1, v: [426, 430, null, 420] });
  });

  it("sends a series that holds its value as runs: where each value starts, and the value", () => {
    const tasks = [3, 3, 3, 3, 7, 7, 7, 14, 14, 14, 14, 14];
    expect(encode(tasks, 1)).toEqual({ u: 1, r: [0, 3, 4, 7, 7, 14] });
  });

  it("sends a running total as whole-millisecond increments that add up to its last value exactly", () => {
    // Three tasks billed 180 s a minute; a fourth launched 21.31 s before the seventh minute's end.
    const totals = [...Array.from({ length: 6 }, (_, m) => 180 * (m + 1)), 1281.31, 1521.31, 1761.31, 2001.31];
    const encoded = encodeTotal(totals, 2);
    expect(encoded).toEqual({ u: 2, acc: 1, r: [0, 180_000, 6, 201_310, 7, 240_000] });
    const increments = [...Array(6).fill(180_000), 201_310, 240_000, 240_000, 240_000];
    expect(increments.reduce((a, b) => a + b)).toBe(Math.round((totals.at(-1) as number) * 1000));
  });
});
