import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grouped } from "../../core/kernel/format.js";

describe("numbers grouped as en-US writes them, without Intl", () => {
  it("matches toLocaleString for any number and up to 6 decimals", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 10_000),
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n + 0.5),
          fc.integer({ min: -99_999, max: 99_999 }).map((n) => n / 100_000 + 0.000005),
        ),
        fc.integer({ min: 0, max: 6 }),
        (value, digits) => {
          expect(grouped(value, digits)).toBe(value.toLocaleString("en-US", { maximumFractionDigits: digits }));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it("writes the figures a ticket shows", () => {
    expect(grouped(1_000_000)).toBe("1,000,000");
    expect(grouped(0.01344, 4)).toBe("0.0134");
    expect(grouped(9.99995, 4)).toBe("10");
    expect(grouped(-1234.5)).toBe("-1,235");
    expect(grouped(Number.NaN)).toBe("NaN");
  });
});
