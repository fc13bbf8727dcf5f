/**
 * Invoices in Postgres (postgres.js): the document the worker renders, read in one query (one snapshot, one
 * round trip through the pooler), the sweep's query, and the version-checked write of the PDF's key.
 */
import "../../invoices/effects.js";
import { InvoiceVersionChangedError } from "../../invoices/errors.js";
import type { InvoiceDocument, InvoiceRef, InvoiceRepository, InvoiceStatus, LineItem } from "../../invoices/model.js";
import type { Executor } from "../../kernel/ports.js";
import type { Sql } from "./postgres.js";

interface DocumentRow {
  id: string;
  business_id: string;
  invoice_number: string;
  customer_name: string;
  customer_email: string | null;
  customer_address: string | null;
  status: InvoiceStatus;
  currency: string;
  subtotal_cents: string;
  tax_cents: string;
  total_cents: string;
  issued_at: Date | null;
  due_at: Date | null;
  version: number;
  pdf_key: string | null;
  pdf_generated_at: Date | null;
  pdf_version: number | null;
  updated_at: Date;
  business_name: string;
  legal_name: string | null;
  business_address: string | null;
  business_email: string | null;
  tax_id: string | null;
  locale: string;
  lines: { position: number; description: string; quantity: string; unit_price_cents: number; tax_rate: number }[];
}

export function postgresInvoices(sql: Sql): InvoiceRepository {
  return {
    async find(invoiceId, businessId) {
      const [row] = await sql<DocumentRow[]>`
        select i.id, i.business_id, i.invoice_number, i.customer_name, i.customer_email, i.customer_address,
               i.status, i.currency, i.subtotal_cents, i.tax_cents, i.total_cents, i.issued_at, i.due_at,
               i.version, i.pdf_key, i.pdf_generated_at, i.pdf_version, i.updated_at,
               b.name as business_name, b.legal_name, b.address as business_address, b.email as business_email,
               b.tax_id, b.locale,
               coalesce((
                 select json_agg(json_build_object(
                          'position', l.position, 'description', l.description, 'quantity', l.quantity::text,
                          'unit_price_cents', l.unit_price_cents, 'tax_rate', l.tax_rate) order by l.position)
                   from public.invoice_line_items l
                  where l.invoice_id = i.id), '[]'::json) as lines
          from public.invoices i
          join public.businesses b on b.id = i.business_id
         where i.id = ${invoiceId} and i.business_id = ${businessId}`;
      return row && toDocument(row);
    },

    async needingPdf(changedBefore, limit) {
      // The predicate is the partial index's (idx_invoices_needing_pdf), so the index serves it.
      const rows = await sql<{ id: string; business_id: string; version: number; updated_at: Date }[]>`
        select id, business_id, version, updated_at
          from public.invoices
         where status = 'finalized' and pdf_version is distinct from version and updated_at < ${changedBefore}
         order by updated_at
         limit ${limit}`;
      return rows.map(
        (row): InvoiceRef => ({
          invoiceId: row.id,
          businessId: row.business_id,
          version: row.version,
          updatedAt: row.updated_at,
        }),
      );
    },
  };
}

/** `postgres.invoices.update`: throws InvoiceVersionChangedError when the row moved on (or is gone). */
export function postgresInvoiceUpdater(sql: () => Promise<Sql>): Executor<"postgres.invoices.update"> {
  return async (effect) => {
    const db = await sql();
    const updated = await db`
      update public.invoices
         set pdf_key = ${effect.set.pdfKey}, pdf_generated_at = ${effect.set.pdfGeneratedAt},
             pdf_version = ${effect.set.pdfVersion}
       where id = ${effect.invoiceId} and version = ${effect.expectedVersion}
      returning id`;
    if (updated.count === 0) throw new InvoiceVersionChangedError(effect.invoiceId, effect.expectedVersion);
    return { updated: updated.count };
  };
}

function toDocument(row: DocumentRow): InvoiceDocument {
  return {
    business: {
      id: row.business_id,
      name: row.business_name,
      legalName: row.legal_name,
      address: row.business_address,
      email: row.business_email,
      taxId: row.tax_id,
      locale: row.locale,
    },
    invoice: {
      id: row.id,
      businessId: row.business_id,
      invoiceNumber: row.invoice_number,
      customerName: row.customer_name,
      customerEmail: row.customer_email,
      customerAddress: row.customer_address,
      status: row.status,
      currency: row.currency.trim(),
      subtotalCents: minorUnits(row.subtotal_cents),
      taxCents: minorUnits(row.tax_cents),
      totalCents: minorUnits(row.total_cents),
      issuedAt: row.issued_at,
      dueAt: row.due_at,
      version: row.version,
      pdfKey: row.pdf_key,
      pdfGeneratedAt: row.pdf_generated_at,
      pdfVersion: row.pdf_version,
      updatedAt: row.updated_at,
    },
    lines: row.lines.map(
      (line): LineItem => ({
        position: line.position,
        description: line.description,
        quantity: line.quantity,
        unitPriceCents: line.unit_price_cents,
        taxRate: Number(line.tax_rate),
      }),
    ),
  };
}

/** bigint columns arrive as strings; every real amount is far below 2^53 minor units. */
function minorUnits(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${value} is beyond what an invoice can hold`);
  return n;
}
