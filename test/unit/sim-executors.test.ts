import { describe, expect, it } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { applyEffects } from "../../core/kernel/applier.js";
import type { PlannedEffect } from "../../core/kernel/effects.js";
import { TIERS } from "../../core/matrix/tiers.js";
import { SimService } from "../../sim/ecs.js";
import { registeredEffectTypes } from "../../sim/effect-types.js";
import { type ExecutorHooks, RECORD_ONLY, SimTickets, simExecutors } from "../../sim/executors.js";
import type { EffectRecord } from "../../sim/timeline.js";
import { SimWorld } from "../../sim/world.js";
import { testConfig } from "../support/config.js";

const START = new Date("2026-11-27T09:00:00Z");
const config = testConfig("prod");

function setup() {
  const services = {
    backend: new SimService("backend", "hero365-backend", TIERS.growth.services.backend, 3, true, 90_000, START),
    frontend: new SimService("frontend", "hero365-frontend", TIERS.growth.services.frontend, 2, false, 90_000, START),
  };
  const world = new SimWorld(services, new Map(), new Set(), START);
  const notes: Omit<EffectRecord, "at" | "functionName">[] = [];
  const sent: unknown[] = [];
  const store = memoryItemStore();
  const hooks: ExecutorHooks = {
    now: () => START,
    config,
    world,
    store,
    setDesired: (service, count) => services[service].setDesired(count, START),
    sendMessage: (effect) => {
      sent.push(effect);
      return "m-1";
    },
    note: (record) => notes.push(record),
  };
  return { services, notes, sent, store, hooks };
}

