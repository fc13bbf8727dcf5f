import { describe, expect, it, vi } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { readAudit } from "../../core/kernel/audit.js";
import { effect } from "../../core/kernel/effects.js";
import { SecretNotSetError, StepInProgressError } from "../../core/kernel/errors.js";
import { act, completedBy, skip } from "../../core/kernel/plan.js";
import type { ExecutionContext } from "../../core/kernel/ports.js";
import { carryOut, type ReactionContext } from "../../core/kernel/reaction.js";
import { claimStep } from "../../core/kernel/steps.js";

const alert = effect(
  {
    type: "sns.Publish",
    topic: "alerts",
    subject: "s",
    message: "m",
    attributes: { severity: "info", service: "backend", row: "cpu-critical", state: "ALARM" },
  },
  "because",
);
const plan = act("tell", [alert], "step-1");
const meta = { subject: "hero365-prod-cpu-critical-backend", eventId: "e1" };

function context(overrides: Partial<ReactionContext> = {}) {
  const publish = vi.fn(async () => ({ messageId: "m-1" }));
  const store = memoryItemStore();
  let tick = Date.parse("2026-11-27T03:20:00Z");
  const ctx: ReactionContext = {
    functionName: "notify",
    stage: "prod",
    store,
    executors: { "sns.Publish": publish },
    dryRun: false,
    now: () => {
      tick += 1000;
      return new Date(tick);
    },
    ...overrides,
  };
  return { ctx, publish, store };
}

