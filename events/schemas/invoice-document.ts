/**
 * An invoice as a file: the business, the invoice row and its line items — what the worker reads from the
 * database for one job — in JSON, for `npm run invoice` and the samples under events/invoices/. Times are ISO
 * 8601 strings; the fields the database fills in (ids, version, the PDF columns) may be left out.
 */
import * as z from "zod";

const SAMPLE_BUSINESS_ID = "b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45";
const SAMPLE_INVOICE_ID = "3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e";

const name = z.string().trim().min(1, "must not be empty").max(500);
const optional = z.string().max(2000).nullable().default(null);
const time = z.iso.datetime({ offset: true });
const minorUnits = z.number().int().min(-1e13).max(1e13);

export const LocaleSchema = z.string().refine(
  (tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  },
  { error: (issue) => `${JSON.stringify(issue.input)} is not a BCP 47 locale (en-US, ja-JP, ar-EG)` },
);

export const InvoiceFileSchema = z.strictObject({
  business: z.strictObject({
    id: z.uuid().default(SAMPLE_BUSINESS_ID),
    name,
    legalName: optional,
    address: optional,
    email: optional,
    taxId: optional,
    locale: LocaleSchema.default("en-US"),
  }),
  invoice: z.strictObject({
    id: z.uuid().default(SAMPLE_INVOICE_ID),
    invoiceNumber: name,
    customerName: name,
    customerEmail: optional,
    customerAddress: optional,
    status: z.enum(["draft", "finalized", "paid", "void"]).default("finalized"),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"),
    subtotalCents: minorUnits,
    taxCents: minorUnits,
    totalCents: minorUnits,
    issuedAt: time.nullable().default(null),
    dueAt: time.nullable().default(null),
    version: z.number().int().positive().default(1),
  }),
  lines: z
    .array(
      z.strictObject({
        position: z.number().int().positive(),
        description: name,
        quantity: z.string().regex(/^-?\d{1,9}(\.\d{1,3})?$/, 'must be a decimal with at most 3 places, e.g. "1.5"'),
        unitPriceCents: minorUnits,
        taxRate: z.number().min(0).max(1),
      }),
    )
    .min(1, "an invoice has at least one line"),
});
export type InvoiceFile = z.input<typeof InvoiceFileSchema>;
