/**
 * Text of any script on an invoice page: which font draws each part of a string, in which order the parts
 * stand on the line, and how wide it is. Text Helvetica can draw (Windows-1252) stays in Helvetica, so a
 * Latin-only invoice embeds nothing. Any other string is split into runs of one Noto face each (fonts.ts);
 * right-to-left text is put in visual order with the Unicode Bidirectional Algorithm (bidi-js); fontkit shapes
 * the runs of scripts that need it (Arabic letters joined, Devanagari conjuncts) and the others map each
 * character through the face's cmap. A character no face has is drawn as U+FFFD and remembered, so the caller
 * can say which code points were missing.
 */
import bidiFactory from "bidi-js";
import { candidates, type Family, hanFaces, type LoadedFace, loadFace, type Weight } from "./fonts.js";
import { isWinAnsi } from "./winansi.js";

/** A glyph as fontkit gives it: what the PDF's widths, subset and ToUnicode map need. */
export interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** Faces whose text needs shaping (joining, reordering, conjuncts); the others map code points to glyphs. */
const SHAPED = new Set(["NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "NotoSansThai"]);

/** A piece of a line drawn with one font: `face` undefined is Helvetica (WinAnsi), otherwise a Noto face. */
export interface TextRun {
  face?: LoadedFace;
  /** What to give the font: logical order for a run fontkit lays out right to left itself, visual otherwise. */
  text: string;
}

const REPLACEMENT = "\ufffd";
const MARK = /\p{M}/u;
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
/** Characters of no script of their own stay in their neighbours' face when it has them. */
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;
const bidi = bidiFactory();

/**
 * The text of one document: splits strings into runs, measures them, and remembers the faces used and the
 * code points no face could draw.
 * @example new DocumentText("ja-JP").runs("東京都 Minato", "regular").map((r) => r.face?.family) // ["NotoSansJP", "NotoSans"]
 */
export class DocumentText {
  /** Code points drawn as U+FFFD because no face has them. */
  readonly missing = new Set<number>();
  /** The Noto faces this document's text uses, by `family-weight`. */
  readonly faces = new Map<string, LoadedFace>();
  private readonly han: readonly Family[];
  private readonly cache = new Map<string, TextRun[]>();
  private readonly laidOut = new Map<LoadedFace, Map<string, Glyph[]>>();
  /** The face chosen for a character met before in this document (null: none has it). */
  private readonly chosen: Record<Weight, Map<number, LoadedFace | null>> = { regular: new Map(), bold: new Map() };

  constructor(locale: string) {
    this.han = hanFaces(locale);
  }

  /** The runs of `text` in visual order, left to right. */
  runs(text: string, weight: Weight): TextRun[] {
    if (isWinAnsi(text)) return [{ text }];
    const id = `${weight}|${text}`;
    const cached = this.cache.get(id);
    if (cached) return cached;
    const runs = this.split(text, weight);
    this.cache.set(id, runs);
    return runs;
  }

  /** The width of the runs of a non-WinAnsi string at `size`, as the PDF's glyph widths will draw it. */
  widthOfRuns(runs: readonly TextRun[], size: number): number {
    let width = 0;
    for (const { face, text } of runs) {
      if (!face) continue;
      let units = 0;
      for (const glyph of this.glyphs(face, text)) units += glyph.advanceWidth;
      width += units * (size / face.font.unitsPerEm);
    }
    return width;
  }

  /**
   * The glyphs of a run, left to right. Scripts that need shaping go through fontkit's layout (OpenType GSUB,
   * right-to-left runs reversed); Latin, Greek, Cyrillic and CJK without combining marks map each character
   * through the face's cmap, a tenth of the work, which keeps a CJK invoice above 100 PDFs/s.
   */
  glyphs(face: LoadedFace, text: string): Glyph[] {
    let byText = this.laidOut.get(face);
    if (!byText) {
      byText = new Map();
      this.laidOut.set(face, byText);
    }
    const cached = byText.get(text);
    if (cached) return cached;
    let glyphs: Glyph[];
    if (SHAPED.has(face.family) || MARK.test(text)) {
      // A copy of the features: fontkit adds its defaults to the object it is given.
      glyphs = face.font.layout(text, face.features && { ...face.features }).glyphs;
    } else {
      glyphs = [];
      for (const char of text) glyphs.push(face.font.glyphForCodePoint(char.codePointAt(0) as number));
    }
    byText.set(text, glyphs);
    return glyphs;
  }

  private split(text: string, weight: Weight): TextRun[] {
    // One face per UTF-16 unit (both halves of a surrogate pair get their character's face).
    const faces: LoadedFace[] = [];
    let chars = "";
    let current: LoadedFace | undefined;
    for (const char of text) {
      const code = char.codePointAt(0) as number;
      let face = current && isShared(char, code) && covers(current, code) ? current : undefined;
      if (!face) face = this.faceFor(char, code, weight);
      let drawn = char;
      if (!face) {
        this.missing.add(code);
        drawn = REPLACEMENT;
        face = this.use("NotoSans", weight);
      }
      current = face;
      chars += drawn;
      for (let i = 0; i < drawn.length; i++) faces.push(face);
    }
    if (!RTL.test(chars)) return group(chars, faces);
    return this.visual(chars, faces);
  }

  private faceFor(char: string, code: number, weight: Weight): LoadedFace | undefined {
    const memo = this.chosen[weight];
    if (memo.has(code)) return memo.get(code) ?? undefined;
    let chosen: LoadedFace | undefined;
    for (const family of candidates(char, this.han)) {
      if (covers(loadFace(family, weight), code)) {
        chosen = this.use(family, weight);
        break;
      }
    }
    // Digits and punctuation first met in a string: the Latin face has them.
    if (!chosen && isShared(char, code) && covers(loadFace("NotoSans", weight), code)) {
      chosen = this.use("NotoSans", weight);
    }
    memo.set(code, chosen ?? null);
    return chosen;
  }

  private use(family: Family, weight: Weight): LoadedFace {
    const face = loadFace(family, weight);
    this.faces.set(`${family}-${weight}`, face);
    return face;
  }

  /** Bidi reordering (UAX #9, rules L1–L4) of one line, then runs of one face and one direction. */
  private visual(text: string, faces: LoadedFace[]): TextRun[] {
    const levels = bidi.getEmbeddingLevels(text);
    const order = Array.from({ length: text.length }, (_, i) => i);
    for (const [start = 0, end = -1] of bidi.getReorderSegments(text, levels)) {
      const reversed = order.slice(start, end + 1).reverse();
      order.splice(start, reversed.length, ...reversed);
    }
    const runs: TextRun[] = [];
    let i = 0;
    while (i < order.length) {
      const face = faces[order[i] as number];
      const odd = (levels.levels[order[i] as number] as number) % 2 === 1;
      let j = i;
      while (
        j < order.length &&
        faces[order[j] as number] === face &&
        (levels.levels[order[j] as number] as number) % 2 === (odd ? 1 : 0)
      ) {
        j++;
      }
      const units = order.slice(i, j);
      // Visual order, mirrored (brackets) where the run is right to left.
      const visual = units.map((u) => text[u] as string);
      if (odd)
        for (let k = 0; k < visual.length; k++)
          visual[k] = bidi.getMirroredCharacter(visual[k] as string) ?? (visual[k] as string);
      const seen = fixSurrogates(visual).join("");
      // fontkit lays out a run of Arabic or Hebrew letters (Arabic-Indic digits too) right to left itself, so it
      // gets that run in logical order; any other run is given as it stands on the line.
      runs.push({ face, text: RTL.test(seen) ? [...seen].reverse().join("") : seen });
      i = j;
    }
    return runs;
  }
}

/** A reversed surrogate pair (low half first) put back in order. */
function fixSurrogates(units: string[]): string[] {
  for (let k = 0; k + 1 < units.length; k++) {
    if (/[\udc00-\udfff]/.test(units[k] as string) && /[\ud800-\udbff]/.test(units[k + 1] as string)) {
      [units[k], units[k + 1]] = [units[k + 1] as string, units[k] as string];
      k++;
    }
  }
  return units;
}

const shared = new Map<number, boolean>();
function isShared(char: string, code: number): boolean {
  let value = shared.get(code);
  if (value === undefined) {
    value = SHARED.test(char);
    shared.set(code, value);
  }
  return value;
}

const coverage = new WeakMap<LoadedFace, Map<number, boolean>>();
/** Whether the face has a glyph for the code point (a cmap lookup, remembered: faces live as long as the process). */
function covers(face: LoadedFace, code: number): boolean {
  let known = coverage.get(face);
  if (!known) {
    known = new Map();
    coverage.set(face, known);
  }
  let value = known.get(code);
  if (value === undefined) {
    value = face.font.hasGlyphForCodePoint(code);
    known.set(code, value);
  }
  return value;
}

function group(text: string, faces: LoadedFace[]): TextRun[] {
  const runs: TextRun[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && faces[i] === faces[start]) continue;
    runs.push({ face: faces[start], text: text.slice(start, i) });
    start = i;
  }
  return runs;
}
