import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import bidiFactory from "bidi-js";
import { describe, expect, it } from "vitest";
import { invoiceDocumentOf } from "../../core/invoices/document-file.js";
import { loadFace } from "../../core/invoices/fonts.js";
import { renderInvoice } from "../../core/invoices/pdf.js";
import { type InvoiceFile, InvoiceFileSchema } from "../../events/index.js";
import { ROOT, runScript } from "../support/cli.js";
import { invoiceDocument, lineItems } from "../support/invoice-documents.js";
import { embeddedFonts } from "../support/pdf-fonts.js";
import { readPdf } from "../support/pdf-text.js";

const SAMPLES = path.join(ROOT, "events/invoices");
const AT = new Date("2026-11-27T09:00:00Z");
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
const bidi = bidiFactory();

async function sample(name: string): Promise<InvoiceFile> {
  return JSON.parse(await readFile(path.join(SAMPLES, `${name}.json`), "utf8")) as InvoiceFile;
}

/**
 * Text as compared: without whitespace (pdf.js splits and joins items by position, not by the input's spaces)
 * and without invisible format characters (a glyph shaping split off its letter reads as U+200B).
 */
const squeeze = (text: string) => text.replace(/[\s\p{Cf}]+/gu, "");

/**
 * Devanagari and Thai come back in glyph order, as pdf.js reports any PDF of them (the i-matra before its
 * consonant, the reph after the syllable): compared as the set of their letters. Noto Sans Devanagari draws
 * "ई" as the glyph of "इ" plus a mark, so a ToUnicode map (one entry per glyph) names one of the two for both.
 */
const GLYPH_ORDER = /[\p{Script=Devanagari}\p{Script=Thai}]/u;
const letters = (text: string) => [...new Set(squeeze(text).normalize("NFKD").replace(/ई/gu, "इ"))].sort().join("");

/**
 * What pdf.js reports for a line the PDF draws in visual order: a line mostly of right-to-left letters comes
 * back in logical order, any other line as it stands on the page (pdf.js's own bidi heuristic).
 */
function asPdfJsReports(line: string): string {
  const letters = [...line].filter((c) => /\p{L}/u.test(c));
  const rtl = letters.filter((c) => RTL.test(c)).length;
  if (rtl === 0 || rtl / letters.length > 0.5) return line;
  const levels = bidi.getEmbeddingLevels(line);
  const chars = [...line];
  for (const [start = 0, end = -1] of bidi.getReorderSegments(line, levels)) {
    chars.splice(start, end - start + 1, ...chars.slice(start, end + 1).reverse());
  }
  return chars.join("");
}

/** The input's texts a reader must find on the page: each line of the header, the customer and every item. */
function inputTexts(file: InvoiceFile): { whole: string[]; items: string[] } {
  const lines = (text?: string | null) => (text ?? "").split("\n").filter(Boolean);
  return {
    whole: [
      file.business.name,
      ...lines(file.business.address),
      file.invoice.invoiceNumber,
      file.invoice.customerName,
      ...lines(file.invoice.customerAddress),
    ],
    items: file.lines.map((l) => l.description),
  };
}

const names = (await readdir(SAMPLES)).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));

