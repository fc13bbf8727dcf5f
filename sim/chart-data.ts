/**
 * A chart's minute series as the report's script (chart-browser.js) reads them, embedded once as JSON. A value
 * is sent as a whole number of its unit, a power of ten a thousandth of the panel's range or finer: over 1,000
 * levels on a 104-pixel panel, three or four significant digits in the hover readout. `null` is a minute
 * without a value (a gap in the line). A series that mostly holds its value (a task count) is sent as runs: the
 * index where each value starts, then the value. A running total (the cost) is sent as its increments, which
 * hold while the task count does, and added up by the script.
 */

export type Encoded = ({ v: (number | null)[] } | { r: (number | null)[] }) & {
  /** What one step of a value is worth. */
  u: number;
  /** The values are increments: the series is their running total. */
  acc?: 1;
};

/**
 * The unit of a panel's values: a power of ten at most a thousandth of its range; whole numbers stay whole.
 * @example unitFor(100, [42.5]) // 0.1
 */
export function unitFor(range: number, values: readonly (number | undefined)[]): number {
  const unit = 10 ** Math.floor(Math.log10(Math.max(range, 1e-9) / 1000));
  if (unit < 1 && values.every((v) => v === undefined || Number.isInteger(v))) return 1;
  return unit;
}

/** Decimals that show a value of this unit in full. */
export function decimalsOf(unit: number): number {
  return Math.max(0, -Math.floor(Math.log10(unit) + 1e-9));
}

/** The values as whole numbers of `unit`, as a list or as runs, whichever is shorter. */
export function encode(values: readonly (number | undefined)[], unit: number): Encoded {
  return wholes(
    values.map((v) => (v === undefined || Number.isNaN(v) ? null : Math.round(v / unit))),
    unit,
  );
}

/**
 * A running total (task-seconds billed by each minute's end) as its increments in milliseconds, whole: the
 * script's total is exactly the last value here (to the millisecond), whatever the run's length.
 */
export function encodeTotal(totals: readonly number[], unitPerMs: number): Encoded {
  let before = 0;
  const steps = totals.map((total) => {
    const ms = Math.round(total * 1000);
    const step = ms - before;
    before = ms;
    return step;
  });
  return { ...wholes(steps, unitPerMs), acc: 1 };
}

function wholes(values: readonly (number | null)[], unit: number): Encoded {
  const runs: (number | null)[] = [];
  values.forEach((v, i) => {
    if (i === 0 || v !== values[i - 1]) runs.push(i, v);
  });
  return runs.length < values.length ? { u: unit, r: runs } : { u: unit, v: [...values] };
}
