/**
 * A function with one bound secret (the webhook ingest's) reads it with one GetParameters of its own and its
 * fallback path, without loading `sst/node/config`: against a loopback SSM stand-in, through the deployed
 * reader. An unset or failed read is not kept: the next invocation reads again.
 */
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SecretNotSetError } from "../../core/kernel/errors.js";
import { sstSecrets } from "../../functions/lib/sst-secrets.js";
import { type SsmStandIn, startSsmStandIn } from "../support/ssm-stand-in.js";

const PREFIX = "/sst/hero365-scaling/prod/";
const OWN = `${PREFIX}Secret/SUPABASE_WEBHOOK_SECRET/value`;
const FALLBACK = "/sst/hero365-scaling/.fallback/Secret/SUPABASE_WEBHOOK_SECRET/value";
const env = {
  SST_APP: "hero365-scaling",
  SST_SSM_PREFIX: PREFIX,
  SST_Secret_value_SUPABASE_WEBHOOK_SECRET: "__FETCH_FROM_SSM__",
};
let ssm: SsmStandIn;
let client: SSMClient;

beforeAll(async () => {
  ssm = await startSsmStandIn();
  client = new SSMClient({
    endpoint: ssm.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await ssm.close();
});
beforeEach(() => {
  ssm.parameters.clear();
  ssm.requests.length = 0;
});

const secrets = (missing: string[] = []) =>
  sstSecrets({ stage: "prod", env, ssm: () => client, prefetch: true, onMissing: (name) => void missing.push(name) });

describe("one bound secret", () => {
  it("is read once, own and fallback path in one request, started before anyone asks (prefetch)", async () => {
    ssm.parameters.set(OWN, "whsec_own");
    const secret = secrets();
    // Nobody has asked yet: the read is already on its way.
    await vi.waitFor(() => expect(ssm.requests).toEqual([[OWN, FALLBACK]]), { timeout: 5000 });
    expect(await secret("SUPABASE_WEBHOOK_SECRET")).toBe("whsec_own");
    expect(await secret("SUPABASE_WEBHOOK_SECRET")).toBe("whsec_own");
    expect(ssm.requests).toHaveLength(1);
  });

  it("falls back to the app-wide value, as sst/node/config does", async () => {
    ssm.parameters.set(FALLBACK, "whsec_fallback");
    expect(await secrets()("SUPABASE_WEBHOOK_SECRET")).toBe("whsec_fallback");
  });

  it("unset: SecretNotSetError and counted; set afterwards: the next invocation reads it", async () => {
    const missing: string[] = [];
    const secret = secrets(missing);
    await expect(secret("SUPABASE_WEBHOOK_SECRET")).rejects.toBeInstanceOf(SecretNotSetError);
    expect(missing).toEqual(["SUPABASE_WEBHOOK_SECRET"]);
    ssm.parameters.set(OWN, "whsec_later");
    expect(await secret("SUPABASE_WEBHOOK_SECRET")).toBe("whsec_later");
    expect(ssm.requests).toHaveLength(2);
  });

  it("a failed read is not kept: SSM down, then up", async () => {
    const down = new SSMClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let current = down;
    const secret = sstSecrets({ stage: "prod", env, ssm: () => current });
    await expect(secret("SUPABASE_WEBHOOK_SECRET")).rejects.toThrow();
    current = client;
    ssm.parameters.set(OWN, "whsec_back");
    expect(await secret("SUPABASE_WEBHOOK_SECRET")).toBe("whsec_back");
    down.destroy();
  });
});
