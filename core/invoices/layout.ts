/**
 * The invoice's A4 layout, independent of the PDF library: pages of positioned text, rules and fills,
 * measured with the library's own font metrics. A painter (core/invoices/pdf.ts) draws them; the benchmark
 * paints the same layout with another library, so the two are compared on equal work.
 *
 * Coordinates are points from the page's top-left corner; a text's `y` is its baseline.
 */
import { type InvoiceFormat, invoiceFormat, lineAmount } from "./format.js";
import type { InvoiceDocument } from "./model.js";

export type FontName = "regular" | "bold";
export type Color = readonly [number, number, number];

export type DrawOp =
  | { kind: "text"; text: string; x: number; y: number; size: number; font: FontName; color: Color }
  | { kind: "line"; x1: number; y1: number; x2: number; y2: number; width: number; color: Color }
  | { kind: "rect"; x: number; y: number; width: number; height: number; color: Color };

export interface LaidOutPage {
  ops: DrawOp[];
}

export interface InvoiceLayout {
  width: number;
  height: number;
  pages: LaidOutPage[];
  title: string;
  author: string;
  subject: string;
}

export interface TextMeasure {
  widthOf(text: string, font: FontName, size: number): number;
}

export const A4 = { width: 595.28, height: 841.89 } as const;

const INK: Color = [0.13, 0.13, 0.15];
const MUTED: Color = [0.42, 0.44, 0.48];
const RULE: Color = [0.85, 0.86, 0.88];
const BAND: Color = [0.95, 0.95, 0.96];

const LEFT = 50;
const RIGHT = A4.width - 50;
const CONTENT_BOTTOM = A4.height - 72;
const FOOTER_Y = A4.height - 34;

/** Table columns: `x` is the left edge of left-aligned columns and the right edge of right-aligned ones. */
const COLUMNS = {
  position: { x: LEFT, align: "left" },
  description: { x: 74, align: "left", width: 208 },
  quantity: { x: 330, align: "right" },
  unitPrice: { x: 406, align: "right" },
  tax: { x: 456, align: "right" },
  amount: { x: RIGHT, align: "right" },
} as const;

const BODY = 9;
const LINE = 11.5;

/**
 * Lays an invoice out on as many A4 pages as its lines need; every page has a footer "Page i of n", every
 * continuation page repeats the invoice number and the table header.
 * @example layoutInvoice(document, measure).pages.length // 1 for a 20-line invoice
 */
