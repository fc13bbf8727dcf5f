/**
 * The PDF standard fonts (Helvetica) write WinAnsi (Windows-1252) text only. Text outside it is brought
 * into it where Unicode has an equivalent (compatibility forms such as U+202F or "￥", then letters without
 * their accents), otherwise shown as "?": a readable invoice beats a failed one.
 */
const EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
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
