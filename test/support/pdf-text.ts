/**
 * Reads a PDF back with a real parser (Mozilla's pdf.js), as lines of text per page: the items of one
 * baseline joined left to right. What a reader of the invoice would see, independent of how it was written.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

// The metrics of the 14 standard fonts (Helvetica): the invoice uses them without embedding.
const STANDARD_FONTS = `${path.join(path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts")}/`;

export interface PdfContent {
  pages: string[][];
  /** Every page's lines, whitespace (including no-break spaces) collapsed to one space. */
  text: string;
  info: Record<string, unknown>;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const task = getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    standardFontDataUrl: STANDARD_FONTS,
  });
  const pdf = await task.promise;
  const pages: string[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const lines = new Map<number, { x: number; text: string }[]>();
    for (const item of content.items) {
      if (!("str" in item) || !item.str) continue;
      const y = Math.round(item.transform[5] as number);
      lines.set(y, [...(lines.get(y) ?? []), { x: item.transform[4] as number, text: item.str }]);
    }
    pages.push(
      [...lines.entries()]
        .sort(([a], [b]) => b - a)
        .map(([, items]) =>
          items
            .sort((a, b) => a.x - b.x)
            .map((i) => i.text)
            .join("  "),
        ),
    );
  }
  const { info } = await pdf.getMetadata();
  await task.destroy();
  return {
    pages,
    text: pages
      .flat()
      .join("\n")
      .replace(/[^\S\n]+/g, " "),
    info: info as Record<string, unknown>,
  };
}
