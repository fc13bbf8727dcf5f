import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres.js";

let db: TestDatabase;
// The level a person running invoke sees (the test environment silences logs).
const invoke = (args: string[], env: NodeJS.ProcessEnv = { SST_Secret_value_SUPABASE_DB_URL: db.url }) =>
  runScript("invoke.ts", args, { POWERTOOLS_LOG_LEVEL: "WARN", ...env });

beforeAll(async () => {
  db = await createTestDatabase("invoke");
  await db.sql.unsafe(await readFile(path.join(ROOT, "supabase/seed.sql"), "utf8"));
});
afterAll(() => db?.drop());

describe("npm run invoke for the invoice functions (dry-run, against a database seeded with supabase/seed.sql)", () => {
  it("renders the seed invoice for the mixed sample batch, records its effects and reports the three bad records", async () => {
    const { code, json, stderr } = await invoke(["invoice-worker", fixturePath("sqs/invoices.mixed-batch")]);

    expect(code).toBe(0);
    expect(json).toMatchObject({ function: "invoice-worker", ok: true });
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual(["s3.PutObject", "postgres.invoices.update"]);
    expect(json.effects[0]).toMatchObject({
      key: "invoices/b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45/3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e.pdf",
      body: { bytes: expect.any(Number) },
    });
    expect(json.effects[0].body.bytes).toBeGreaterThan(1000);
    expect(json.result.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier).sort()).toEqual([
      "7d8e9f0a-1b2c-4d3e-9f4a-5b6c7d8e9f0a",
      "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
      "f0e1d2c3-b4a5-4968-8776-655443322110",
    ]);
    expect(stderr).toMatch(
      /effect s3\.PutObject invoices\/\S+\.pdf in bucket invoices \(application\/pdf, \d+ bytes\)/,
    );
    expect(stderr).toContain('unknown action \\"send_reminder\\"');
    // The summary gives each failed record's own error, not only its id.
    expect(stderr).toContain("\n  failed records: 3\n");
    expect(stderr).toMatch(/\n {4}7d8e9f0a-1b2c-4d3e-9f4a-5b6c7d8e9f0a: InvalidEventError: .*send_reminder/);
    expect(stderr).toMatch(/\n {4}f0e1d2c3-b4a5-4968-8776-655443322110: InvalidEventError: .*not JSON/);
    expect(stderr).toMatch(/\n {4}a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d: \w+Error: /);
    const [row] = await db.sql`select pdf_key from public.invoices where invoice_number = 'INV-2026-0042'`;
    expect(row).toEqual({ pdf_key: null });
  });

  it("fails clearly, naming the variable to set, when no database is given", async () => {
    const { code, json, stderr } = await invoke(["invoice-worker", fixturePath("sqs/invoices.generate-pdf")], {
      SST_Secret_value_SUPABASE_DB_URL: "",
    });

    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, error: { name: "ConfigurationError" } });
    expect(json.error.message).toContain("export SST_Secret_value_SUPABASE_DB_URL=");
    expect(stderr).toContain("failed: ConfigurationError");
  });

  it("finds the seed invoice with the sweep and plans its job again", async () => {
    const { code, json } = await invoke(["invoice-sweep", fixturePath("cron/invoice-sweep")]);

    expect(code).toBe(0);
    expect(json.effects).toEqual([
      expect.objectContaining({
        type: "sqs.SendMessageBatch",
        queue: "invoices",
        entries: [
          {
            id: "invoice-0",
            body: {
              invoiceId: "3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e",
              businessId: "b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45",
              action: "generate_pdf",
            },
          },
        ],
      }),
    ]);
  });
});
