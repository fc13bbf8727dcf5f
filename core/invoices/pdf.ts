/**
 * Renders an invoice to PDF bytes with pdf-lib (chosen over pdfkit in bench/invoices.ts: as fast, half the
 * bundle, and no font files to ship beside the bundle). Standard Helvetica, so nothing is embedded and a
 * 20-line invoice is a few KB. The same document and instant give the same bytes.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { type FontName, type InvoiceLayout, layoutInvoice } from "./layout.js";
import type { InvoiceDocument } from "./model.js";

export const PDF_PRODUCER = "hero365 invoice-worker (pdf-lib)";

/**
 * The invoice as a PDF; `at` is its creation date.
 * @example (await renderInvoicePdf(document, now)).subarray(0, 5) // "%PDF-"
 */
export async function renderInvoicePdf(document: InvoiceDocument, at: Date): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: Record<FontName, PDFFont> = {
    regular: pdf.embedStandardFont(StandardFonts.Helvetica),
    bold: pdf.embedStandardFont(StandardFonts.HelveticaBold),
  };
  const layout = layoutInvoice(document, { widthOf: (text, font, size) => fonts[font].widthOfTextAtSize(text, size) });
  for (const page of layout.pages) paint(pdf.addPage([layout.width, layout.height]), page.ops, fonts, layout);
  pdf.setTitle(layout.title);
  pdf.setAuthor(layout.author);
  pdf.setSubject(layout.subject);
  pdf.setCreator("hero365");
  pdf.setProducer(PDF_PRODUCER);
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  return pdf.save({ useObjectStreams: false });
}

function paint(
  page: PDFPage,
  ops: InvoiceLayout["pages"][number]["ops"],
  fonts: Record<FontName, PDFFont>,
  layout: InvoiceLayout,
): void {
  const top = (y: number) => layout.height - y;
  for (const op of ops) {
    if (op.kind === "text") {
      page.drawText(op.text, { x: op.x, y: top(op.y), size: op.size, font: fonts[op.font], color: rgb(...op.color) });
    } else if (op.kind === "line") {
      page.drawLine({
        start: { x: op.x1, y: top(op.y1) },
        end: { x: op.x2, y: top(op.y2) },
        thickness: op.width,
        color: rgb(...op.color),
      });
    } else {
      page.drawRectangle({
        x: op.x,
        y: top(op.y + op.height),
        width: op.width,
        height: op.height,
        color: rgb(...op.color),
      });
    }
  }
}
