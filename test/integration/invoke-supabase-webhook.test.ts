import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEvent } from "../../core/kernel/parse.js";
import { SupabaseWebhookSchema } from "../../events/index.js";
import { runScript } from "../support/cli.js";
import { fixture, fixturePath } from "../support/fixtures.js";

const invoke = (sample: string, ...args: string[]) =>
  runScript("invoke.ts", ["supabase-webhook", fixturePath(`function-url/${sample}`), ...args]);

describe("npm run invoke -- supabase-webhook <Function URL sample>", () => {
  it("verifies a signed sample with the sample secret and prints the PutEvents it would make (dry-run)", async () => {
    const { code, json, stderr } = await invoke("invoices.update-finalized.signed");

    expect(code).toBe(0);
    expect(json).toMatchObject({ function: "supabase-webhook", ok: true, result: { statusCode: 202 } });
    expect(JSON.parse(json.result.body)).toEqual({
      status: "recorded",
      webhookId: "msg_sample_invoices_update-finalized",
      detailType: "invoices.update",
    });
    const event = fixture<{ body: string }>("function-url/invoices.update-finalized.signed");
    expect(json.effects).toEqual([
      expect.objectContaining({
        type: "events.PutEvents",
        bus: "app",
        entries: [{ source: "hero365.supabase", detailType: "invoices.update", detail: event.body }],
      }),
    ]);
    expect(stderr).toContain("response: 202");
    expect(stderr).toContain("effect events.PutEvents to the app bus: hero365.supabase invoices.update");
  });

  it.each([
    ["invoices.insert.signed", 202],
    ["invoices.delete.signed", 202],
    ["invoices.update-finalized.tampered", 401],
    ["invoices.update-finalized.stale", 401],
    ["profiles.insert.signed", 422],
  ])("answers %s with %i", async (sample, status) => {
    const { code, json } = await invoke(sample);
    expect(code).toBe(0);
    expect(json.result.statusCode).toBe(status);
    expect(json.effects).toHaveLength(status === 202 ? 1 : 0);
  });

  it("carries the catalog's Supabase payloads in its signed samples", () => {
    for (const name of ["invoices.insert", "invoices.update-finalized", "invoices.delete"]) {
      const event = fixture<{ body: string }>(`function-url/${name}.signed`);
      const payload = parseEvent(SupabaseWebhookSchema, JSON.parse(event.body), name);
      expect(payload).toEqual(fixture(`supabase/${name}`));
    }
  });

  it("takes the webhook secret from the world file, so a sample signed with another secret is refused", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-"));
    const world = path.join(dir, "world.json");
    const other = `whsec_${Buffer.from("another-secret").toString("base64")}`;
    await writeFile(
      world,
      JSON.stringify({
        now: "2026-11-27T03:20:00Z",
        services: { backend: { desiredCount: 2, runningCount: 2 }, frontend: { desiredCount: 2, runningCount: 2 } },
        secrets: { SUPABASE_WEBHOOK_SECRET: other },
      }),
    );
    const { json } = await invoke("invoices.insert.signed", "--world", world);
    expect(json.result.statusCode).toBe(401);
  });
});
