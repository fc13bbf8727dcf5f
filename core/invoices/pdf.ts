/**
 * Renders an invoice to PDF bytes: pdf-lib for the document (pages, fonts, metadata, cross-reference table),
 * the page content written directly (content-stream.ts) and compressed with Node's zlib. Chosen in
 * bench/invoices.ts over pdf-lib's drawText and over pdfkit. Text Helvetica can draw uses the standard font
 * (nothing embedded: a 20-line Latin invoice is a few KB); any other text uses Noto faces (fonts.ts,
 * text.ts), embedded as subsets of the glyphs the invoice uses, with a ToUnicode map so the text can be
 * searched and copied. The same document and instant give the same bytes.
 */
import { deflateSync } from "node:zlib";
import { CustomFontSubsetEmbedder, PDFDocument, PDFFont, PDFName, StandardFonts } from "pdf-lib";
import type { EncodedRun } from "./content-stream.js";
import { pageContent } from "./content-stream.js";
import type { LoadedFace, Weight } from "./fonts.js";
import { standardWidths } from "./helvetica.js";
import { type FontName, type InvoiceLayout, layoutInvoice, type TextMeasure } from "./layout.js";
import type { InvoiceDocument } from "./model.js";
import type { DocumentText, Glyph } from "./text.js";
import { isWinAnsi, winAnsiHex } from "./winansi.js";

type InvoiceText = Pick<DocumentText, "runs" | "widthOfRuns" | "glyphs" | "faces" | "missing">;

const NEEDS_FONTS = new Error("text Helvetica cannot draw");
/** The text of an invoice Helvetica draws entirely: no face, nothing to load. */
const HELVETICA_ONLY: InvoiceText = {
  runs: (value) => {
    if (!isWinAnsi(value)) throw NEEDS_FONTS;
    return [{ text: value }];
  },
  widthOfRuns: () => 0,
  glyphs: () => [],
  faces: new Map(),
  missing: new Set(),
};

export const PDF_PRODUCER = "hero365 invoice-worker (pdf-lib)";

export interface RenderedInvoice {
  pdf: Uint8Array;
  /** Code points no font has, drawn as U+FFFD, in ascending order. */
  missingCodePoints: number[];
  /** The Noto faces embedded, e.g. `["NotoSansJP-regular"]`; empty for an invoice Helvetica draws. */
  fonts: string[];
}

/**
 * The invoice as a PDF; `at` is its creation date.
 * @example (await renderInvoicePdf(document, now)).subarray(0, 5) // "%PDF-"
 */
export async function renderInvoicePdf(document: InvoiceDocument, at: Date): Promise<Uint8Array> {
  return (await renderInvoice(document, at)).pdf;
}

/**
 * The invoice as a PDF, with what the renderer could not draw and which fonts it embedded.
 * @example (await renderInvoice(document, now)).missingCodePoints // [] when every character has a glyph
 */
export async function renderInvoice(document: InvoiceDocument, at: Date): Promise<RenderedInvoice> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  // pdf-lib deflates embedded font programs and ToUnicode maps with pako, in JavaScript; Node's zlib is
  // several times faster (half a CJK invoice's time went there).
  pdf.context.flateStream = (contents, dict = {}) =>
    pdf.context.stream(deflateSync(typeof contents === "string" ? Buffer.from(contents, "latin1") : contents), {
      ...dict,
      Filter: "FlateDecode",
    });
  const helvetica: Record<FontName, PDFFont> = {
    regular: pdf.embedStandardFont(StandardFonts.Helvetica),
    bold: pdf.embedStandardFont(StandardFonts.HelveticaBold),
  };
  const helveticaWidth: Record<FontName, (text: string, size: number) => number> = {
    regular: standardWidths(helvetica.regular),
    bold: standardWidths(helvetica.bold),
  };
  const measure = (text: InvoiceText): TextMeasure => ({
    widthOf: (value, font, size) => {
      const runs = text.runs(value, font);
      return runs.length === 1 && !runs[0]?.face ? helveticaWidth[font](value, size) : text.widthOfRuns(runs, size);
    },
  });
  // Laid out first as if Helvetica drew everything; the first string it cannot draw starts again with the Noto
  // faces, whose module (fontkit, bidi-js: most of the bundle's start-up) is loaded only then.
  let text: InvoiceText = HELVETICA_ONLY;
  let layout: InvoiceLayout;
  try {
    layout = layoutInvoice(document, measure(text));
  } catch (error) {
    if (error !== NEEDS_FONTS) throw error;
    const { DocumentText } = await import("./text.js");
    text = new DocumentText(document.business.locale);
    layout = layoutInvoice(document, measure(text));
  }

  // The Noto faces the layout met, one subset each, named /N1, /N2, ... on every page.
  const embedded = new Map<LoadedFace, { name: string; font: PDFFont }>();
  for (const face of text.faces.values()) {
    embedded.set(face, { name: `/N${embedded.size + 1}`, font: await embedFace(pdf, face) });
  }
  const names: Record<FontName, string> = { regular: "/F1", bold: "/F2" };
  const encode = (value: string, weight: Weight): EncodedRun[] =>
    text.runs(value, weight).map(({ face, text: run }) => {
      if (!face) return { font: names[weight], hex: winAnsiHex(run) };
      const { name, font } = embedded.get(face) as { name: string; font: PDFFont };
      return { font: name, hex: encodeGlyphs(font, text.glyphs(face, run)) };
    });

  for (const { ops } of layout.pages) {
    const page = pdf.addPage([layout.width, layout.height]).node;
    page.setFontDictionary(PDFName.of("F1"), helvetica.regular.ref);
    page.setFontDictionary(PDFName.of("F2"), helvetica.bold.ref);
    for (const { name, font } of embedded.values()) page.setFontDictionary(PDFName.of(name.slice(1)), font.ref);
    const content = Buffer.from(pageContent(ops, { height: layout.height, encode }), "latin1");
    page.addContentStream(pdf.context.register(pdf.context.stream(deflateSync(content), { Filter: "FlateDecode" })));
  }
  // A subset is written once every glyph it needs is known.
  for (const { font } of embedded.values()) {
    markCodelessGlyphs(font);
    await font.embed();
  }
  pdf.setTitle(layout.title);
  pdf.setAuthor(layout.author);
  pdf.setSubject(layout.subject);
  pdf.setCreator("hero365");
  pdf.setProducer(PDF_PRODUCER);
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  return {
    // pdf-lib yields a `setTimeout` every 50 objects while writing, for browsers' sake: a long invoice waited.
    pdf: await pdf.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY }),
    missingCodePoints: [...text.missing].sort((a, b) => a - b),
    fonts: [...text.faces.keys()],
  };
}

