import { describe, expect, it } from "vitest";
import { recommendTier } from "../../scripts/lib/tier-advice.js";

describe("tier recommendation", () => {
  it.each([
    [{ users: 0 }, "startup"],
    [{ users: 1_000 }, "startup"],
    [{ users: 1_001 }, "growth"],
    [{ users: 25_000 }, "scale"],
    [{ users: 250_000 }, "enterprise"],
  ])("%j → %s", (audience, tier) => {
    expect(recommendTier(audience).tier.id).toBe(tier);
  });

  it("lets the most demanding number decide, and says which tier each number needs", () => {
    const advice = recommendTier({ users: 500, concurrentUsers: 40, requestsPerMinute: 12_000 });
    expect(advice.tier.id).toBe("scale");
    expect(advice.because).toEqual([
      "500 users → Startup (0–1,000)",
      "40 concurrent users → Startup (10–50)",
      "12,000 requests/min → Scale (5,000–50,000)",
    ]);
  });
});
