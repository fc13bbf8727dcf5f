import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { awsDiagnostics } from "../../core/adapters/aws/aws-diagnostics.js";
import { cloudWatchAlarmReader } from "../../core/adapters/aws/cloudwatch-alarms.js";
import { ecsServiceStateReader } from "../../core/adapters/aws/ecs.js";
import { ssmKillSwitch } from "../../core/adapters/aws/ssm-kill-switch.js";
import { testConfig } from "../support/config.js";

const ecs = mockClient(ECSClient);
const aas = mockClient(ApplicationAutoScalingClient);
const cloudwatch = mockClient(CloudWatchClient);
const ssm = mockClient(SSMClient);
const config = testConfig("prod");
const NOW = new Date("2026-11-27T03:20:00Z");

beforeEach(() => {
  ecs.reset();
  aas.reset();
  cloudwatch.reset();
  ssm.reset();
});

const service = {
  desiredCount: 4,
  runningCount: 3,
  pendingCount: 1,
  deployments: [
    {
      id: "ecs-svc/2",
      status: "PRIMARY",
      rolloutState: "IN_PROGRESS" as const,
      createdAt: new Date("2026-11-27T03:05:00Z"),
    },
    {
      id: "ecs-svc/1",
      status: "ACTIVE",
      rolloutState: "COMPLETED" as const,
      createdAt: new Date("2026-11-20T10:00:00Z"),
    },
  ],
  events: [
    { id: "e1", createdAt: new Date("2026-11-27T03:06:00Z"), message: "(service hero365-backend) has started 1 tasks" },
  ],
};

describe("the ECS service state reader", () => {
  it("reads counts, the rolling deployment and the AAS target with its suspended state", async () => {
    ecs
      .on(DescribeServicesCommand, { cluster: "hero365-cluster", services: ["hero365-backend"] })
      .resolves({ services: [service] });
    aas.on(DescribeScalableTargetsCommand, { ResourceIds: ["service/hero365-cluster/hero365-backend"] }).resolves({
      ScalableTargets: [
        {
          ServiceNamespace: "ecs",
          ResourceId: "service/hero365-cluster/hero365-backend",
          ScalableDimension: "ecs:service:DesiredCount",
          MinCapacity: 3,
          MaxCapacity: 15,
          RoleARN: "r",
          CreationTime: NOW,
          SuspendedState: { DynamicScalingOutSuspended: true },
        },
      ],
    });
    const state = await ecsServiceStateReader(new ECSClient({}), new ApplicationAutoScalingClient({}), config).read(
      "backend",
    );
    expect(state).toEqual({
      desiredCount: 4,
      runningCount: 3,
      pendingCount: 1,
      deploymentInProgressSince: "2026-11-27T03:05:00.000Z",
      scalableTarget: {
        minCapacity: 3,
        maxCapacity: 15,
        suspended: {
          dynamicScalingInSuspended: false,
          dynamicScalingOutSuspended: true,
          scheduledScalingSuspended: false,
        },
      },
    });
  });

  it("reports no scalable target, and fails clearly for a missing service", async () => {
    ecs.on(DescribeServicesCommand).resolvesOnce({ services: [{ ...service, deployments: [] }] });
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
    const reader = ecsServiceStateReader(new ECSClient({}), new ApplicationAutoScalingClient({}), config);
    expect((await reader.read("backend")).scalableTarget).toBeNull();
    ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] });
    await expect(reader.read("backend")).rejects.toThrow(/hero365-cluster\/hero365-backend: MISSING/);
  });
});

describe("the kill switch", () => {
  it.each([
    ["true", true],
    ["TRUE ", true],
    ["false", false],
  ])("reads %j as paused=%s on every call", async (value, paused) => {
    ssm.on(GetParameterCommand, { Name: "/hero365/prod/paused" }).resolves({ Parameter: { Value: value } });
    expect(await ssmKillSwitch(new SSMClient({}), "/hero365/prod/paused").paused()).toBe(paused);
  });

  it("runs when the parameter does not exist, and rethrows other errors", async () => {
    ssm.on(GetParameterCommand).rejectsOnce(new ParameterNotFound({ message: "nope", $metadata: {} }));
    const killSwitch = ssmKillSwitch(new SSMClient({}), "/hero365/prod/paused");
    expect(await killSwitch.paused()).toBe(false);
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    await expect(killSwitch.paused()).rejects.toThrow("Rate exceeded");
  });
});

