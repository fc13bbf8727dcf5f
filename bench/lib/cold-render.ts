/**
 * One cold start, as a fresh Lambda container has it: evaluate the renderer's bundle, render the first invoice
 * (`latin` or `japanese`, 20 lines), then a Latin one. Prints milliseconds since the process started
 * (`performance.now()`), the bundle's evaluation included. Run by bench/invoices.ts from an esbuild bundle
 * of this file, with INVOICE_FONTS_DIR pointing at the copied faces as in Lambda.
 */
import { renderInvoice } from "../../core/invoices/pdf.js";
import { invoiceDocument, lineItems, sampleDocument } from "../../test/support/invoice-documents.js";

const AT = new Date("2026-11-27T16:06:30Z");
const first = process.argv[2] === "japanese" ? "japanese" : "latin";
const latin = invoiceDocument({ lines: lineItems(20) });
const loaded = performance.now();
// The samples' folder is the third argument: the bundle does not know where it came from.
const samples = process.argv[3] ?? "events/invoices";
const rendered = await renderInvoice(first === "japanese" ? sampleDocument("japanese", 20, samples) : latin, AT);
const firstDone = performance.now();
await renderInvoice(latin, AT);
const latinDone = performance.now();
process.stdout.write(
  `${JSON.stringify({
    first,
    evaluatedMs: loaded,
    firstPdfMs: firstDone,
    thenLatinMs: latinDone - firstDone,
    fonts: rendered.fonts,
  })}\n`,
);
