/**
 * The other ways of painting the invoice layout, for the benchmark only: pdf-lib's drawText (one call per
 * text), pdfkit's text(), and pdfkit with the same content stream the worker writes. Same document, same
 * layout (each measured with its library's Helvetica metrics), same metadata.
 */
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import PDFKit from "pdfkit";
import { pageContent } from "../../core/invoices/content-stream.js";
import { type Color, type FontName, type InvoiceLayout, layoutInvoice } from "../../core/invoices/layout.js";
import type { InvoiceDocument } from "../../core/invoices/model.js";
import { winAnsiHex } from "../../core/invoices/winansi.js";

export async function pdfLibDrawText(document: InvoiceDocument, at: Date): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: Record<FontName, PDFFont> = {
    regular: pdf.embedStandardFont(StandardFonts.Helvetica),
    bold: pdf.embedStandardFont(StandardFonts.HelveticaBold),
  };
  const layout = layoutInvoice(document, { widthOf: (text, font, size) => fonts[font].widthOfTextAtSize(text, size) });
  const top = (y: number) => layout.height - y;
  for (const { ops } of layout.pages) {
    const page = pdf.addPage([layout.width, layout.height]);
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
  metadata(layout, at, (t, a, s) => {
    pdf.setTitle(t);
    pdf.setAuthor(a);
    pdf.setSubject(s);
    pdf.setCreationDate(at);
    pdf.setModificationDate(at);
  });
  return pdf.save({ useObjectStreams: false });
}

const PDFKIT_FONTS: Record<FontName, string> = { regular: "Helvetica", bold: "Helvetica-Bold" };
const rgb255 = (c: Color): [number, number, number] => [c[0] * 255, c[1] * 255, c[2] * 255];

function pdfkitDocument(at: Date) {
  const pdf = new PDFKit({ autoFirstPage: false, compress: true, info: { CreationDate: at, ModDate: at } });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on("error", reject);
  });
  const measure = {
    widthOf: (text: string, font: FontName, size: number) =>
      pdf.font(PDFKIT_FONTS[font]).fontSize(size).widthOfString(text),
  };
  return { pdf, done, measure };
}

export function pdfkitText(document: InvoiceDocument, at: Date): Promise<Uint8Array> {
  const { pdf, done, measure } = pdfkitDocument(at);
  const layout = layoutInvoice(document, measure);
  metadata(layout, at, (t, a, s) => Object.assign(pdf.info, { Title: t, Author: a, Subject: s }));
  for (const { ops } of layout.pages) {
    pdf.addPage({ size: [layout.width, layout.height], margin: 0 });
    for (const op of ops) {
      if (op.kind === "text") {
        pdf
          .font(PDFKIT_FONTS[op.font])
          .fontSize(op.size)
          .fillColor(rgb255(op.color))
          .text(op.text, op.x, op.y, { baseline: "alphabetic", lineBreak: false });
      } else if (op.kind === "line") {
        pdf.moveTo(op.x1, op.y1).lineTo(op.x2, op.y2).lineWidth(op.width).strokeColor(rgb255(op.color)).stroke();
      } else {
        pdf.rect(op.x, op.y, op.width, op.height).fill(rgb255(op.color));
      }
    }
  }
  pdf.end();
  return done;
}

/** pdfkit's internals the direct content needs: the font objects and the page's font resources. */
type PdfkitInternals = { _font: { id: string; ref(): unknown }; page: { fonts: Record<string, unknown> } };

export function pdfkitContentStream(document: InvoiceDocument, at: Date): Promise<Uint8Array> {
  const { pdf, done, measure } = pdfkitDocument(at);
  const layout = layoutInvoice(document, measure);
  metadata(layout, at, (t, a, s) => Object.assign(pdf.info, { Title: t, Author: a, Subject: s }));
  const internals = pdf as unknown as PdfkitInternals;
  for (const { ops } of layout.pages) {
    pdf.addPage({ size: [layout.width, layout.height], margin: 0 });
    const names = {} as Record<FontName, string>;
    for (const font of ["regular", "bold"] as const) {
      pdf.font(PDFKIT_FONTS[font]);
      internals.page.fonts[internals._font.id] = internals._font.ref();
      names[font] = `/${internals._font.id}`;
    }
    const encode = (text: string, font: FontName) => [{ font: names[font], hex: winAnsiHex(text) }];
    pdf.addContent(pageContent(ops, { height: layout.height, encode }));
  }
  pdf.end();
  return done;
}

function metadata(layout: InvoiceLayout, _at: Date, set: (title: string, author: string, subject: string) => void) {
  set(layout.title, layout.author, layout.subject);
}
