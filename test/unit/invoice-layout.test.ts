import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { A4, type DrawOp, layoutInvoice, type TextMeasure, wrap } from "../../core/invoices/layout.js";
import { invoiceDocument, lineItems } from "../support/invoice-documents.js";

/** Helvetica's real metrics, as the painter measures them. */
let measure: TextMeasure;
beforeAll(async () => {
  const pdf = await PDFDocument.create();
  const regular = pdf.embedStandardFont(StandardFonts.Helvetica);
  const bold = pdf.embedStandardFont(StandardFonts.HelveticaBold);
  measure = { widthOf: (text, font, size) => (font === "bold" ? bold : regular).widthOfTextAtSize(text, size) };
});
const texts = (ops: DrawOp[]) => ops.flatMap((op) => (op.kind === "text" ? [op] : []));

describe("the invoice layout", () => {
  it("puts a 20-line invoice on one A4 page, with a footer", () => {
    const layout = layoutInvoice(invoiceDocument({ lines: lineItems(20) }), measure);
    expect(layout).toMatchObject({ width: A4.width, height: A4.height });
    expect(layout.pages).toHaveLength(1);
    expect(texts(layout.pages[0]!.ops).map((t) => t.text)).toContain("INV-2026-0042 · Page 1 of 1");
  });

  it("continues long invoices on more pages, repeating the table header, with the totals once at the end", () => {
    const layout = layoutInvoice(invoiceDocument({ lines: lineItems(90) }), measure);
    expect(layout.pages.length).toBeGreaterThanOrEqual(3);
    layout.pages.forEach((page, i) => {
      const words = texts(page.ops).map((t) => t.text);
      expect(words).toContain(`INV-2026-0042 · Page ${i + 1} of ${layout.pages.length}`);
      expect(words).toContain("Description");
      if (i > 0) expect(words).toContain("Invoice INV-2026-0042 (continued)");
    });
    const totals = layout.pages.map((page) => texts(page.ops).filter((t) => t.text === "Total").length);
    expect(totals.at(-1)).toBe(1);
    expect(totals.reduce((a, b) => a + b)).toBe(1);
    const positions = layout.pages.flatMap((p) => texts(p.ops).filter((t) => t.x === 50 && /^\d+$/.test(t.text)));
    expect(positions.map((t) => Number(t.text))).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
  });

  it("keeps every mark inside the page margins and the content above the footer", () => {
    const layout = layoutInvoice(invoiceDocument({ lines: lineItems(90) }), measure);
    for (const page of layout.pages) {
      for (const op of texts(page.ops)) {
        expect(op.x).toBeGreaterThanOrEqual(45);
        expect(op.x + measure.widthOf(op.text, op.font, op.size)).toBeLessThanOrEqual(A4.width - 45);
        expect(op.y).toBeGreaterThan(40);
        expect(op.y).toBeLessThan(A4.height - 20);
        if (!op.text.includes("· Page")) expect(op.y).toBeLessThanOrEqual(A4.height - 72);
      }
    }
  });

  it("wraps a long description within its column and shortens an over-long business name", () => {
    const long = "Pressure test of the hot-water system and report with photos of every joint inspected on site";
    const document = invoiceDocument({ lines: [{ ...lineItems(1)[0]!, description: long }] });
    document.business.name =
      "The Extraordinarily Long-Named Plumbing, Heating & Air Conditioning Company of Northern California";
    const ops = texts(layoutInvoice(document, measure).pages[0]!.ops);
    const parts = ops.filter((t) => t.x === 74 && t.text !== "Description");
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((t) => t.text).join(" ")).toBe(long);
    const name = ops.find((t) => t.size === 18)!;
    expect(name.text.endsWith("…")).toBe(true);
    expect(measure.widthOf(name.text, "bold", 18)).toBeLessThanOrEqual(A4.width - 100 - 180);
  });

  it("shows Paid on a paid invoice and leaves out facts it does not have", () => {
    const document = invoiceDocument({ status: "paid" });
    document.invoice.dueAt = null;
    const words = texts(layoutInvoice(document, measure).pages[0]!.ops).map((t) => t.text);
    expect(words).toContain("Paid");
    expect(words).not.toContain("Due date");
  });
});

describe("word wrap", () => {
  const width = (s: string) => s.length;
  it("breaks between words and cuts a word wider than the column", () => {
    expect(wrap("aaa bbb ccc", 7, width)).toEqual(["aaa bbb", "ccc"]);
    expect(wrap("abcdefghij", 4, width)).toEqual(["abcd", "efgh", "ij"]);
    expect(wrap("", 4, width)).toEqual([""]);
  });
});
