/**
 * How an invoice writes amounts, quantities, rates and dates: `Intl` in the business's locale and the
 * invoice's currency, with the currency's own number of minor units (2 for USD/EUR, 0 for JPY, 3 for KWD).
 */
export interface InvoiceFormat {
  /** An amount in the currency's minor unit, e.g. 135313 → "$1,353.13" (en-US, USD). */
  money(minorUnits: number): string;
  /** An exact decimal quantity, e.g. "1.500" → "1.5" (en-US) or "1,5" (de-DE). */
  quantity(quantity: string): string;
  /** A fraction as a percentage, e.g. 0.0825 → "8.25%". */
  percent(rate: number): string;
  /** A calendar date (UTC, the day the invoice was issued or is due). */
  date(at: Date): string;
}

const cache = new Map<string, InvoiceFormat>();
let currencies: Set<string> | undefined;

/**
 * The formats of one locale and currency; throws a RangeError for an unknown locale or currency code.
 * @example invoiceFormat("de-DE", "EUR").money(135313) // "1.353,13 €"
 */
export function invoiceFormat(locale: string, currency: string): InvoiceFormat {
  const id = `${locale}|${currency}`;
  const cached = cache.get(id);
  if (cached) return cached;
  // Intl formats any well-formed code ("ZZZ 1.00"): only ISO 4217 currencies are amounts we can print.
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  if (!currencies.has(currency)) throw new RangeError(`unknown currency ${JSON.stringify(currency)}`);
  const money = new Intl.NumberFormat(locale, { style: "currency", currency });
  const scale = 10 ** (money.resolvedOptions().maximumFractionDigits ?? 2);
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 3 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const format: InvoiceFormat = {
    money: (minorUnits) => money.format(minorUnits / scale),
    quantity: (value) => quantity.format(Number(value)),
    percent: (rate) => percent.format(rate),
    date: (at) => date.format(at),
  };
  cache.set(id, format);
  return format;
}

/**
 * A line's net amount in minor units: quantity × unit price, rounded half away from zero. Exact (BigInt) for
 * any numeric(12,3) quantity.
 * @example lineAmount("1.500", 3333) // 5000 (4999.5 rounded)
 */
export function lineAmount(quantity: string, unitPriceMinor: number): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(quantity.trim());
  if (!match) throw new RangeError(`quantity ${JSON.stringify(quantity)} is not a decimal with at most 3 places`);
  const [, sign, whole, fraction = ""] = match;
  const thousandths = BigInt(`${sign}${whole}${fraction.padEnd(3, "0")}`);
  const product = thousandths * BigInt(unitPriceMinor);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + 500n) / 1000n;
  return Number(negative ? -rounded : rounded);
}
