/**
 * The Noto faces an invoice may need beyond the standard Helvetica, where they come from, and which one draws
 * a character: a fallback chain chosen by the character's script (and, for Han, by the business's locale).
 * A face's file is read and parsed the first time a character needs it, then kept for the container's life:
 * a Latin-only invoice reads none, a Japanese one reads the Japanese face once.
 *
 * The TTFs are the `@expo-google-fonts/noto-sans*` packages' (SIL Open Font License). In Lambda they ship
 * beside the bundle (stacks/Invoices.ts copies `fontFiles()` to `fonts/` and sets INVOICE_FONTS_DIR=fonts); locally
 * they are read from node_modules.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit, { type Font } from "@pdf-lib/fontkit";
import regeneratorRuntime from "regenerator-runtime";

// @pdf-lib/fontkit's build calls a global `regeneratorRuntime` in the state machine of its Indic and Thai
// shapers (Babel's transform of a generator) without bundling it: shaping Devanagari throws without it.
(globalThis as { regeneratorRuntime?: unknown }).regeneratorRuntime ??= regeneratorRuntime;

export type Weight = "regular" | "bold";

export type Family =
  | "NotoSans"
  | "NotoSansArabic"
  | "NotoSansHebrew"
  | "NotoSansDevanagari"
  | "NotoSansThai"
  | "NotoSansJP"
  | "NotoSansSC"
  | "NotoSansTC"
  | "NotoSansKR";

const PACKAGES: Record<Family, string> = {
  NotoSans: "@expo-google-fonts/noto-sans",
  NotoSansArabic: "@expo-google-fonts/noto-sans-arabic",
  NotoSansHebrew: "@expo-google-fonts/noto-sans-hebrew",
  NotoSansDevanagari: "@expo-google-fonts/noto-sans-devanagari",
  NotoSansThai: "@expo-google-fonts/noto-sans-thai",
  NotoSansJP: "@expo-google-fonts/noto-sans-jp",
  NotoSansSC: "@expo-google-fonts/noto-sans-sc",
  NotoSansTC: "@expo-google-fonts/noto-sans-tc",
  NotoSansKR: "@expo-google-fonts/noto-sans-kr",
};

export const FAMILIES = Object.keys(PACKAGES) as Family[];
const STYLE: Record<Weight, string> = { regular: "400Regular", bold: "700Bold" };

export interface LoadedFace {
  family: Family;
  weight: Weight;
  font: Font;
  bytes: Uint8Array;
  /** OpenType features to lay it out with, when not fontkit's defaults. */
  features?: Record<string, boolean>;
}

/**
 * Noto Sans Arabic's and Thai's `ccmp` splits letters into a base and marks (the dots of "ش", the ring of
 * sara am), and letters sharing a dotless base then share its glyph: the PDF's ToUnicode map, one entry per
 * glyph, would read "ب" as "ن". Their precomposed glyphs draw the same letters and map one to one.
 */
const FEATURES: Partial<Record<Family, Record<string, boolean>>> = {
  NotoSansArabic: { ccmp: false },
  NotoSansThai: { ccmp: false },
  NotoSansDevanagari: { ccmp: false },
};

/** Where a face's TTF is in node_modules, and its file name beside the bundle. */
export function fontFile(family: Family, weight: Weight): { module: string; fileName: string } {
  const fileName = `${family}_${STYLE[weight]}.ttf`;
  return { module: `${PACKAGES[family]}/${STYLE[weight]}/${fileName}`, fileName };
}

/**
 * Every face, as SST's `copyFiles` entries (`from` relative to the project root).
 * @example fontFiles()[0] // { from: "node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf", to: "fonts/NotoSans_400Regular.ttf" }
 */
export function fontFiles(): { from: string; to: string }[] {
  return FAMILIES.flatMap((family) =>
    (["regular", "bold"] as const).map((weight) => {
      const { module, fileName } = fontFile(family, weight);
      return { from: `node_modules/${module}`, to: `${FONTS_DIR_IN_BUNDLE}/${fileName}` };
    }),
  );
}

export const FONTS_DIR_IN_BUNDLE = "fonts";

const loaded = new Map<string, LoadedFace>();

/** The face, read and parsed on first use. Reading is synchronous: text is measured while it is laid out. */
export function loadFace(family: Family, weight: Weight): LoadedFace {
  const id = `${family}-${weight}`;
  const cached = loaded.get(id);
  if (cached) return cached;
  const { module, fileName } = fontFile(family, weight);
  // In Lambda a relative INVOICE_FONTS_DIR is under the bundle's root (LAMBDA_TASK_ROOT, /var/task).
  const dir = process.env.INVOICE_FONTS_DIR;
  const file = dir
    ? path.resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), dir, fileName)
    : createRequire(import.meta.url).resolve(module);
  const bytes = new Uint8Array(readFileSync(file));
  const font = fontkit.create(bytes) as Font;
  padGlyphRecords(font);
  keepCodePoints(font);
  const features = FEATURES[family];
  const face: LoadedFace = { family, weight, font, bytes, ...(features && { features }) };
  loaded.set(id, face);
  return face;
}

