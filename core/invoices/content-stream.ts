/**
 * A laid-out page as PDF content-stream operators (ISO 32000-1 §8–9): fills and rules as paths first (the
 * table header's band lies under its text), then one text object for all the text, fonts and colours set
 * only when they change. Writing the operators directly
 * instead of one library call per text keeps a 20-line invoice well under a millisecond of work here.
 */
import type { Color, DrawOp, FontName } from "./layout.js";

/** A piece of text in one font: the font's resource name on the page and the string's bytes as PDF hex. */
export interface EncodedRun {
  font: string;
  hex: string;
}

export interface ContentStreamOptions {
  /** Page height in points: the layout measures from the top, PDF from the bottom. */
  height: number;
  /** A text in its runs, left to right, e.g. `[{ font: "/F1", hex: "<4869>" }]`. */
  encode(text: string, font: FontName): readonly EncodedRun[];
}

/**
 * @example pageContent([{ kind: "text", text: "Hi", x: 50, y: 70, size: 9, font: "regular", color: [0, 0, 0] }], { height: 841.89, encode })
 * // "q\nBT\n0 0 0 rg\n/F1 9 Tf\n1 0 0 1 50 771.89 Tm\n<4869> Tj\nET\nQ\n"
 */
export function pageContent(ops: readonly DrawOp[], { height, encode }: ContentStreamOptions): string {
  const out: string[] = ["q"];
  let fill = "";
  let stroke = "";
  const setFill = (color: Color) => {
    const next = `${rgb(color)} rg`;
    if (next === fill) return;
    fill = next;
    out.push(next);
  };
  for (const op of ops) {
    if (op.kind === "rect") {
      setFill(op.color);
      out.push(`${n(op.x)} ${n(height - op.y - op.height)} ${n(op.width)} ${n(op.height)} re f`);
    } else if (op.kind === "line") {
      const next = `${rgb(op.color)} RG`;
      if (next !== stroke) {
        stroke = next;
        out.push(next);
      }
      out.push(`${n(op.width)} w ${n(op.x1)} ${n(height - op.y1)} m ${n(op.x2)} ${n(height - op.y2)} l S`);
    }
  }
  // Colour and text-state operators are allowed inside a text object (ISO 32000-1, figure 9): one BT…ET.
  out.push("BT");
  let font = "";
  for (const op of ops) {
    if (op.kind !== "text") continue;
    setFill(op.color);
    // Each Tj moves the text position by the run's width, so a line's runs follow one another.
    encode(op.text, op.font).forEach((run, i) => {
      const tf = `${run.font} ${n(op.size)} Tf`;
      if (tf !== font) {
        font = tf;
        out.push(tf);
      }
      if (i === 0) out.push(`1 0 0 1 ${n(op.x)} ${n(height - op.y)} Tm`);
      out.push(`${run.hex} Tj`);
    });
  }
  out.push("ET");
  out.push("Q");
  return `${out.join("\n")}\n`;
}

function rgb([r, g, b]: Color): string {
  return `${n(r)} ${n(g)} ${n(b)}`;
}

/** A number as PDF writes it: at most two decimals, no exponent. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}