export function layoutInvoice(document: InvoiceDocument, measure: TextMeasure): InvoiceLayout {
  const { business, invoice, lines } = document;
  const format = invoiceFormat(business.locale, invoice.currency);
  const pages: LaidOutPage[] = [];
  let ops: DrawOp[] = [];

  const width = (text: string, font: FontName, size: number) => measure.widthOf(text, font, size);
  const text = (value: string, x: number, y: number, o: { size?: number; font?: FontName; color?: Color } = {}) => {
    ops.push({
      kind: "text",
      text: value,
      x,
      y,
      size: o.size ?? BODY,
      font: o.font ?? "regular",
      color: o.color ?? INK,
    });
  };
  const textRight = (
    value: string,
    right: number,
    y: number,
    o: { size?: number; font?: FontName; color?: Color } = {},
  ) => text(value, right - width(value, o.font ?? "regular", o.size ?? BODY), y, o);
  const clip = (value: string, max: number, font: FontName, size: number) => {
    const clean = plain(value);
    if (width(clean, font, size) <= max) return clean;
    // By characters, never through a surrogate pair.
    const chars = [...clean];
    while (chars.length > 1 && width(`${chars.join("")}…`, font, size) > max) chars.pop();
    return `${chars.join("").trimEnd()}…`;
  };
  const newPage = () => {
    ops = [];
    pages.push({ ops });
  };

  // First page: who issues the invoice, the invoice's identity, who it is for.
  newPage();
  const nameWidth = RIGHT - LEFT - 180;
  text(clip(business.name, nameWidth, "bold", 18), LEFT, 74, { size: 18, font: "bold" });
  textRight("INVOICE", RIGHT, 74, { size: 20, font: "bold" });

  let left = 92;
  const issuer = [
    ...(business.legalName && business.legalName !== business.name ? [business.legalName] : []),
    ...splitLines(business.address),
    ...(business.email ? [business.email] : []),
    ...(business.taxId ? [`Tax ID: ${business.taxId}`] : []),
  ];
  for (const line of issuer) {
    text(clip(line, nameWidth, "regular", BODY), LEFT, left, { color: MUTED });
    left += 12;
  }

  let right = 100;
  const facts: [string, string][] = [
    ["Invoice number", invoice.invoiceNumber],
    ...(invoice.issuedAt ? [["Issue date", format.date(invoice.issuedAt)] as [string, string]] : []),
    ...(invoice.dueAt ? [["Due date", format.date(invoice.dueAt)] as [string, string]] : []),
    ...(invoice.status === "paid" ? [["Status", "Paid"] as [string, string]] : []),
  ];
  for (const [label, value] of facts) {
    text(label, RIGHT - 175, right, { color: MUTED });
    textRight(clip(value, 95, "bold", BODY), RIGHT, right, { font: "bold" });
    right += 13;
  }

  let y = Math.max(left, right) + 20;
  text("Bill to", LEFT, y, { size: 10, font: "bold" });
  y += 14;
  text(clip(invoice.customerName, RIGHT - LEFT, "regular", 10), LEFT, y, { size: 10 });
  for (const line of [
    ...(invoice.customerEmail ? [invoice.customerEmail] : []),
    ...splitLines(invoice.customerAddress),
  ]) {
    y += 12;
    text(clip(line, RIGHT - LEFT, "regular", BODY), LEFT, y, { color: MUTED });
  }

  const tableHeader = (top: number) => {
    ops.push({ kind: "rect", x: LEFT - 4, y: top, width: RIGHT - LEFT + 8, height: 18, color: BAND });
    const baseline = top + 12.5;
    const o = { font: "bold" as const, size: 8.5 };
    text("#", COLUMNS.position.x, baseline, o);
    text("Description", COLUMNS.description.x, baseline, o);
    textRight("Qty", COLUMNS.quantity.x, baseline, o);
    textRight("Unit price", COLUMNS.unitPrice.x, baseline, o);
    textRight("Tax", COLUMNS.tax.x, baseline, o);
    textRight("Amount", COLUMNS.amount.x, baseline, o);
    return top + 18;
  };
  const continuation = () => {
    newPage();
    text(clip(business.name, nameWidth, "bold", 11), LEFT, 60, { size: 11, font: "bold" });
    textRight(clip(`Invoice ${invoice.invoiceNumber} (continued)`, 200, "regular", BODY), RIGHT, 60, { color: MUTED });
    return 80;
  };

  y = tableHeader(y + 22);
  for (const line of lines) {
    const wrapped = wrap(plain(line.description), COLUMNS.description.width, (s) => width(s, "regular", BODY));
    const height = 8 + wrapped.length * LINE;
    if (y + height > CONTENT_BOTTOM) y = tableHeader(continuation());
    const baseline = y + 4 + BODY;
    text(String(line.position), COLUMNS.position.x, baseline, { color: MUTED });
    wrapped.forEach((part, i) => {
      text(part, COLUMNS.description.x, baseline + i * LINE);
    });
    textRight(plain(format.quantity(line.quantity)), COLUMNS.quantity.x, baseline);
    textRight(plain(format.money(line.unitPriceCents)), COLUMNS.unitPrice.x, baseline);
    textRight(plain(format.percent(line.taxRate)), COLUMNS.tax.x, baseline, { color: MUTED });
    textRight(plain(format.money(lineAmount(line.quantity, line.unitPriceCents))), COLUMNS.amount.x, baseline);
    y += height;
    ops.push({ kind: "line", x1: LEFT - 4, y1: y, x2: RIGHT + 4, y2: y, width: 0.5, color: RULE });
  }

  if (y + 80 > CONTENT_BOTTOM) y = continuation();
  y = totals(y + 20, format);
  text(`Amounts in ${invoice.currency}.`, LEFT, y + 24, { size: 8, color: MUTED });

  function totals(top: number, f: InvoiceFormat): number {
    const labelX = COLUMNS.tax.x;
    text("Subtotal", labelX - width("Subtotal", "regular", BODY), top, { color: MUTED });
    textRight(plain(f.money(invoice.subtotalCents)), RIGHT, top);
    text("Tax", labelX - width("Tax", "regular", BODY), top + 15, { color: MUTED });
    textRight(plain(f.money(invoice.taxCents)), RIGHT, top + 15);
    ops.push({ kind: "line", x1: labelX - 60, y1: top + 23, x2: RIGHT, y2: top + 23, width: 0.8, color: INK });
    text("Total", labelX - width("Total", "bold", 11), top + 39, { size: 11, font: "bold" });
    textRight(plain(f.money(invoice.totalCents)), RIGHT, top + 39, { size: 11, font: "bold" });
    return top + 39;
  }

  const number = plain(invoice.invoiceNumber);
  pages.forEach((page, i) => {
    const footer = `${number} · Page ${i + 1} of ${pages.length}`;
    const x = (A4.width - width(footer, "regular", 8)) / 2;
    page.ops.push({ kind: "text", text: footer, x, y: FOOTER_Y, size: 8, font: "regular", color: MUTED });
  });

  return {
    ...A4,
    pages,
    title: `Invoice ${number}`,
    author: plain(business.name),
    subject: `Invoice ${number} for ${plain(invoice.customerName)}`,
  };
}

/**
 * Text as one line of the page: line breaks, tabs and other controls become spaces, and the typographic
 * spaces Intl writes (U+202F in "1 353,13 €") become plain ones, which every font has.
 * @example plain("two\nlines") // "two lines"
 */
export function plain(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u2000-\u200a\u202f\u205f]/gu, " ");
}

function splitLines(text: string | null): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Greedy word wrap; a word wider than the column is cut where it overflows. */
export function wrap(text: string, max: number, widthOf: (s: string) => number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (widthOf(candidate) <= max) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    while (widthOf(current) > max && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && widthOf(current.slice(0, cut)) > max) cut--;
      if (/[\ud800-\udbff]/.test(current[cut - 1] ?? "") && cut > 1) cut--;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}
