import { describe, expect, it } from "vitest";
import { invoiceFormat, lineAmount } from "../../core/invoices/format.js";
import { toWinAnsi } from "../../core/invoices/winansi.js";

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("invoice amounts", () => {
  it.each([
    ["en-US", "USD", 135313, "$1,353.13"],
    ["de-DE", "EUR", 135313, "1.353,13 €"],
    ["en-IE", "EUR", 135313, "€1,353.13"],
    ["en-US", "JPY", 135313, "¥135,313"],
    ["en-US", "KWD", 135313, "KWD 135.313"],
    ["en-US", "USD", -2500, "-$25.00"],
  ])("formats %s %s %i minor units as %s", (locale, currency, minor, expected) => {
    expect(nbsp(invoiceFormat(locale, currency).money(minor))).toBe(expected);
  });

  it("rejects a currency that is well-formed but not ISO 4217, and a malformed locale", () => {
    expect(() => invoiceFormat("en-US", "ZZZ")).toThrow(RangeError);
    expect(() => invoiceFormat("en_US!", "USD")).toThrow(RangeError);
  });

  it("writes quantities, tax rates and dates the locale's way", () => {
    const de = invoiceFormat("de-DE", "EUR");
    expect(de.quantity("1.500")).toBe("1,5");
    expect(nbsp(de.percent(0.19))).toBe("19 %");
    expect(de.date(new Date("2026-11-27T00:00:00Z"))).toBe("27.11.2026");
    const us = invoiceFormat("en-US", "USD");
    expect(us.percent(0.0825)).toBe("8.25%");
    expect(us.date(new Date("2026-12-27T00:00:00Z"))).toBe("Dec 27, 2026");
  });
});

describe("line amounts", () => {
  it.each([
    ["1", 14500, 14500],
    ["4.5", 1275, 5738],
    ["1.500", 3333, 5000],
    ["0.001", 499, 0],
    ["0.001", 500, 1],
    ["-2", 1999, -3998],
    ["-0.5", 3, -2],
  ])("%s × %i minor units is %i, rounded half away from zero", (quantity, unit, expected) => {
    expect(lineAmount(quantity, unit)).toBe(expected);
  });

  it("is exact where floating point is not", () => {
    // 1.005 is 1.00499999999999989... in binary: float arithmetic rounds the half cent down.
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(lineAmount("1.005", 100)).toBe(101);
    expect(lineAmount("999999999.999", 9_007)).toBe(9_006_999_999_991);
  });

  it("refuses a quantity that is not a decimal with at most three places", () => {
    expect(() => lineAmount("1.2345", 100)).toThrow(/not a decimal/);
    expect(() => lineAmount("1e3", 100)).toThrow(RangeError);
  });
});

describe("text for the standard fonts (WinAnsi)", () => {
  it("keeps what Helvetica can draw", () => {
    expect(toWinAnsi("Grüße, 1.353,13 € — “Acme”")).toBe("Grüße, 1.353,13 € — “Acme”");
  });

  it("brings the rest into WinAnsi where Unicode has an equivalent, and shows ? otherwise", () => {
    expect(toWinAnsi("1\u202f353,13\u00a0€")).toBe("1 353,13\u00a0€");
    expect(toWinAnsi("￥1,353")).toBe("¥1,353");
    expect(toWinAnsi("Łukasz Żółć")).toBe("Lukasz Zólc");
    expect(toWinAnsi("Ş ğ ő")).toBe("S g o");
    expect(toWinAnsi("東京 🚰")).toBe("?? ?");
    expect(toWinAnsi("two\nlines\tand a tab")).toBe("two lines and a tab");
  });
});
