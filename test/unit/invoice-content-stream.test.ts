import { describe, expect, it } from "vitest";
import { pageContent } from "../../core/invoices/content-stream.js";
import type { DrawOp } from "../../core/invoices/layout.js";
import { winAnsiHex } from "../../core/invoices/winansi.js";

const fonts = { regular: "/F1", bold: "/F2" };
const encode = (t: string, font: "regular" | "bold") => [{ font: fonts[font], hex: winAnsiHex(t) }];
const text = (t: string, x: number, y: number, o: Partial<Extract<DrawOp, { kind: "text" }>> = {}): DrawOp => ({
  kind: "text",
  text: t,
  x,
  y,
  size: 9,
  font: "regular",
  color: [0, 0, 0],
  ...o,
});

describe("page content", () => {
  it("draws fills and rules first, then all text in one text object, flipping y to PDF's bottom-left origin", () => {
    const ops: DrawOp[] = [
      text("Hi", 50, 70),
      { kind: "rect", x: 46, y: 100, width: 10, height: 18, color: [0.95, 0.95, 0.96] },
      { kind: "line", x1: 46, y1: 120, x2: 549.28, y2: 120, width: 0.5, color: [0.85, 0.86, 0.88] },
    ];
    expect(pageContent(ops, { height: 841.89, encode }).split("\n")).toEqual([
      "q",
      "0.95 0.95 0.96 rg",
      "46 723.89 10 18 re f",
      "0.85 0.86 0.88 RG",
      "0.5 w 46 721.89 m 549.28 721.89 l S",
      "BT",
      "0 0 0 rg",
      "/F1 9 Tf",
      "1 0 0 1 50 771.89 Tm",
      "<4869> Tj",
      "ET",
      "Q",
      "",
    ]);
  });

  it("sets font and colour only when they change", () => {
    const content = pageContent(
      [
        text("a", 1, 1),
        text("b", 2, 2),
        text("c", 3, 3, { font: "bold", size: 11 }),
        text("d", 4, 4, { color: [1, 0, 0] }),
      ],
      { height: 100, encode },
    );
    // a, b: regular 9; c: bold 11; d: regular 9 again.
    expect(content.match(/ Tf/g)).toHaveLength(3);
    expect(content.match(/ rg/g)).toHaveLength(2);
    expect(content).toContain("/F2 11 Tf");
  });
});

describe("page content of mixed scripts", () => {
  it("draws a text's runs one after the other from one position, switching fonts between them", () => {
    const runs = () => [
      { font: "/N1", hex: "<00010002>" },
      { font: "/N2", hex: "<0003>" },
    ];

    const content = pageContent([text("Łódź 東京", 50, 70)], { height: 100, encode: runs });

    expect(content.split("\n").slice(3, 8)).toEqual([
      "/N1 9 Tf",
      "1 0 0 1 50 30 Tm",
      "<00010002> Tj",
      "/N2 9 Tf",
      "<0003> Tj",
    ]);
  });
});

describe("WinAnsi hex strings", () => {
  it("encodes ASCII, Latin-1 and the Windows-1252 extras (€ is 0x80, – is 0x96)", () => {
    expect(winAnsiHex("Total")).toBe("<546F74616C>");
    expect(winAnsiHex("1.353,13\u00a0€")).toBe("<312E3335332C3133A080>");
    expect(winAnsiHex("ü–“”")).toBe("<FC969394>");
  });
});
