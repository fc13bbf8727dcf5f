/**
 * A loopback stand-in for AWS and the outside APIs a cold reaction calls, with the same fixed latency on every
 * request (a same-region round trip): the function and its peer pay the same. DynamoDB requests go through to
 * a dynalite server (real conditional writes, so step claims behave); every other AWS operation gets a small
 * realistic success answer; Slack, PagerDuty and GitHub are answered under path prefixes like the test
 * stand-ins. Every request is recorded with its start and end, so the harness can tell calls made in parallel
 * from calls made one after another.
 */
import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  /** `DescribeAlarms`, `PutItem`, `Publish`, `POST /pagerduty/v2/enqueue` ... */
  operation: string;
  /** ms since the server started, when the request arrived and when its answer was sent. */
  start: number;
  end: number;
}

export interface AlarmState {
  value: string;
  /** ISO time of the transition. */
  since: string;
  reason?: string;
  reasonData?: string;
}

export interface AwsStandIn {
  /** Base URL for `AWS_ENDPOINT_URL` and the outside APIs' prefixes (`/slack/api`, `/pagerduty`, `/github`). */
  url: string;
  /** What DescribeAlarms answers, by alarm name (absent: the alarm does not exist). */
  alarms: Map<string, AlarmState>;
  /** States that replace those in `alarms` when the harness marks the warm invocation (`GET /__warm`). */
  warmAlarms: Map<string, AlarmState>;
  /** SSM GetParameters answers SST's secret paths (`<prefix>Secret/<NAME>/value`) from these values. */
  secrets: Map<string, string>;
  /** Takes the requests recorded since the last take. */
  take(): Recorded[];
  close(): Promise<void>;
}

