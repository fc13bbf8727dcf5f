import { App, Stack } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { routedDetailTypes } from "../../core/ingest/app-bus.js";
import { DETAIL_TYPES } from "../../core/ingest/tables.js";
import { SUPABASE_SOURCE } from "../../events/schemas/invoice-job.js";
import { matches, type Pattern } from "../../sim/local/event-pattern.js";
import { unroutedPattern } from "../../stacks/Ingest.js";

/** The pattern as EventBridge receives it: CDK's tokens resolved, `detailType` rendered as `detail-type`. */
function deployed(pattern: ReturnType<typeof unroutedPattern>): Pattern {
  const { detailType, ...rest } = new Stack(new App()).resolve(pattern) as typeof pattern;
  return { ...rest, ...(detailType && { "detail-type": detailType }) } as Pattern;
}

const event = (detailType: string) => ({ account: "123456789012", source: SUPABASE_SOURCE, "detail-type": detailType });

describe("the app bus's catch-all rule", () => {
  it("catches every event of the account while no rule handles any detail-type", () => {
    const pattern = deployed(unroutedPattern("123456789012", []));
    for (const detailType of DETAIL_TYPES) expect(matches(pattern, event(detailType))).toBe(true);
    expect(matches(pattern, { ...event("invoices.insert"), account: "999999999999" })).toBe(false);
  });

  it("leaves out the detail-types the routes handle and catches the rest", () => {
    const routed = routedDetailTypes([
      { rule: "invoice-pdf", source: SUPABASE_SOURCE, detailTypes: ["invoices.update", "invoices.insert"] },
      { rule: "audit", source: SUPABASE_SOURCE, detailTypes: ["invoices.update"] },
    ]);
    const pattern = deployed(unroutedPattern("123456789012", routed));

    expect(routed).toEqual(["invoices.insert", "invoices.update"]);
    expect(matches(pattern, event("invoices.update"))).toBe(false);
    expect(matches(pattern, event("invoices.insert"))).toBe(false);
    expect(matches(pattern, event("invoices.delete"))).toBe(true);
  });
});
