/**
 * Numbers as `toLocaleString("en-US", { maximumFractionDigits })` writes them, without Intl: a container's
 * first Intl number format loads ICU's locale data, about 20 ms of a cold reaction's path.
 */

/**
 * Digits grouped by thousands, at most `maxFractionDigits` decimals (ties away from zero, trailing zeros
 * dropped), from the number's shortest decimal form as Intl rounds it.
 * @example grouped(12345.67891, 4) // "12,345.6789"
 */
export function grouped(value: number, maxFractionDigits = 0): string {
  const decimal = Math.abs(value).toString();
  if (!Number.isFinite(value) || decimal.includes("e")) {
    return value.toLocaleString("en-US", { maximumFractionDigits: maxFractionDigits }); // NaN, ∞ and exponent forms: rare, leave to Intl
  }
  const [whole = "0", fraction = ""] = decimal.split(".");
  let digits = whole + fraction.slice(0, maxFractionDigits).padEnd(maxFractionDigits, "0");
  if ((fraction[maxFractionDigits] ?? "0") >= "5") digits = incremented(digits);
  const wholeDigits = digits.slice(0, digits.length - maxFractionDigits) || "0";
  const kept = digits.slice(digits.length - maxFractionDigits).replace(/0+$/, "");
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  return `${sign}${wholeDigits.replace(/\B(?=(\d{3})+$)/g, ",")}${kept ? `.${kept}` : ""}`;
}

/** A digit string plus one in its last place. */
function incremented(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== "9") {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
    out[i] = "0";
  }
  return `1${out.join("")}`;
}