describe("the alarm state reader", () => {
  it("maps DescribeAlarms to the event's state shape, and undefined for an unknown alarm", async () => {
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: ["a"] }).resolves({
      MetricAlarms: [
        {
          StateValue: "ALARM",
          StateReason: "r",
          StateReasonData: '{"recentDatapoints":[90]}',
          StateUpdatedTimestamp: NOW,
        },
      ],
    });
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: ["b"] }).resolves({ MetricAlarms: [] });
    const reader = cloudWatchAlarmReader(new CloudWatchClient({}));
    expect(await reader.read("a")).toEqual({
      value: "ALARM",
      reason: "r",
      reasonData: '{"recentDatapoints":[90]}',
      timestamp: NOW.toISOString(),
    });
    expect(await reader.read("b")).toBeUndefined();
  });

  it("dates the state from its last transition, not from a later reason update, and reports a composite's suppression", async () => {
    const transitioned = new Date("2026-11-27T03:15:21.310Z");
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: ["m"] }).resolves({
      MetricAlarms: [
        { StateValue: "ALARM", StateReason: "r", StateUpdatedTimestamp: NOW, StateTransitionedTimestamp: transitioned },
      ],
    });
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: ["c"] }).resolves({
      CompositeAlarms: [
        {
          StateValue: "ALARM",
          StateReason: "r",
          StateUpdatedTimestamp: NOW,
          StateTransitionedTimestamp: transitioned,
          ActionsSuppressedBy: "WaitPeriod",
          ActionsSuppressedReason: "Alarm is in WaitPeriod",
        },
      ],
    });
    const reader = cloudWatchAlarmReader(new CloudWatchClient({}));
    expect((await reader.read("m"))?.timestamp).toBe(transitioned.toISOString());
    expect(await reader.read("c")).toMatchObject({
      timestamp: transitioned.toISOString(),
      actionsSuppressedBy: "WaitPeriod",
      actionsSuppressedReason: "Alarm is in WaitPeriod",
    });
  });
});

describe("diagnostics", () => {
  it("reads the last 15 minutes of four metrics in one GetMetricData call, with ECS events and deployments", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service] });
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: "m0",
          Timestamps: [new Date("2026-11-27T03:18:00Z"), new Date("2026-11-27T03:19:00Z")],
          Values: [81, 88],
        },
        { Id: "m3", Timestamps: [new Date("2026-11-27T03:19:00Z")], Values: [2.4] },
      ],
    });
    const reader = awsDiagnostics({
      ecs: new ECSClient({}),
      cloudwatch: new CloudWatchClient({}),
      config,
      now: () => NOW,
    });
    const d = await reader.collect("backend", { metrics: ["cpu", "memory", "requests", "latencyP95"], minutes: 15 });
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    const input = cloudwatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(input?.StartTime).toEqual(new Date("2026-11-27T03:05:00Z"));
    expect(input?.MetricDataQueries?.map((q) => q.MetricStat?.Stat)).toEqual(["Average", "Average", "Sum", "p95"]);
    expect(d.recentDeployment).toBe(true);
    expect(d.events[0]?.message).toContain("has started 1 tasks");
    expect(d.metrics[0]).toEqual({
      label: "CPUUtilization",
      unit: "Percent",
      points: [
        { at: "2026-11-27T03:18:00.000Z", value: 81 },
        { at: "2026-11-27T03:19:00.000Z", value: 88 },
      ],
    });
    expect(d.metrics[1]?.points).toEqual([]);
    expect(d.metrics[3]?.points[0]?.value).toBe(2.4);
  });
});
