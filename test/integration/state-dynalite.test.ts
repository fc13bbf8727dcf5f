import { beforeAll, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { effect } from "../../core/kernel/effects.js";
import type { ItemStore } from "../../core/kernel/ports.js";
import { claimStep, completeStep, failStep } from "../../core/kernel/steps.js";
import { useLoopback } from "../support/loopback.js";

let store: ItemStore;
const NOW = new Date("2026-11-27T03:20:00Z");

const servers = useLoopback({ dynamo: true });
beforeAll(async () => {
  await servers.dynamo.createTable("state");
  store = dynamoItemStore(servers.dynamo.client, "state");
});

describe("the DynamoDB state table adapter (dynalite)", () => {
  it("writes an item only when it is absent", async () => {
    expect(await store.put({ pk: "A", sk: "1", n: 1 }, { kind: "absent" })).toBe(true);
    expect(await store.put({ pk: "A", sk: "1", n: 2 }, { kind: "absent" })).toBe(false);
    expect(await store.get("A", "1")).toMatchObject({ n: 1 });
  });

  it("writes when an attribute equals the expected value, and not otherwise", async () => {
    await store.put({ pk: "B", sk: "1", version: 1 });
    expect(await store.put({ pk: "B", sk: "1", version: 2 }, { kind: "equals", attribute: "version", value: 2 })).toBe(
      false,
    );
    expect(await store.put({ pk: "B", sk: "1", version: 2 }, { kind: "equals", attribute: "version", value: 1 })).toBe(
      true,
    );
  });

  it("queries one partition in sort-key order, from a key", async () => {
    for (const sk of ["2026-11-27T03:00", "2026-11-27T01:00", "2026-11-27T02:00"]) await store.put({ pk: "Q", sk });
    const all = await store.query("Q");
    expect(all.map((i) => i.sk)).toEqual(["2026-11-27T01:00", "2026-11-27T02:00", "2026-11-27T03:00"]);
    expect((await store.query("Q", "2026-11-27T02:00")).map((i) => i.sk)).toHaveLength(2);
  });

  it("lets exactly one of 50 concurrent claims of a step through", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => claimStep(store, "step-50", NOW)));
    expect(results.filter((r) => r.status === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.status === "busy")).toHaveLength(49);
  });

  it("reports a completed step as done", async () => {
    expect(await claimStep(store, "step-done", NOW)).toEqual({ status: "claimed" });
    await completeStep(store, "step-done", NOW, ["applied"]);
    expect(await claimStep(store, "step-done", new Date(NOW.getTime() + 3_600_000))).toEqual({ status: "done" });
  });

  it("hands a failed step back with its plan and how far it got, to exactly one retry", async () => {
    const plan = [
      effect({ type: "dynamodb.PutItem", item: { pk: "x", sk: "1" } }, "first"),
      effect({ type: "dynamodb.PutItem", item: { pk: "x", sk: "2" } }, "second"),
    ];
    expect(await claimStep(store, "step-failed", NOW, 60, plan)).toEqual({ status: "claimed" });
    await failStep(store, "step-failed", NOW, plan, 1, new Error("boom"));
    const retries = await Promise.all([1, 2, 3].map(() => claimStep(store, "step-failed", NOW, 60, [])));
    expect(retries.filter((r) => r.status === "resumed")).toEqual([{ status: "resumed", effects: plan, applied: 1 }]);
    expect(retries.filter((r) => r.status === "busy")).toHaveLength(2);
  });

  it("hands a claim whose lease expired to the next delivery", async () => {
    expect((await claimStep(store, "step-lease", NOW, 60)).status).toBe("claimed");
    expect((await claimStep(store, "step-lease", new Date(NOW.getTime() + 30_000), 60)).status).toBe("busy");
    expect((await claimStep(store, "step-lease", new Date(NOW.getTime() + 61_000), 60)).status).toBe("claimed");
  });
});
