import { ECSServiceException } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { triggerFromEvent } from "../../core/alarms/event.js";
import { gatherTargetDiagnostics } from "../../core/diagnostics/gather.js";
import type { DiagnosticsReader, ServiceDiagnostics } from "../../core/diagnostics/port.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { stageLoadBalancer } from "../../core/matrix/load-balancer.js";
import type { Service } from "../../core/matrix/tiers.js";
import { diagnosticsPlainText } from "../../core/notifications/diagnostics-text.js";
import { decidePageOncall } from "../../core/paging/decide.js";
import { pageOncallInput } from "../../core/paging/input.js";
import { AlarmStateChangeEventSchema } from "../../events/index.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";

const sample = (name: string) => AlarmStateChangeEventSchema.parse(fixture(`cloudwatch/${name}`));
const NOW = new Date("2026-11-27T11:01:25Z");
const OPTIONS = { metrics: ["elb5xx", "requests"] as const, minutes: 15 };

const diagnosticsOf = (service: Service, running: number): ServiceDiagnostics => ({
  service,
  desiredCount: 3,
  runningCount: running,
  pendingCount: 0,
  deployments: [],
  recentDeployment: false,
  events: [],
  metrics: [{ label: "HTTPCode_ELB_5XX_Count", unit: "Count", points: [{ at: "2026-11-27T11:00:00Z", value: 1340 }] }],
});

const throttled = () =>
  new ECSServiceException({ name: "ThrottlingException", $fault: "client", $metadata: {}, message: "Rate exceeded" });

describe("the load balancer's 5xx page on-call once", () => {
  it("pages for the load balancer with each service's diagnostics, asked once per service", async () => {
    const asked: Service[] = [];
    const reader: DiagnosticsReader = {
      async collect(service) {
        asked.push(service);
        return diagnosticsOf(service, service === "backend" ? 0 : 2);
      },
    };
    const ports = { stage: "prod", config: testConfig("prod"), store: memoryItemStore(), diagnostics: reader };
    const input = await pageOncallInput(triggerFromEvent(sample("lb-error-rate-high.alarm")), {
      ...ports,
      now: () => NOW,
    });
    const plan = decidePageOncall(input);

    expect(asked.sort()).toEqual(["backend", "frontend"]);
    expect(plan.outcome).toBe("act");
    const triggers = plan.effects.filter((e) => e.type === "pagerduty.trigger");
    expect(triggers).toHaveLength(1);
    const details = JSON.stringify(triggers[0]);
    expect(details).toContain("backend: Tasks: 0 running / 3 desired");
    expect(details).toContain("frontend: Tasks: 2 running / 3 desired");
  });

  it("still pages when one service's diagnostics fail, saying which", async () => {
    const reader: DiagnosticsReader = {
      async collect(service) {
        if (service === "frontend") throw throttled();
        return diagnosticsOf(service, 0);
      },
    };
    const diagnostics = await gatherTargetDiagnostics(reader, "alb", OPTIONS);
    expect(diagnostics).toEqual({
      services: {
        backend: diagnosticsOf("backend", 0),
        frontend: { unavailable: "ThrottlingException: Rate exceeded" },
      },
    });
    expect(diagnosticsPlainText(diagnostics, 15)).toEqual([
      "backend: Tasks: 0 running / 3 desired",
      "backend: Recent deployment (30 min): no",
      "frontend: Diagnostics unavailable: ThrottlingException: Rate exceeded",
      "Last 15 min:",
      "  backend: HTTPCode_ELB_5XX_Count: 1340",
    ]);
  });

  it("rethrows a programming error from either service's diagnostics", async () => {
    const reader: DiagnosticsReader = {
      async collect(service) {
        if (service === "frontend") throw new TypeError("x is undefined");
        return diagnosticsOf(service, 0);
      },
    };
    await expect(gatherTargetDiagnostics(reader, "alb", OPTIONS)).rejects.toBeInstanceOf(TypeError);
  });

  it("resolves the load balancer's page on OK", async () => {
    const ports = { stage: "prod", config: testConfig("prod"), store: memoryItemStore(), now: () => NOW };
    const plan = decidePageOncall(await pageOncallInput(triggerFromEvent(sample("lb-error-rate-high.ok")), ports));
    expect(plan.effects.map((e) => e.type)).toEqual([
      "pagerduty.resolve",
      "slack.chat.postMessage",
      "sns.Publish",
      "dynamodb.PutItem",
    ]);
  });
});

describe("the stage's load balancer", () => {
  it("is the one both services share", () => {
    expect(stageLoadBalancer(testConfig("prod"))).toBe("app/hero365-alb/50dc6c495c0c9188");
  });

  it("is a configuration error when the services sit behind different load balancers", () => {
    const config = structuredClone(testConfig("prod"));
    config.ecs.services.frontend.loadBalancerFullName = "app/hero365-web/0123456789abcdef";
    expect(() => stageLoadBalancer(config)).toThrow(ConfigurationError);
    expect(() => stageLoadBalancer(config)).toThrow(
      /behind 2 load balancers .*lb-error-rate-high watches one per stage/,
    );
  });
});
