/**
 * A small seeded generator for the per-row choices. Faker (seeded) supplies the names and streets; the
 * millions of cheap picks per run go through sfc32 instead, which is ~20× faster than faker's
 * Mersenne Twister and has 128 bits of state, so runs with different seeds do not overlap.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  weighted<K extends string>(table: Weighted<K>): K;
  /** Replaces every `#` with a random digit. */
  digits(pattern: string): string;
};

export type Weighted<K extends string> = { keys: K[]; cumulative: number[]; total: number };

export function weights<K extends string>(w: Readonly<Record<K, number>>): Weighted<K> {
  const keys = Object.keys(w) as K[];
  let total = 0;
  const cumulative = keys.map((k) => (total += w[k]));
  return { keys, cumulative, total };
}

function splitmix32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return ((t ^ (t >>> 15)) >>> 0) / 4294967296;
  };
}

export function makeRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = (init() * 4294967296) >>> 0;
  let b = (init() * 4294967296) >>> 0;
  let c = (init() * 4294967296) >>> 0;
  let d = (init() * 4294967296) >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: (list) => list[int(list.length)]!,
    weighted(table) {
      const x = next() * table.total;
      const i = table.cumulative.findIndex((c) => x < c);
      return table.keys[i < 0 ? table.keys.length - 1 : i]!;
    },
    digits: (pattern) => pattern.replace(/#/g, () => String(int(10))),
  };
}

const special: Record<string, string> = {
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  œ: 'oe',
  Œ: 'OE',
};

/** `Łukasiewicz` → `lukasiewicz`, the same folding as PostgreSQL's unaccent (which search uses). */
export function asciiFold(s: string): string {
  return s
    .replace(/[øØæÆßłŁđœŒ]/g, (ch) => special[ch]!)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Folded and stripped to letters and digits, for e-mail local parts and domains. */
export const slug = (s: string) => asciiFold(s).replace(/[^a-z0-9]+/g, '');

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
