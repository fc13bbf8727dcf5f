/** Invoices to render: realistic businesses, customers and line items, any number of lines. */
import type { InvoiceDocument, LineItem } from "../../core/invoices/model.js";

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
      subtotalCents: overrides.totals?.subtotalCents ?? 125000,
      taxCents: overrides.totals?.taxCents ?? 10313,
      totalCents: overrides.totals?.totalCents ?? 135313,
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