describe("carrying out a plan", () => {
  it("applies each effect once, and a duplicate delivery applies nothing", async () => {
    const { ctx, publish } = context();
    expect(await carryOut(plan, meta, ctx)).toMatchObject({
      status: "applied",
      effects: [{ status: "applied" }],
    });
    expect(await carryOut(plan, meta, ctx)).toMatchObject({ status: "duplicate", effects: [] });
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it("records instead of applying in dry-run", async () => {
    const { ctx, publish } = context({ dryRun: true });
    expect(await carryOut(plan, meta, ctx)).toMatchObject({ mode: "dry-run", status: "recorded" });
    expect(publish).not.toHaveBeenCalled();
  });

  it("rethrows a failed effect, audits it, and lets the retry take the step again", async () => {
    const { ctx, publish, store } = context();
    publish.mockRejectedValueOnce(new Error("SNS is down"));
    await expect(carryOut(plan, meta, ctx)).rejects.toThrow(/sns.Publish failed: Error: SNS is down/);
    expect(await carryOut(plan, meta, ctx)).toMatchObject({ status: "applied" });
    expect(publish).toHaveBeenCalledTimes(2);
    const audit = await readAudit(store, meta.subject);
    expect(audit.map((a) => a.outcome)).toEqual(["failed", "applied"]);
  });

  it("audits a decision with nothing to apply, with its reason", async () => {
    const { ctx, store } = context();
    await carryOut(skip("unknown-alarm", "not ours"), meta, ctx);
    const [record] = await readAudit(store, meta.subject);
    expect(record).toMatchObject({
      outcome: "nothing-to-apply",
      plan: { reason: "not ours" },
      functionName: "notify",
    });
  });

  it("resumes a half-applied plan where it stopped, even when the retry would decide differently", async () => {
    const put = vi.fn(async () => ({}));
    const { ctx, publish } = context();
    ctx.executors["dynamodb.PutItem"] = put;
    publish.mockRejectedValueOnce(new Error("SNS throttled"));
    const floor = effect({ type: "dynamodb.PutItem", item: { pk: "floor", sk: "4" } }, "raise the floor to 4");
    const first = act("scale 3 → 4", [floor, alert], "step-resume");
    await expect(carryOut(first, meta, ctx)).rejects.toThrow(/SNS throttled/);
    expect(put).toHaveBeenCalledTimes(1);

    // The world moved (the floor is 4 now), so a fresh decision would plan 4 → 5: the retry must not.
    const second = act(
      "scale 4 → 5",
      [effect({ type: "dynamodb.PutItem", item: { pk: "floor", sk: "5" } }, "5"), alert],
      "step-resume",
    );
    expect(await carryOut(second, meta, ctx)).toMatchObject({ status: "applied", effects: [{ type: "sns.Publish" }] });
    expect(put).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(await carryOut(second, meta, ctx)).toMatchObject({ status: "duplicate" });
  });
});

describe("carrying out a plan when a secret is not set", () => {
  const page = effect(
    { type: "pagerduty.trigger", dedupKey: "k", summary: "s", source: "a", severity: "critical" } as never,
    "page",
  );
  const twoChannels = act("page and tell", [page, alert], "step-2");

  it("records the effect whose secret is unset as unsent, sends the others, and completes the step", async () => {
    const sns = vi.fn(async () => ({ messageId: "m-1" }));
    const { ctx, store } = context({
      executors: {
        "sns.Publish": sns,
        // However the adapter wraps it, the cause says the secret is missing.
        "pagerduty.trigger": async () => {
          throw new Error("PagerDuty call failed", { cause: new SecretNotSetError("PAGERDUTY_ROUTING_KEY", "prod") });
        },
      },
    });
    const result = await carryOut(twoChannels, meta, ctx);
    expect(result).toMatchObject({
      status: "applied",
      effects: [
        { type: "pagerduty.trigger", status: "unsent" },
        { type: "sns.Publish", status: "applied" },
      ],
    });
    const [audit] = await readAudit(store, meta.subject);
    expect(audit?.applied[0]?.error).toEqual({
      name: "SecretNotSetError",
      message: expect.stringContaining("npx sst secrets set PAGERDUTY_ROUTING_KEY"),
    });
    // Not retried: a redelivery finds the step done and sends nothing twice.
    expect(await carryOut(twoChannels, meta, ctx)).toMatchObject({ status: "duplicate" });
    expect(sns).toHaveBeenCalledTimes(1);
  });

  it("still stops at any other failure, so the source retries it", async () => {
    const sns = vi.fn(async () => ({ messageId: "m-1" }));
    const { ctx } = context({
      executors: {
        "sns.Publish": sns,
        "pagerduty.trigger": async () => {
          throw new Error("503 from PagerDuty");
        },
      },
    });
    await expect(carryOut(twoChannels, meta, ctx)).rejects.toThrow(/pagerduty.trigger failed/);
    expect(sns).not.toHaveBeenCalled();
  });
});

describe("a plan completing while its step is claimed (a page before its diagnostics)", () => {
  const withText = (message: string) => act("tell", [{ ...alert, message }], "step-1");
  /** A promise the test settles itself, and whether anyone is waiting for it yet. */
  function later<T>() {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  it("claims the step before the completion arrives, then applies and audits the completed plan", async () => {
    const { ctx, publish, store } = context();
    const completion = later<ReturnType<typeof act>>();
    const running = carryOut(
      completedBy(withText("provisional"), completion.promise, (p) => p),
      meta,
      ctx,
    );
    // The claim is written while the completion is still pending.
    await vi.waitFor(async () => expect((await store.get("STEP#step-1", "STEP"))?.status).toBe("in-progress"));
    expect(publish).not.toHaveBeenCalled();
    completion.resolve(withText("with diagnostics"));
    expect(await running).toMatchObject({ status: "applied" });
    expect((publish.mock.calls[0] as unknown[] | undefined)?.[0]).toMatchObject({ message: "with diagnostics" });
    const [audit] = await readAudit(store, meta.subject);
    expect(audit?.plan.effects[0]).toMatchObject({ message: "with diagnostics" });
    expect(audit?.plan).not.toHaveProperty("completing");
  });

  it("a duplicate never waits for its completion", async () => {
    const { ctx, publish } = context();
    await carryOut(withText("first"), meta, ctx);
    const never = new Promise<ReturnType<typeof act>>(() => {});
    expect(
      await carryOut(
        completedBy(withText("again"), never, (p) => p),
        meta,
        ctx,
      ),
    ).toMatchObject({
      status: "duplicate",
    });
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it("gives the step back when the completion fails, so the retry takes it", async () => {
    const { ctx, publish, store } = context();
    const failing = Promise.reject(new Error("Logs Insights is down"));
    await expect(
      carryOut(
        completedBy(withText("p"), failing, (p) => p),
        meta,
        ctx,
      ),
    ).rejects.toThrow(/Logs Insights/);
    expect(await store.get("STEP#step-1", "STEP")).toBeUndefined();
    expect((await readAudit(store, meta.subject))[0]).toMatchObject({ outcome: "failed", applied: [] });
    expect(publish).not.toHaveBeenCalled();
    expect(await carryOut(withText("retry"), meta, ctx)).toMatchObject({ status: "applied" });
  });

  it("refuses a completion that changes the step, the outcome or the effects", async () => {
    const { ctx, publish, store } = context();
    const other = act("tell", [alert, alert], "step-1");
    await expect(
      carryOut(
        completedBy(withText("p"), Promise.resolve(other), (p) => p),
        meta,
        ctx,
      ),
    ).rejects.toThrow(/completing plan changed/);
    expect(await store.get("STEP#step-1", "STEP")).toBeUndefined();
    expect(publish).not.toHaveBeenCalled();
  });

  it("does not wait for reads a plan without effects has no use for", async () => {
    const never = new Promise<number>(() => {});
    const decided = completedBy(skip("unknown-alarm", "not ours"), never, () => withText("x"));
    expect(decided).not.toHaveProperty("completing");
  });
});

describe("steps claimed beside the plan's own (a ticket's generation)", () => {
  const beside = { key: "ticket#p#db#g1", leaseSeconds: 300 };
  const withBeside = { ...plan, alongside: [beside] };
  const stepOf = (store: ReturnType<typeof memoryItemStore>, key: string) => store.get(`STEP#${key}`, "STEP");

  it("claims it in the same round trip and hands it to the executor, which takes it", async () => {
    const seen: boolean[] = [];
    const publish = vi.fn(async (_effect: unknown, context?: ExecutionContext) => {
      seen.push(context?.held?.take(beside.key) ?? false);
      return { messageId: "m-1" };
    });
    const { ctx, store } = context({ executors: { "sns.Publish": publish } });
    const puts: string[] = [];
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      puts.push(item.pk);
      return put(item, condition);
    };
    expect(await carryOut(withBeside, meta, ctx)).toMatchObject({ status: "applied" });
    expect(seen).toEqual([true]);
    // Both claims went out before anything was applied; the executor took the one beside and owns it now.
    expect(puts.slice(0, 2).sort()).toEqual(["STEP#step-1", `STEP#${beside.key}`]);
    expect(await stepOf(store, beside.key)).toMatchObject({ status: "in-progress", leaseUntil: expect.any(Number) });
  });

  it("gives back a step beside that no executor took", async () => {
    const { ctx, store } = context();
    await carryOut(withBeside, meta, ctx);
    expect(await stepOf(store, beside.key)).toBeUndefined();
    expect(await stepOf(store, "step-1")).toMatchObject({ status: "done" });
  });

  it("leaves a step beside that someone else holds to the executor, which claims it itself", async () => {
    const seen: boolean[] = [];
    const { ctx, store } = context({
      executors: {
        "sns.Publish": async (_effect, context) => {
          seen.push(context?.held?.take(beside.key) ?? false);
          return {};
        },
      },
    });
    await claimStep(store, beside.key, new Date(), 300);
    await carryOut(withBeside, meta, ctx);
    expect(seen).toEqual([false]);
    expect(await stepOf(store, beside.key)).toMatchObject({ status: "in-progress" });
  });

  it("gives it back when the plan's own step is a duplicate, busy, or fails before anything is applied", async () => {
    const { ctx, store, publish } = context();
    await carryOut(plan, meta, ctx);
    expect(await carryOut(withBeside, meta, ctx)).toMatchObject({ status: "duplicate" });
    expect(await stepOf(store, beside.key)).toBeUndefined();

    const busy = context();
    await claimStep(busy.store, "step-1", new Date(Date.parse("2026-11-27T03:20:30Z")), 60);
    await expect(carryOut(withBeside, meta, busy.ctx)).rejects.toThrow(StepInProgressError);
    expect(await stepOf(busy.store, beside.key)).toBeUndefined();

    const failing = context();
    failing.publish.mockRejectedValueOnce(new Error("SNS is down"));
    await expect(carryOut(withBeside, meta, failing.ctx)).rejects.toThrow(/SNS is down/);
    expect(await stepOf(failing.store, beside.key)).toBeUndefined();
    expect(await stepOf(failing.store, "step-1")).toBeUndefined();
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it("claims nothing beside in dry-run", async () => {
    const { ctx, store } = context({ dryRun: true });
    const puts: string[] = [];
    const put = store.put.bind(store);
    store.put = async (item, condition) => {
      puts.push(item.pk);
      return put(item, condition);
    };
    await carryOut(withBeside, meta, ctx);
    expect(puts).not.toContain(`STEP#${beside.key}`);
  });
});