describe("simulator executors", () => {
  it("finds every effect type the features register", async () => {
    const types = await registeredEffectTypes();
    expect(types).toEqual(
      expect.arrayContaining([
        "sns.Publish",
        "sqs.SendMessage",
        "dynamodb.PutItem",
        "ecs.UpdateService",
        "applicationautoscaling.RegisterScalableTarget",
      ]),
    );
  });

  it("raises the floor of the simulated scalable target, and AAS brings desired up to it", async () => {
    const { services, notes, hooks } = setup();
    const executors = simExecutors(hooks, []);
    await executors["applicationautoscaling.RegisterScalableTarget"]?.({
      type: "applicationautoscaling.RegisterScalableTarget",
      serviceNamespace: "ecs",
      resourceId: "service/hero365-cluster/hero365-backend",
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity: 6,
    });
    expect(services.backend.state(START)).toMatchObject({
      desiredCount: 6,
      runningCount: 3,
      pendingCount: 3,
      scalableTarget: { minCapacity: 6 },
    });
    expect(notes).toEqual([
      expect.objectContaining({ category: "scale-out", text: "floor 3 → 6: AAS raises desired 3 → 6" }),
    ]);
  });

  it("refuses a floor above the maximum, and a floor on a service without a scalable target, like AAS", async () => {
    const { hooks } = setup();
    const executors = simExecutors(hooks, []);
    const register = (resourceId: string, minCapacity: number) =>
      executors["applicationautoscaling.RegisterScalableTarget"]?.({
        type: "applicationautoscaling.RegisterScalableTarget",
        serviceNamespace: "ecs",
        resourceId,
        scalableDimension: "ecs:service:DesiredCount",
        minCapacity,
      });
    await expect(register("service/hero365-cluster/hero365-backend", 16)).rejects.toThrow(/ValidationException/);
    await expect(register("service/hero365-cluster/hero365-frontend", 3)).rejects.toThrow(/ObjectNotFoundException/);
  });

  it("sets the desired count of a service without a scalable target, and queues follow-ups", async () => {
    const { services, sent, hooks } = setup();
    const executors = simExecutors(hooks, []);
    await executors["ecs.UpdateService"]?.({
      type: "ecs.UpdateService",
      cluster: "hero365-cluster",
      service: "hero365-frontend",
      desiredCount: 4,
    });
    expect(services.frontend.desired).toBe(4);
    const followUp = {
      kind: "hero365.follow-up" as const,
      functionName: "scale-ecs",
      alarmName: "hero365-prod-cpu-high-backend",
      episodeKey: "k",
      step: 2,
      dueAt: "2026-11-27T09:05:00Z",
    };
    await expect(
      executors["sqs.SendMessage"]?.({
        type: "sqs.SendMessage",
        queue: "followUps",
        body: followUp,
        delaySeconds: 300,
      }),
    ).resolves.toEqual({ messageId: "m-1" });
    expect(sent).toHaveLength(1);
  });

  it("records an effect it does not model as a notification, answers like the API, and survives being copied", async () => {
    const { notes, hooks } = setup();
    const executors = { ...simExecutors(hooks, ["pagerduty.trigger", "github.issues.create"]) };
    const page = { type: "pagerduty.trigger", dedupKey: "hero365#k", summary: "5xx above 1 %", reason: "page" };
    const applied = await applyEffects([page as unknown as PlannedEffect], { executors, dryRun: false });
    expect(applied[0]).toMatchObject({ status: "applied", output: { ok: true, dedup_key: "hero365#k" } });
    const issue = { type: "github.issues.create", title: "Upgrade Supabase", reason: "ticket" };
    const output = (await applyEffects([issue as unknown as PlannedEffect], { executors, dryRun: false }))[0]?.output;
    // Opening a ticket answers what production's guarded GitHub executor answers: the issue's ref and link.
    expect(output).toEqual({ ref: "1", url: "https://example.invalid/simulated/issues/1" });
    expect(notes).toEqual([
      expect.objectContaining({
        category: "notification",
        channel: "pagerduty",
        text: "pagerduty.trigger: 5xx above 1 %",
      }),
      expect.objectContaining({
        category: "notification",
        channel: "github",
        text: "github.issues.create: Upgrade Supabase",
      }),
    ]);
  });

  it("models every registered effect type or says why recording it is faithful", async () => {
    const { hooks } = setup();
    const types = await registeredEffectTypes();
    const recorded = new Set(Object.keys(RECORD_ONLY));
    const modeled = new Set(Object.keys(simExecutors(hooks, [])));
    // The ticket openers are modelled only where registered: through the real ledger.
    for (const opener of ["github.issues.create", "webhook.post"]) modeled.add(opener);
    expect(types.filter((t) => !recorded.has(t) && !modeled.has(t))).toEqual([]);
    expect([...recorded].filter((t) => modeled.has(t))).toEqual([]);
    expect([...recorded].filter((t) => !types.includes(t))).toEqual([]);
    for (const why of Object.values(RECORD_ONLY)) expect(why.length).toBeGreaterThan(20);
  });

  it("opens a ticket through the ledger: the second opening of the same generation loses the race", async () => {
    const { store, hooks } = setup();
    const tickets = new SimTickets();
    const executors = simExecutors(hooks, ["github.issues.create"], tickets);
    const subject = { projectRef: "hero365prodprojectrf", reason: "db-connections-high" };
    const issue = {
      type: "github.issues.create" as const,
      owner: "hero365",
      repo: "ops",
      title: "Upgrade Supabase",
      body: "b",
      labels: [],
      ticket: { subject, generation: 1, transition: "t1" },
    };
    await expect(executors["github.issues.create"]?.(issue)).resolves.toMatchObject({ ref: "1" });
    await expect(executors["github.issues.create"]?.(issue)).rejects.toMatchObject({ name: "TicketRaceError" });
    const ledger = await store.get(`TICKET#${subject.projectRef}#${subject.reason}`, "CURRENT");
    expect(ledger).toMatchObject({ generation: 1, ref: "1", openedBy: "t1" });
    expect(await tickets.tracker.state("1")).toBe("open");
    expect(await tickets.tracker.state("2")).toBe("closed");
  });
});
