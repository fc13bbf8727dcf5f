/**
 * A seeded pseudo-random source (mulberry32): the same scenario and seed give the same run, bit for bit,
 * so a simulated timeline can be asserted in tests and compared between two versions of the matrix.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [-1, 1). */
  signed(): number;
  /** A version-4-shaped UUID drawn from this source (event and message ids). */
  uuid(): string;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16)).join("");
  return {
    next,
    signed: () => next() * 2 - 1,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(next() * 4)).toString(16)}${hex(3)}-${hex(12)}`,
  };
}
