import { describe, expect, it } from "vitest";
import { nextCapacity } from "../../core/scaling/step.js";

const step = (current: number, observed: number | undefined, ceiling = 100, target = 70) =>
  nextCapacity({ current, observed, target, maxFactor: 2, ceiling });

describe("the scale-out step", () => {
  it("is proportional like target tracking: ceil(current × observed / target)", () => {
    expect(step(4, 91)).toBe(6); // 4 × 91 / 70 = 5.2 → 6
    expect(step(10, 77)).toBe(11); // 11.0 → 11
    expect(step(10, 84)).toBe(12);
  });

  it("adds at least one task, even when the ratio rounds to the current count", () => {
    expect(step(3, 70.1)).toBe(4);
    expect(step(5, 50)).toBe(6);
  });

  it("adds one task when the alarm carried no datapoints", () => {
    expect(step(3, undefined)).toBe(4);
  });

  it("at most doubles per step", () => {
    expect(step(4, 300)).toBe(8);
    expect(step(1, 300)).toBe(2);
  });

  it("never goes above the ceiling", () => {
    expect(step(4, 91, 5)).toBe(5);
    expect(step(14, 140, 15)).toBe(15);
  });

  it("scales a service at zero tasks to one", () => {
    expect(step(0, 90)).toBe(1);
  });
});