interface TrueTypeSubset {
  glyf: Uint8Array[];
  offset: number;
  _addGlyph(gid: number): number;
}
const padded = new WeakSet<object>();

/**
 * @pdf-lib/fontkit writes a subset's `loca` in the short format (offsets halved) without padding each glyph
 * record to an even length, so one odd-length glyph shifts every later one and viewers draw them blank
 * (fixed in upstream fontkit 1.8, not in the fork pdf-lib uses). Padding each record to even length, as
 * the TrueType spec recommends, makes both formats right.
 */
function padGlyphRecords(font: Font): void {
  const prototype = Object.getPrototypeOf(font.createSubset()) as TrueTypeSubset;
  if (typeof prototype._addGlyph !== "function" || padded.has(prototype)) return;
  padded.add(prototype);
  const addGlyph = prototype._addGlyph;
  prototype._addGlyph = function (this: TrueTypeSubset, gid: number): number {
    const index = addGlyph.call(this, gid);
    const record = this.glyf[index] as Uint8Array;
    if (record.length % 2 === 1) {
      // The same Buffer class as the record's (fontkit bundles its own): its encoder checks for it.
      const even = (record.constructor as typeof Buffer).alloc(record.length + 1);
      even.set(record);
      this.glyf[index] = even;
      this.offset += 1;
    }
    return index;
  };
}

/**
 * fontkit caches a glyph with the code points of its first request, and a subset asks for the components of
 * a composite glyph (the "o" of "ó") with none. The face is kept across invoices, so a later invoice's "o"
 * would come back without code points and its ToUnicode entry would be garbage: fill them in when known.
 */
function keepCodePoints(font: Font): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints?: number[]) => {
    const glyph = getGlyph(id, codePoints);
    if (codePoints?.length && glyph.codePoints.length === 0) glyph.codePoints = codePoints;
    return glyph;
  };
}

/** The faces read so far in this process (the benchmark's cold-start figure and the tests look at them). */
export function loadedFaces(): string[] {
  return [...loaded.keys()];
}

const CJK_BY_LANGUAGE: Record<string, Family> = { ja: "NotoSansJP", ko: "NotoSansKR" };
const CJK: Family[] = ["NotoSansJP", "NotoSansSC", "NotoSansTC", "NotoSansKR"];

/**
 * The Han faces in the order a business's locale prefers them: the same ideograph is drawn differently in
 * Japan, mainland China, Taiwan/Hong Kong and Korea.
 * @example hanFaces("zh-TW")[0] // "NotoSansTC"
 */
export function hanFaces(locale: string): Family[] {
  let first: Family | undefined;
  try {
    const tag = new Intl.Locale(locale).maximize();
    first =
      tag.language === "zh" ? (tag.script === "Hant" ? "NotoSansTC" : "NotoSansSC") : CJK_BY_LANGUAGE[tag.language];
  } catch {
    first = undefined;
  }
  return first ? [first, ...CJK.filter((f) => f !== first)] : CJK;
}

/**
 * The faces that may draw a character, best first. Characters of no particular script (digits, punctuation,
 * spaces, combining marks) are left to the caller, which keeps them in the face of their neighbours.
 */
export function candidates(char: string, han: readonly Family[]): readonly Family[] {
  if (ARABIC.test(char)) return ARABIC_FACES;
  if (HEBREW.test(char)) return HEBREW_FACES;
  if (DEVANAGARI.test(char)) return DEVANAGARI_FACES;
  if (THAI.test(char)) return THAI_FACES;
  if (HANGUL.test(char)) return KOREAN_FACES;
  if (KANA.test(char)) return JAPANESE_FACES;
  if (EAST_ASIAN.test(char)) return han;
  return LATIN_FACES;
}

// Script or block: some characters of a block belong to no script (the baht sign ฿, the danda ।, the Arabic
// comma) yet only that block's face has them.
const ARABIC = /[\p{Script=Arabic}\u0600-\u06ff]/u;
const HEBREW = /[\p{Script=Hebrew}\u0590-\u05ff]/u;
const DEVANAGARI = /[\p{Script=Devanagari}\u0900-\u097f]/u;
const THAI = /[\p{Script=Thai}\u0e00-\u0e7f]/u;
const HANGUL = /\p{Script=Hangul}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Han, Bopomofo, and the CJK punctuation and full-width forms the Noto CJK faces carry. */
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const ARABIC_FACES: Family[] = ["NotoSansArabic"];
const HEBREW_FACES: Family[] = ["NotoSansHebrew"];
const DEVANAGARI_FACES: Family[] = ["NotoSansDevanagari"];
const THAI_FACES: Family[] = ["NotoSansThai"];
const KOREAN_FACES: Family[] = ["NotoSansKR"];
const JAPANESE_FACES: Family[] = ["NotoSansJP", "NotoSansKR"];
const LATIN_FACES: Family[] = ["NotoSans"];