/**
 * A subset embedder over the face fontkit already parsed: parsing a CJK face costs tens of milliseconds, so it
 * is done once per container, not once per invoice. The subset's name carries a tag (ISO 32000-1 §9.6.4).
 */
async function embedFace(pdf: PDFDocument, face: LoadedFace): Promise<PDFFont> {
  const parsed = { create: () => face.font };
  const embedder = await CustomFontSubsetEmbedder.for(
    parsed as unknown as Parameters<typeof CustomFontSubsetEmbedder.for>[0],
    face.bytes,
    `${subsetTag(face)}+${face.font.postscriptName}`,
    face.features && { ...face.features },
  );
  (embedder as unknown as { serializeFont(): Promise<Uint8Array> }).serializeFont = async () =>
    encodeSubset((embedder as unknown as SubsetEmbedder).subset);
  return PDFFont.of(pdf.context.nextRef(), pdf, embedder);
}

interface FontkitSubset {
  encode(stream: unknown): void;
  encodeStream(): { constructor: new () => FontkitEncodeStream };
}
interface FontkitEncodeStream {
  push(chunk: Uint8Array | null): boolean;
  end(): void;
}
let EncodeStream: (new () => FontkitEncodeStream) | undefined;

/**
 * The subset's font program, written synchronously. pdf-lib reads it from fontkit's `encodeStream()`, whose
 * bundled `process.nextTick` stand-in is a `setTimeout(…, 0)`: each chunk waited a timer (at least 1 ms in
 * Node), a third of a Japanese invoice's time spent idle. The same encoder writes into the same stream class,
 * its chunks collected as they are pushed; the bytes are identical.
 */
function encodeSubset(subset: FontkitSubset): Uint8Array {
  // fontkit does not export its stream class: one stream made for a no-op subset gives it.
  EncodeStream ??= subset.encodeStream.call({ encode: () => {} }).constructor;
  const stream = new EncodeStream();
  const parts: Uint8Array[] = [];
  stream.push = (chunk) => {
    if (chunk) parts.push(chunk);
    return true;
  };
  subset.encode(stream);
  stream.end();
  return Buffer.concat(parts);
}

interface SubsetEmbedder {
  subset: FontkitSubset & { includeGlyph(glyph: Glyph): number };
  glyphs: Glyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
}

/**
 * The glyphs as the subset's glyph ids in a PDF hex string, each glyph added to the subset and its ToUnicode
 * map: pdf-lib's `encodeText` minus its own layout, since the glyphs are laid out (and cached) already.
 */
function encodeGlyphs(font: PDFFont, glyphs: readonly Glyph[]): string {
  const embedder = (font as unknown as { embedder: SubsetEmbedder }).embedder;
  let hex = "<";
  for (const glyph of glyphs) {
    const id = embedder.subset.includeGlyph(glyph);
    embedder.glyphs[id - 1] = glyph;
    embedder.glyphIdMap.set(glyph.id, id);
    hex += id.toString(16).toUpperCase().padStart(4, "0");
  }
  embedder.glyphCache.invalidate();
  return `${hex}>`;
}

/**
 * Shaping may split a letter into several glyphs (Noto Sans Arabic draws "ش" as its base and a mark of three
 * dots); only the first carries the letter's code point. A glyph with none would get an empty ToUnicode entry,
 * which viewers read as a control character: it maps to U+200B (zero width space) instead.
 */
function markCodelessGlyphs(font: PDFFont): void {
  const { glyphs } = (font as unknown as { embedder: unknown }).embedder as {
    glyphs: ({ codePoints: number[] } | undefined)[];
  };
  for (const glyph of glyphs) if (glyph && glyph.codePoints.length === 0) glyph.codePoints = [0x200b];
}

function subsetTag(face: LoadedFace): string {
  let hash = 0;
  for (const char of `${face.family}-${face.weight}`) hash = (hash * 31 + (char.codePointAt(0) as number)) >>> 0;
  let tag = "";
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (hash % 26));
    hash = Math.floor(hash / 26);
  }
  return tag;
}
