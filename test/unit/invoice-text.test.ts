import { describe, expect, it } from "vitest";
import { hanFaces } from "../../core/invoices/fonts.js";
import { DocumentText } from "../../core/invoices/text.js";

const runsOf = (locale: string, text: string, weight: "regular" | "bold" = "regular") =>
  new DocumentText(locale).runs(text, weight).map((r) => [r.face?.family ?? "Helvetica", r.text]);

describe("which face draws a string", () => {
  it("keeps Windows-1252 text in Helvetica, whole", () => {
    expect(runsOf("de-DE", "Grüße, 1.353,13 € — “Acme”")).toEqual([["Helvetica", "Grüße, 1.353,13 € — “Acme”"]]);
  });

  it("draws a string with any other character in Noto faces: Latin diacritics, Greek and Cyrillic in Noto Sans", () => {
    expect(runsOf("pl-PL", "Łódź")).toEqual([["NotoSans", "Łódź"]]);
    expect(runsOf("el-GR", "Ελένη and Ирина")).toEqual([["NotoSans", "Ελένη and Ирина"]]);
  });

  it("splits a line by script, spaces and punctuation staying with their neighbours", () => {
    expect(runsOf("en-US", "2-3 Jingumae, サンシャイン 501")).toEqual([
      ["NotoSans", "2-3 Jingumae, "],
      ["NotoSansJP", "サンシャイン 501"],
    ]);
  });

  it("draws Han in the face of the business's locale first", () => {
    expect(hanFaces("ja-JP")[0]).toBe("NotoSansJP");
    expect(hanFaces("zh-CN")[0]).toBe("NotoSansSC");
    expect(hanFaces("zh-TW")[0]).toBe("NotoSansTC");
    expect(hanFaces("zh-HK")[0]).toBe("NotoSansTC");
    expect(hanFaces("ko-KR")[0]).toBe("NotoSansKR");
    expect(runsOf("zh-TW", "陳美麗")).toEqual([["NotoSansTC", "陳美麗"]]);
    expect(runsOf("zh-CN", "王小明")).toEqual([["NotoSansSC", "王小明"]]);
  });

  it("puts right-to-left text in visual order: numbers stay left to right, Arabic runs go to fontkit in logical order", () => {
    // Logical: street, space, number. Visual, left to right: the number (the Arabic face has digits, so they
    // stay with their neighbours), then the street with its space, given to fontkit in logical order.
    expect(runsOf("ar-EG", "شارع 12")).toEqual([
      ["NotoSansArabic", "12"],
      ["NotoSansArabic", "شارع "],
    ]);
  });

  it("keeps a Hebrew name in a left-to-right line where it stands", () => {
    expect(runsOf("en-US", "Sign for שרה")).toEqual([
      ["NotoSans", "Sign for "],
      ["NotoSansHebrew", "שרה"],
    ]);
  });

  it("draws a character no face has as U+FFFD and remembers its code point", () => {
    const text = new DocumentText("en-US");

    const runs = text.runs("Tap 🚰 fixed", "regular");

    expect(runs.map((r) => r.text).join("")).toBe("Tap \ufffd fixed");
    expect([...text.missing]).toEqual([0x1f6b0]);
  });
});
