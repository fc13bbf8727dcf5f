/** Invoices to render: realistic businesses, customers and line items, any number of lines. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { invoiceDocumentOf } from "../../core/invoices/document-file.js";
import { lineAmount } from "../../core/invoices/format.js";
import type { InvoiceDocument, LineItem } from "../../core/invoices/model.js";
import { InvoiceFileSchema } from "../../events/schemas/invoice-document.js";

export const BUSINESS_ID = "b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45";
export const INVOICE_ID = "3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e";

const WORK = [
  ["Emergency call-out, after hours", "1", 14500],
  ["Replace kitchen mixer tap (supplied by customer)", "1", 8900],
  ["Copper pipe 15 mm, per metre", "4.5", 1275],
  ["Labour, licensed plumber, per hour", "3.25", 9500],
  ["Pressure test of the hot-water system and report with photos of every joint inspected", "1", 12000],
  ["Compression fittings", "12", 385],
  ["Disposal of old fixtures", "1", 4500],
  ["Thermostatic radiator valve", "2", 3150],
] as const;

/** `count` line items cycling through a plumber's usual work, each with its position. */
export function lineItems(count: number, taxRate = 0.0825): LineItem[] {
  return Array.from({ length: count }, (_, i) => {
    const [description, quantity, unitPriceCents] = WORK[i % WORK.length]!;
    return { position: i + 1, description, quantity, unitPriceCents, taxRate };
  });
}

/** Subtotal, tax (rounded per line) and total of some lines, in minor units. */
export function totalsOf(lines: readonly LineItem[]) {
  const subtotalCents = lines.reduce((sum, l) => sum + lineAmount(l.quantity, l.unitPriceCents), 0);
  const taxCents = lines.reduce((sum, l) => sum + Math.round(lineAmount(l.quantity, l.unitPriceCents) * l.taxRate), 0);
  return { subtotalCents, taxCents, totalCents: subtotalCents + taxCents };
}

export function invoiceDocument(
  overrides: {
    lines?: LineItem[];
    currency?: string;
    locale?: string;
    totals?: { subtotalCents: number; taxCents: number; totalCents: number };
    invoiceNumber?: string;
    customerName?: string;
    status?: InvoiceDocument["invoice"]["status"];
  } = {},
): InvoiceDocument {
  const lines = overrides.lines ?? lineItems(20);
  const totals = overrides.totals ?? totalsOf(lines);
  return {
    business: {
      id: BUSINESS_ID,
      name: "Acme Plumbing & Heating",
      legalName: "Acme Plumbing & Heating LLC",
      address: "1200 Market Street, Suite 400\nSan Francisco, CA 94103",
      email: "billing@acme-plumbing.example",
      taxId: "94-1234567",
      locale: overrides.locale ?? "en-US",
    },
    invoice: {
      id: INVOICE_ID,
      businessId: BUSINESS_ID,
      invoiceNumber: overrides.invoiceNumber ?? "INV-2026-0042",
      customerName: overrides.customerName ?? "Maria Alvarez",
      customerEmail: "maria.alvarez@example.com",
      customerAddress: "77 Valencia Street\nSan Francisco, CA 94110",
      status: overrides.status ?? "finalized",
      currency: overrides.currency ?? "USD",
      ...totals,
      issuedAt: new Date("2026-11-27T00:00:00Z"),
      dueAt: new Date("2026-12-27T00:00:00Z"),
      version: 3,
      pdfKey: null,
      pdfGeneratedAt: null,
      pdfVersion: null,
      updatedAt: new Date("2026-11-27T16:05:51.902Z"),
    },
    lines,
  };
}

/** Writes a document's business (if new), invoice and line items; returns the invoice's version after it. */
export async function insertDocument(sql: import("postgres").Sql, document: InvoiceDocument): Promise<number> {
  const { business: b, invoice: i, lines } = document;
  await sql`
    insert into public.businesses (id, user_id, name, legal_name, address, email, tax_id, locale)
    values (${b.id}, ${"5d1e6f2a-7b3c-4d8e-9f0a-1b2c3d4e5f60"}, ${b.name}, ${b.legalName}, ${b.address}, ${b.email},
            ${b.taxId}, ${b.locale})
    on conflict (id) do nothing`;
  await sql`
    insert into public.invoices (id, business_id, invoice_number, customer_name, customer_email, customer_address,
                                 status, currency, subtotal_cents, tax_cents, total_cents, issued_at, due_at)
    values (${i.id}, ${i.businessId}, ${i.invoiceNumber}, ${i.customerName}, ${i.customerEmail},
            ${i.customerAddress}, ${i.status}, ${i.currency}, ${i.subtotalCents}, ${i.taxCents}, ${i.totalCents},
            ${i.issuedAt}, ${i.dueAt})`;
  for (const line of lines) {
    await sql`
      insert into public.invoice_line_items (invoice_id, position, description, quantity, unit_price_cents, tax_rate)
      values (${i.id}, ${line.position}, ${line.description}, ${line.quantity}, ${line.unitPriceCents}, ${line.taxRate})`;
  }
  const [row] = await sql<{ version: number }[]>`select version from public.invoices where id = ${i.id}`;
  return row!.version;
}

const SAMPLES = path.join(import.meta.dirname, "../../events/invoices");

/**
 * A sample of events/invoices/ (`japanese`, `arabic`, ...) as a document with `count` lines, its items repeated:
 * the same amount of text as `invoiceDocument({ lines: lineItems(count) })`, in another script.
 */
export function sampleDocument(name: string, count: number, samples = SAMPLES): InvoiceDocument {
  const file = InvoiceFileSchema.parse(JSON.parse(readFileSync(path.join(samples, `${name}.json`), "utf8")));
  const lines = Array.from({ length: count }, (_, i) => ({ ...file.lines[i % file.lines.length]!, position: i + 1 }));
  return invoiceDocumentOf({ ...file, lines, invoice: { ...file.invoice, ...totalsOf(lines) } });
}
