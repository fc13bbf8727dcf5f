import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ACTION_NAMES,
  ACTIONS,
  FOLLOW_UP_FUNCTIONS,
  followUpQueueEnv,
  handlerFile,
  REGISTERED_FUNCTIONS,
  type ResourceRef,
  WORKERS,
} from "../../core/actions/index.js";
import { stageConfig } from "../../core/config/index.js";
import { MATRIX, ROWS } from "../../core/matrix/rows.js";
import { FOLLOW_UP_QUEUE_ENV } from "../../core/reconcile/spec.js";
import type { CoreResources } from "../../stacks/Core.js";
import { stageResources } from "../../stacks/lib/resources.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("the action registry", () => {
  it.each(REGISTERED_FUNCTIONS.map((spec) => [spec.functionName, spec] as const))(
    "%s: its function is a file of functions/ exporting a handler",
    (_, spec) => {
      const file = path.join(ROOT, handlerFile(spec));
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, "utf8")).toMatch(/export const handler\b/);
    },
  );

  it.each(REGISTERED_FUNCTIONS.map((spec) => [spec.functionName, spec] as const))(
    "%s: its planner is a function exported by a core/ module",
    async (_, spec) => {
      expect(spec.planner.file).toMatch(/^core\//);
      const mod = (await import(pathToFileURL(path.join(ROOT, spec.planner.file)).href)) as Record<string, unknown>;
      expect(typeof mod[spec.planner.export]).toBe("function");
    },
  );

  it("registers every action under its own name, one function each, and every row names one of them", () => {
    for (const name of ACTION_NAMES) expect(ACTIONS[name].name).toBe(name);
    const functions = REGISTERED_FUNCTIONS.map((spec) => spec.functionName);
    expect(new Set(functions).size).toBe(functions.length);
    expect(ROWS.every((row) => ACTION_NAMES.includes(row.action))).toBe(true);
  });

  it("gives every action a row, so no registered function waits for alarms that do not exist", () => {
    expect(new Set(ROWS.map((row) => row.action))).toEqual(new Set(ACTION_NAMES));
  });

  it("names the follow-up queues of the actions that send follow-ups, for the reconciler", () => {
    expect(FOLLOW_UP_FUNCTIONS).toEqual(["scale-ecs", "page-oncall"]);
    expect(FOLLOW_UP_QUEUE_ENV).toEqual({
      "scale-ecs": "SCALE_ECS_FOLLOW_UP_QUEUE_URL",
      "page-oncall": "PAGE_ONCALL_FOLLOW_UP_QUEUE_URL",
    });
    expect(followUpQueueEnv("queue-depth")).toBe("QUEUE_DEPTH_FOLLOW_UP_QUEUE_URL");
  });

  it("keeps the workers out of the actions a row may name", () => {
    for (const worker of Object.keys(WORKERS)) expect(ACTION_NAMES).not.toContain(worker);
  });
});

describe("every permission resource resolves in the stacks", () => {
  // Only what stageResources reads: the stack's account and region, and the Core stack's ARNs.
  const stack = { account: "123456789012", region: "us-east-1" } as Parameters<typeof stageResources>[0];
  const core = (stage: string) =>
    ({
      config: stageConfig(stage),
      state: { tableArn: "arn:table" },
      alerts: { topicArn: "arn:alerts" },
      onCall: { topicArn: "arn:oncall" },
    }) as unknown as CoreResources;
  const killSwitch = { parameterName: "/hero365/prod/kill-switch", parameterArn: "arn:kill-switch" };
  /** What alarmReaction adds per function: its rows' alarms, and its follow-up queue when it has one. */
  const perFunction: readonly ResourceRef[] = ["rowAlarms", "followUpQueue", "any"];

  it.each(ACTION_NAMES)("%s", (name) => {
    const resolved = stageResources(stack, core("prod"), { killSwitch });
    const spec = ACTIONS[name];
    const named = spec.permissions.flatMap((p) => p.resources);
    const unresolved = named.filter((ref) => !perFunction.includes(ref) && !resolved[ref]?.length);
    expect(unresolved).toEqual([]);
    if (named.includes("followUpQueue")) expect(spec.followUps).toBe(true);
  });
});

describe("matrix rows are checked against their action", () => {
  it("loads every row of the matrix", () => {
    expect(ROWS.map((row) => row.id)).toEqual(Object.keys(MATRIX));
  });
});
