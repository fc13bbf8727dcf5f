/**
 * The fonts a PDF embeds, read back from its FontDescriptors: the name (a subset's starts with a six-letter
 * tag and "+") and the embedded TrueType program, parsed with fontkit to count its glyphs.
 */
import { inflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";

export interface EmbeddedFont {
  name: string;
  glyphs: number;
  bytes: number;
}

export async function embeddedFonts(pdfBytes: Uint8Array): Promise<EmbeddedFont[]> {
  const pdf = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const fonts: EmbeddedFont[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("FontDescriptor")) continue;
    const file = object.lookup(PDFName.of("FontFile2"));
    if (!(file instanceof PDFRawStream)) continue;
    const program = inflateSync(file.contents);
    fonts.push({
      name: String(object.get(PDFName.of("FontName"))).slice(1),
      glyphs: (fontkit.create(program) as { numGlyphs: number }).numGlyphs,
      bytes: program.byteLength,
    });
  }
  return fonts;
}
