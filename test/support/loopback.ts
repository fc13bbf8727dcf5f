/**
 * The integration tests' loopback stand: a file names the servers it needs, they start before its tests and
 * stop after them. Dynalite for the state table, the Slack and PagerDuty fakes (http-fakes.ts), one server
 * standing in for every secret-bearing API (api-stand-ins.ts), an SSM stand-in, and an AWS endpoint that
 * misbehaves (fault-server.ts); all on 127.0.0.1, all in this process.
 *
 * @example
 * const servers = useLoopback({ dynamo: true, slack: true });
 * it("…", async () => { await servers.dynamo.createTable("state"); … servers.slack.calls("chat.update") … });
 */
import { afterAll, beforeAll } from "vitest";
import { type StandIns, startStandIns } from "./api-stand-ins.js";
import { type LocalDynamo, startDynalite } from "./dynalite.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";
import { type FakePagerDuty, type FakeSlack, fakePagerDuty, fakeSlack } from "./http-fakes.js";
import { type SsmStandIn, startSsmStandIn } from "./ssm-stand-in.js";

const STARTERS = {
  dynamo: startDynalite,
  slack: fakeSlack,
  pagerduty: fakePagerDuty,
  standIns: startStandIns,
  ssm: startSsmStandIn,
  faults: startFaultServer,
} satisfies Record<string, () => Promise<{ close(): Promise<void> }>>;

export interface LoopbackServers {
  dynamo: LocalDynamo;
  slack: FakeSlack;
  pagerduty: FakePagerDuty;
  standIns: StandIns;
  ssm: SsmStandIn;
  faults: FaultServer;
}

export type LoopbackRequest = Partial<Record<keyof LoopbackServers, true>>;

/** The servers a file asked for, set once its `beforeAll` hooks have run. */
export type Loopback<R extends LoopbackRequest> = Pick<LoopbackServers, keyof R & keyof LoopbackServers>;

/**
 * Starts the requested servers in a `beforeAll` and closes them in an `afterAll`. Call it at the top of the file,
 * before the file's own hooks: its `beforeAll` then runs first and its `afterAll` last.
 */
export function useLoopback<R extends LoopbackRequest>(request: R): Loopback<R> {
  const names = (Object.keys(request) as (keyof LoopbackServers)[]).filter((name) => request[name]);
  const servers: Partial<LoopbackServers> = {};
  beforeAll(async () => {
    const started = await Promise.all(names.map((name) => STARTERS[name]()));
    for (const [i, name] of names.entries()) Object.assign(servers, { [name]: started[i] });
  });
  afterAll(async () => {
    await Promise.all(names.map((name) => servers[name]?.close()));
  });
  return servers as Loopback<R>;
}
