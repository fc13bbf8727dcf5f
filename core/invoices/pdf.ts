/**
 * Renders an invoice to PDF bytes: pdf-lib for the document (pages, standard fonts, metadata, cross-reference
 * table), the page content written directly (content-stream.ts) and compressed with Node's zlib. Chosen in
 * bench/invoices.ts over pdf-lib's drawText and over pdfkit: fastest, and half pdfkit's bundle with no font
 * files to ship. Standard Helvetica, so nothing is embedded and a 20-line invoice is a few KB. The same
 * document and instant give the same bytes.
 */
import { deflateSync } from "node:zlib";
import { PDFDocument, type PDFFont, StandardFonts } from "pdf-lib";
import { pageContent } from "./content-stream.js";
import { type FontName, layoutInvoice } from "./layout.js";
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
  for (const { ops } of layout.pages) {
    const page = pdf.addPage([layout.width, layout.height]).node;
    const names = {
      regular: page.newFontDictionary("F1", fonts.regular.ref).toString(),
      bold: page.newFontDictionary("F2", fonts.bold.ref).toString(),
    };
    const content = Buffer.from(pageContent(ops, { height: layout.height, fonts: names }), "latin1");
    page.addContentStream(pdf.context.register(pdf.context.stream(deflateSync(content), { Filter: "FlateDecode" })));
  }
  pdf.setTitle(layout.title);
  pdf.setAuthor(layout.author);
  pdf.setSubject(layout.subject);
  pdf.setCreator("hero365");
  pdf.setProducer(PDF_PRODUCER);
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  return pdf.save({ useObjectStreams: false });
}