describe("invoices in every script, read back with pdf.js", () => {
  it("has a sample for each script the invoices support", () => {
    expect(names.sort()).toEqual(
      [
        "arabic",
        "chinese-simplified",
        "chinese-traditional",
        "cyrillic",
        "devanagari",
        "greek",
        "hebrew",
        "japanese",
        "korean",
        "latin",
        "mixed",
        "thai",
      ].sort(),
    );
  });

  it.each(names)("%s: every name, address line and item reads back as the input, in subset fonts", async (name) => {
    // Prepare
    const file = await sample(name);
    const document = invoiceDocumentOf(InvoiceFileSchema.parse(file));

    // Act
    const rendered = await renderInvoice(document, AT);
    const read = await readPdf(rendered.pdf);
    const fonts = await embeddedFonts(rendered.pdf);

    // Assess: whole lines appear as one run of text; an item's words (it may wrap) appear in order.
    const page = squeeze(read.text);
    const { whole, items } = inputTexts(file);
    const lines = read.pages.flat();
    for (const text of whole) {
      if (GLYPH_ORDER.test(text)) {
        const wanted = [...letters(text)];
        expect(
          lines.some((line) => wanted.every((c) => letters(line).includes(c))),
          `${name}: ${text}`,
        ).toBe(true);
      } else {
        expect(page, `${name}: ${text}`).toContain(squeeze(asPdfJsReports(text)));
      }
    }
    for (const item of items) {
      let from = 0;
      for (const word of item.split(/\s+/u).map(squeeze)) {
        // A right-to-left word inside a left-to-right line comes back as drawn, in visual order.
        const found = [word, [...word].reverse().join("")].map((w) => [page.indexOf(w, from), w.length] as const);
        const [at, length] = found.find(([i]) => i >= 0) ?? [-1, 0];
        if (GLYPH_ORDER.test(word)) {
          const all = letters(read.text);
          expect(
            [...letters(word)].every((c) => all.includes(c)),
            `${name}: "${word}"`,
          ).toBe(true);
          continue;
        }
        expect(at, `${name}: "${word}" of "${item}"`).toBeGreaterThanOrEqual(0);
        from = at + length;
      }
    }
    expect(rendered.missingCodePoints).toEqual([]);
    expect(rendered.fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+NotoSans/);
      const family = font.name.slice(7).replace(/-(Regular|Bold)$/, "") as Parameters<typeof loadFace>[0];
      const full = loadFace(family, font.name.endsWith("-Bold") ? "bold" : "regular").font.numGlyphs;
      expect(font.glyphs, `${font.name}: ${font.glyphs} of ${full} glyphs`).toBeLessThan(Math.min(400, full / 5));
    }
  });

  it("keeps an invoice Helvetica can draw in Helvetica: no font embedded, no Noto face read for it", async () => {
    const rendered = await renderInvoice(invoiceDocument({ lines: lineItems(20) }), AT);

    expect(rendered.fonts).toEqual([]);
    expect(await embeddedFonts(rendered.pdf)).toEqual([]);
    // The Helvetica-only renderer before the Noto faces wrote 3,325 bytes for this invoice; ± 10 %.
    expect(rendered.pdf.byteLength).toBeGreaterThan(3325 * 0.9);
    expect(rendered.pdf.byteLength).toBeLessThan(3325 * 1.1);
  });

  it("draws a character no font has as U+FFFD and names its code point", async () => {
    const document = invoiceDocument({ lines: lineItems(2), customerName: "María 🚰 Núñez 𓀀" });

    const rendered = await renderInvoice(document, AT);
    const read = await readPdf(rendered.pdf);

    expect(rendered.missingCodePoints).toEqual([0x13000, 0x1f6b0]);
    expect(read.text).toContain("María \ufffd Núñez \ufffd");
  });

  it("mixes scripts in one line: a Latin street name with a Japanese building name", async () => {
    const document = invoiceDocument({ lines: lineItems(1), customerName: "1-2-3 Jingumae, サンシャイン501" });

    const rendered = await renderInvoice(document, AT);
    const read = await readPdf(rendered.pdf);

    expect(rendered.fonts).toEqual(expect.arrayContaining(["NotoSans-regular", "NotoSansJP-regular"]));
    expect(squeeze(read.text)).toContain("1-2-3Jingumae,サンシャイン501");
  });
});

describe("the multi-script invoice as an image", () => {
  it("renders the customer block and the item rows with ink (pdftoppm, poppler-utils)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-invoice-png-"));
    const { pdf } = await renderInvoice(invoiceDocumentOf(InvoiceFileSchema.parse(await sample("mixed"))), AT);
    const pdfFile = path.join(dir, "mixed.pdf");
    await import("node:fs/promises").then((fs) => fs.writeFile(pdfFile, pdf));

    // The customer's name (Latin + Japanese) and the three item rows (every script), at 100 dpi, in grey.
    const rows = await darkPixels(pdfFile, path.join(dir, "items"), { x: 70, y: 350, width: 420, height: 110 });
    const name = await darkPixels(pdfFile, path.join(dir, "name"), { x: 65, y: 225, width: 250, height: 20 });
    const blank = await darkPixels(pdfFile, path.join(dir, "blank"), { x: 65, y: 800, width: 400, height: 200 });

    expect(blank).toBe(0);
    expect(name).toBeGreaterThan(200);
    expect(rows).toBeGreaterThan(1000);
  });
});

/** Renders a region of page 1 as a PGM image and counts the pixels darker than mid-grey. */
async function darkPixels(
  pdf: string,
  out: string,
  r: { x: number; y: number; width: number; height: number },
): Promise<number> {
  await promisify(execFile)("pdftoppm", [
    "-gray",
    "-r",
    "100",
    "-f",
    "1",
    "-l",
    "1",
    "-x",
    String(r.x),
    "-y",
    String(r.y),
    "-W",
    String(r.width),
    "-H",
    String(r.height),
    "-singlefile",
    pdf,
    out,
  ]);
  const image = await readFile(`${out}.pgm`);
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.subarray(0, 40).toString("latin1"));
  if (!header) throw new Error(`${out}.pgm is not a binary PGM`);
  const pixels = image.subarray(header[0].length);
  let dark = 0;
  for (const value of pixels) if (value < 128) dark++;
  return dark;
}

describe("npm run invoice", () => {
  it("writes the PDF of a sample and names the fonts it embedded", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-invoice-cli-"));
    const out = path.join(dir, "ja.pdf");

    const run = await runScript("invoice.ts", ["events/invoices/japanese.json", "--out", out]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*ja\.pdf \(\d+ bytes; fonts: .*NotoSansJP-regular/);
    expect((await readPdf(await readFile(out))).text).toContain("山田 花子");
  });

  it.each([
    [["events/invoices/none.json"], /cannot read events\/invoices\/none\.json \(ENOENT\)/],
    [["package.json"], /package\.json is not an invoice: business: /],
    [["events/invoices/latin.json", "--locale", "not a locale"], /--locale "not a locale" is not a BCP 47 locale/],
  ])("exits 2 with one line for %j", async (args, problem) => {
    const run = await runScript("invoice.ts", args);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(problem);
  });
});
