/**
 * The PDF standard fonts (Helvetica) write WinAnsi (Windows-1252) text only. Text outside it is brought
 * into it where Unicode has an equivalent (compatibility forms such as U+202F or "￥", then letters without
 * their accents), otherwise shown as "?": a readable invoice beats a failed one.
 */
const EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
/** Where Windows-1252 puts those characters (0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned). */
const EXTRA_BYTES = [
  0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96,
  0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f,
];
const WIN_ANSI = new Set<number>([
  ...range(0x20, 0x7e),
  ...range(0xa0, 0xff),
  ...[...EXTRA].map((c) => c.codePointAt(0) as number),
]);

/** Letters Unicode does not decompose into a base letter and an accent. */
const LATIN: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  Ŀ: "L",
  ŀ: "l",
  Ŧ: "T",
  ŧ: "t",
  Ŋ: "N",
  ŋ: "n",
};

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Whether Helvetica (a standard font, Windows-1252) can draw every character of `text`.
 * @example isWinAnsi("Grüße €") // true
 */
export function isWinAnsi(text: string): boolean {
  return encodable(text);
}

function encodable(text: string): boolean {
  for (const char of text) if (!WIN_ANSI.has(char.codePointAt(0) as number)) return false;
  return true;
}

/**
 * `text` in characters Helvetica can draw; line breaks and tabs become spaces.
 * @example toWinAnsi("1 353,13 €") // "1 353,13 €" with U+202F replaced by a space
 */
export function toWinAnsi(text: string): string {
  if (encodable(text)) return text;
  let out = "";
  for (const char of text) {
    if (WIN_ANSI.has(char.codePointAt(0) as number)) {
      out += char;
      continue;
    }
    if (/\s/.test(char)) {
      out += " ";
      continue;
    }
    const latin = LATIN[char];
    if (latin) {
      out += latin;
      continue;
    }
    const compatible = char.normalize("NFKC");
    if (encodable(compatible)) {
      out += compatible;
      continue;
    }
    const unaccented = char.normalize("NFKD").replace(/\p{M}/gu, "");
    out += unaccented && encodable(unaccented) ? unaccented : "?";
  }
  return out;
}

const EXTRA_CODES = new Map([...EXTRA].map((c, i) => [c.codePointAt(0) as number, EXTRA_BYTES[i] as number]));

/**
 * WinAnsi text as a PDF hex string, e.g. "€1" → "<8031>". The text must already be WinAnsi (`toWinAnsi`).
 * @example winAnsiHex("Total") // "<546F74616C>"
 */
export function winAnsiHex(text: string): string {
  let hex = "<";
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : (EXTRA_CODES.get(code) ?? 0x3f);
    hex += HEX[byte];
  }
  return `${hex}>`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));
