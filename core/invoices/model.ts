/**
 * An invoice as the worker renders it: the row, its line items in order and the business that issues it,
 * read together (one snapshot), and the port that reads them.
 */
export type InvoiceStatus = "draft" | "finalized" | "paid" | "void";

export interface Business {
  id: string;
  name: string;
  legalName: string | null;
  address: string | null;
  email: string | null;
  taxId: string | null;
  /** BCP 47 tag for amounts and dates, e.g. `en-US`, `de-DE`. */
  locale: string;
}

export interface LineItem {
  position: number;
  description: string;
  /** Exact decimal as stored (numeric(12,3)), e.g. "1.500". */
  quantity: string;
  /** In the currency's minor unit (cents; yen for JPY). */
  unitPriceCents: number;
  /** A fraction: 0.0825 is 8.25 %. */
  taxRate: number;
}

export interface Invoice {
  id: string;
  businessId: string;
  invoiceNumber: string;
  customerName: string;
  customerEmail: string | null;
  customerAddress: string | null;
  status: InvoiceStatus;
  /** ISO 4217 code. */
  currency: string;
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  issuedAt: Date | null;
  dueAt: Date | null;
  /** Bumped by every change of the invoice or its line items, except the worker's own PDF write. */
  version: number;
  pdfKey: string | null;
  pdfGeneratedAt: Date | null;
  /** The version the current PDF was rendered from. */
  pdfVersion: number | null;
  updatedAt: Date;
}

export interface InvoiceDocument {
  business: Business;
  invoice: Invoice;
  lines: LineItem[];
}

/** An invoice the sweep found without a PDF of its current version. */
export interface InvoiceRef {
  invoiceId: string;
  businessId: string;
  version: number;
  updatedAt: Date;
}

export interface InvoiceRepository {
  /** The invoice with its lines and business, or undefined when no such invoice belongs to that business. */
  find(invoiceId: string, businessId: string): Promise<InvoiceDocument | undefined>;
  /** Finalized invoices changed before `changedBefore` whose PDF is missing or older than their version. */
  needingPdf(changedBefore: Date, limit: number): Promise<InvoiceRef[]>;
}

/** Where an invoice's PDF lives in the invoices bucket. */
export function pdfObjectKey(businessId: string, invoiceId: string): string {
  return `invoices/${businessId}/${invoiceId}.pdf`;
}
