import fc from "fast-check";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { standardWidths } from "../../core/invoices/helvetica.js";
import { isWinAnsi } from "../../core/invoices/winansi.js";

const pdf = await PDFDocument.create();
const fonts = {
  regular: pdf.embedStandardFont(StandardFonts.Helvetica),
  bold: pdf.embedStandardFont(StandardFonts.HelveticaBold),
};
/** Characters Helvetica draws, with the kerning pairs' letters (AV, To, Ty, LT, r., …) over-represented. */
const winAnsi = fc.oneof(
  fc.constantFrom(..."AVTWYLPFoyrv.,-’'\"ÄÖÜàé€™…–— 0123456789"),
  fc.integer({ min: 0x20, max: 0x2122 }).map((c) => String.fromCharCode(c)),
);
const winAnsiText = fc.array(winAnsi, { maxLength: 40 }).map((chars) => chars.filter(isWinAnsi).join(""));

describe("standard-font widths from cached tables", () => {
  it("measure any WinAnsi text exactly as pdf-lib does, kerning included", () => {
    fc.assert(
      fc.property(
        winAnsiText,
        fc.constantFrom(7, 8.5, 9, 18),
        fc.constantFrom("regular", "bold"),
        (text, size, weight) => {
          const font = fonts[weight as keyof typeof fonts];
          expect(standardWidths(font)(text, size)).toBe(font.widthOfTextAtSize(text, size));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("apply kerning: 'AV' is narrower than 'A' plus 'V'", () => {
    const width = standardWidths(fonts.regular);
    expect(width("AV", 10)).toBeLessThan(width("A", 10) + width("V", 10));
  });

  it("are the same tables for every document using the font", async () => {
    const other = await PDFDocument.create();
    expect(standardWidths(other.embedStandardFont(StandardFonts.Helvetica))).toBe(standardWidths(fonts.regular));
    expect(standardWidths(fonts.bold)).not.toBe(standardWidths(fonts.regular));
  });

  it("throw like pdf-lib for a character the font cannot encode", () => {
    expect(() => fonts.regular.widthOfTextAtSize("Łódź", 9)).toThrow();
    expect(() => standardWidths(fonts.regular)("Łódź", 9)).toThrow();
    expect(() => standardWidths(fonts.regular)("東京", 9)).toThrow();
  });
});