export async function startAwsStandIn(opts: { latencyMs: number; dynamoUrl: string }): Promise<AwsStandIn> {
  const t0 = performance.now();
  const alarms = new Map<string, AlarmState>();
  const warmAlarms = new Map<string, AlarmState>();
  const secrets = new Map<string, string>();
  let recorded: Recorded[] = [];
  let ids = 0;
  const dynamo = new URL(opts.dynamoUrl);

  const server = createServer(async (req, res) => {
    const start = performance.now() - t0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = operationOf(req, body);
    await new Promise((resolve) => setTimeout(resolve, opts.latencyMs));
    const done = () => recorded.push({ operation, start, end: performance.now() - t0 });
    if (String(req.headers["x-amz-target"] ?? "").startsWith("DynamoDB_")) {
      const forward = httpRequest(
        { host: dynamo.hostname, port: dynamo.port, path: "/", method: "POST", headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            done();
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      forward.on("error", (error) => {
        done();
        res.writeHead(500).end(String(error));
      });
      forward.end(body);
      return;
    }
    done();
    if (operation === "GET /__warm") for (const [name, state] of warmAlarms) alarms.set(name, state);
    answer(operation, body.toString("utf8"), res, { alarms, secrets }, () => ++ids);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    alarms,
    warmAlarms,
    secrets,
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function operationOf(req: IncomingMessage, body: Buffer): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return target.split(".").pop() ?? target;
  if (String(req.headers["content-type"]).includes("x-www-form-urlencoded")) {
    return new URLSearchParams(body.toString("utf8")).get("Action") ?? "unknown";
  }
  return `${req.method} ${(req.url ?? "/").split("?")[0]}`;
}

/** The request fields the stand-in reads, across the operations it answers. */
interface AwsInput {
  AlarmNames?: string[];
  MetricDataQueries?: { Id: string }[];
  cluster?: string;
  service?: string;
  services?: string[];
  desiredCount?: number;
  ResourceIds?: string[];
  MessageBody?: string;
  Entries?: unknown[];
  Names?: string[];
}

function answer(
  operation: string,
  body: string,
  res: ServerResponse,
  { alarms, secrets }: { alarms: Map<string, AlarmState>; secrets: Map<string, string> },
  nextId: () => number,
) {
  const json = (status: number, value: unknown, type = "application/x-amz-json-1.1") => {
    res.writeHead(status, { "content-type": type });
    res.end(JSON.stringify(value));
  };
  const input = () => (body ? (JSON.parse(body) as AwsInput) : ({} as AwsInput));
  switch (operation) {
    case "DescribeAlarms": {
      const names = input().AlarmNames ?? [];
      const found = names.flatMap((name) => {
        const state = alarms.get(name);
        if (!state) return [];
        const at = Date.parse(state.since) / 1000;
        return [
          {
            AlarmName: name,
            StateValue: state.value,
            StateReason: state.reason ?? "Threshold Crossed",
            ...(state.reasonData && { StateReasonData: state.reasonData }),
            StateUpdatedTimestamp: at,
            StateTransitionedTimestamp: at,
          },
        ];
      });
      return json(200, { MetricAlarms: found, CompositeAlarms: [] }, "application/x-amz-json-1.0");
    }
    case "GetMetricData": {
      const queries = input().MetricDataQueries ?? [];
      const now = Math.floor(Date.now() / 60_000) * 60;
      const timestamps = Array.from({ length: 15 }, (_, i) => now - i * 60);
      return json(
        200,
        {
          MetricDataResults: queries.map((q, n) => ({
            Id: q.Id,
            Label: q.Id,
            StatusCode: "Complete",
            Timestamps: timestamps,
            Values: timestamps.map((_, i) => 60 + n + (15 - i)),
          })),
        },
        "application/x-amz-json-1.0",
      );
    }
    case "DescribeServices": {
      const { cluster, services = [] } = input();
      return json(200, {
        services: services.map((name) => ({
          serviceName: name,
          serviceArn: `arn:aws:ecs:us-east-1:123456789012:service/${cluster}/${name}`,
          clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${cluster}`,
          status: "ACTIVE",
          desiredCount: 2,
          runningCount: 2,
          pendingCount: 0,
          deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED", desiredCount: 2, runningCount: 2 }],
          events: [],
        })),
        failures: [],
      });
    }
    case "DescribeScalableTargets": {
      const { ResourceIds = [] } = input();
      return json(200, {
        ScalableTargets: ResourceIds.map((id) => ({
          ServiceNamespace: "ecs",
          ResourceId: id,
          ScalableDimension: "ecs:service:DesiredCount",
          MinCapacity: 2,
          MaxCapacity: 10,
          RoleARN: "arn:aws:iam::123456789012:role/aws-service-role",
          CreationTime: Date.now() / 1000 - 86_400,
        })),
      });
    }
    case "RegisterScalableTarget":
      return json(200, {
        ScalableTargetARN: `arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/${nextId()}`,
      });
    case "UpdateService": {
      const { cluster, service, desiredCount } = input();
      return json(200, { service: { serviceName: service, clusterArn: cluster, desiredCount, status: "ACTIVE" } });
    }
    case "GetParameter":
      return json(400, { __type: "ParameterNotFound", message: "parameter not found" });
    case "GetParameters": {
      const names = input().Names ?? [];
      const secretAt = (name: string) => secrets.get(/\/Secret\/(\w+)\/value$/.exec(name)?.[1] ?? "");
      return json(200, {
        Parameters: names.flatMap((Name) => {
          const Value = secretAt(Name);
          return Value === undefined ? [] : [{ Name, Value, Type: "SecureString", Version: 1 }];
        }),
        InvalidParameters: names.filter((name) => secretAt(name) === undefined),
      });
    }
    case "SendMessage":
      // The SDK checks the body's MD5 against the answer.
      return json(
        200,
        {
          MessageId: `m-${nextId()}`,
          MD5OfMessageBody: createHash("md5")
            .update(input().MessageBody ?? "")
            .digest("hex"),
        },
        "application/x-amz-json-1.0",
      );
    case "PutEvents":
      return json(200, {
        FailedEntryCount: 0,
        Entries: (input().Entries ?? []).map(() => ({ EventId: `e-${nextId()}` })),
      });
    case "StartQuery":
      return json(200, { queryId: `q-${nextId()}` });
    case "GetQueryResults":
      return json(200, { status: "Complete", results: [], statistics: { recordsMatched: 0 } });
    case "StopQuery":
      return json(200, { success: true });
    case "Publish":
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>p-${nextId()}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
      );
      return;
    default:
      return outside(operation, body, json, nextId);
  }
}

function outside(
  operation: string,
  body: string,
  json: (status: number, value: unknown, type?: string) => void,
  nextId: () => number,
) {
  const [method, path = ""] = operation.split(" ");
  // The harness's marker between the first and the warm invocation.
  if (path === "/__warm") return json(200, {}, "application/json");
  if (path.startsWith("/slack/api/")) {
    return json(200, { ok: true, channel: "C0HERO365", ts: `1795789270.${nextId()}` }, "application/json");
  }
  if (path === "/pagerduty/v2/enqueue") {
    const dedup = (JSON.parse(body) as { dedup_key?: string }).dedup_key;
    return json(202, { status: "success", message: "Event processed", dedup_key: dedup }, "application/json");
  }
  if (path.startsWith("/github/")) {
    if (method === "GET") return json(200, { number: 1, state: "open" }, "application/json");
    const number = nextId();
    return json(
      201,
      { number, html_url: `https://github.example/hero365/platform/issues/${number}` },
      "application/json",
    );
  }
  json(400, { __type: "UnknownOperationException", message: `the stand-in does not answer ${operation}` });
}
