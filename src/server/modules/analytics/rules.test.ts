import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { associationRules, minimumCount, parseBaskets, type Rule } from './rules.ts';

/** ../shared/datasets/groceries/groceries.csv: arules' Groceries, one basket a line (datasets README). */
const groceriesPath = fileURLToPath(
  new URL('../../../../../shared/datasets/groceries/groceries.csv', import.meta.url),
);
const groceries = parseBaskets(fs.readFileSync(groceriesPath, 'utf8'));
const lengths = (rules: Rule[]) => {
  const out: Record<number, number> = {};
  for (const r of rules) out[r.lhs.length + 1] = (out[r.lhs.length + 1] ?? 0) + 1;
  return out;
};
const short = (r: Rule) => ({
  lhs: r.lhs,
  rhs: r.rhs,
  support: Number(r.support.toPrecision(7)),
  confidence: Number(r.confidence.toPrecision(7)),
  lift: Number(r.lift.toPrecision(7)),
  count: r.count,
});

describe('associationRules on small baskets', () => {
  const baskets = [
    ['bread', 'milk'],
    ['bread', 'butter', 'milk'],
    ['bread', 'butter'],
    ['milk', 'milk', 'eggs'], // duplicate items count once
    ['bread', 'butter', 'milk'],
  ];

  it('finds every rule X ⇒ {y} with its support, confidence, lift and count', () => {
    const rules = associationRules(baskets, { minSupport: 0.4, minConfidence: 0.6, minLength: 2 });
    // bread 4, milk 4, butter 3; {bread,milk} 3, {bread,butter} 3, {butter,milk} 2, {bread,butter,milk} 2 (N = 5)
    const butterMilk = rules.find((r) => r.lhs.join() === 'butter,milk' && r.rhs === 'bread');
    expect(butterMilk).toEqual({
      lhs: ['butter', 'milk'],
      rhs: 'bread',
      support: 0.4,
      confidence: 1,
      lift: 1.25,
      count: 2,
    });
    expect(rules.find((r) => r.lhs.join() === 'bread' && r.rhs === 'butter')).toMatchObject({
      confidence: 0.75,
      count: 3,
    });
    expect(rules.find((r) => r.lhs.join() === 'milk' && r.rhs === 'butter')).toBeUndefined(); // conf 0.5
    expect(rules.some((r) => r.rhs === 'eggs' || r.lhs.includes('eggs'))).toBe(false); // support 0.2
    expect(rules).toHaveLength(8); // all pairs and triples but milk ⇒ butter (0.5)
    for (const r of rules) {
      for (const v of [r.support, r.confidence, r.lift]) expect(Number.isFinite(v)).toBe(true);
      expect(r.lhs).toEqual([...r.lhs].sort());
    }
  });

  it('sorts by lift, confidence, support, then lhs and rhs text', () => {
    const rules = associationRules(baskets, { minSupport: 0.2, minConfidence: 0.1 });
    for (let i = 1; i < rules.length; i++) {
      const [a, b] = [rules[i - 1] as Rule, rules[i] as Rule];
      expect(a.lift > b.lift || (a.lift === b.lift && a.confidence >= b.confidence)).toBe(true);
    }
    expect(associationRules([...baskets].reverse(), { minSupport: 0.2, minConfidence: 0.1 })).toEqual(rules);
  });

  it('makes {} => {y} rules when supp(y) ≥ minConfidence and minLength is 1, as arules does', () => {
    const rules = associationRules(baskets, { minSupport: 0.4, minConfidence: 0.8 });
    expect(rules.filter((r) => r.lhs.length === 0)).toEqual([
      { lhs: [], rhs: 'bread', support: 0.8, confidence: 0.8, lift: 1, count: 4 },
      { lhs: [], rhs: 'milk', support: 0.8, confidence: 0.8, lift: 1, count: 4 },
    ]);
    expect(
      associationRules(baskets, { minSupport: 0.4, minConfidence: 0.8, minLength: 2 }).every(
        (r) => r.lhs.length > 0,
      ),
    ).toBe(true);
  });

  it('limits the rule length (lhs + rhs) to maxLength', () => {
    const rules = associationRules(baskets, { minSupport: 0.2, minConfidence: 0.1, maxLength: 2 });
    expect(Math.max(...rules.map((r) => r.lhs.length + 1))).toBe(2);
  });

  it('needs a count of ⌈N · minSupport⌉ (arules istree.c: (int)ceil(tacnt * supp))', () => {
    expect(minimumCount(9835, 0.001)).toBe(10); // arules prints "Absolute minimum support count: 9" (floor)
    expect(minimumCount(9835, 0.006)).toBe(60);
    expect(minimumCount(5, 0.4)).toBe(2);
    // 3 baskets, minSupport 0.5: ⌈1.5⌉ = 2, so a pair seen once is not frequent.
    const rules = associationRules([['a', 'b'], ['a'], ['a', 'c']], { minSupport: 0.5, minConfidence: 0.1 });
    expect(rules.map((r) => `${r.lhs.join('+')}>${r.rhs}`)).toEqual(['>a']);
  });

  it('rejects no baskets and thresholds outside (0, 1] with 422s', () => {
    const opts = { minSupport: 0.1, minConfidence: 0.5 };
    expect(() => associationRules([], opts)).toThrow(
      expect.objectContaining({ code: 'analytics_no_transactions', status: 422 }),
    );
    for (const minSupport of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => associationRules(baskets, { ...opts, minSupport })).toThrow(
        expect.objectContaining({ code: 'analytics_invalid_support', status: 422 }),
      );
    }
    for (const minConfidence of [0, 2, Number.NaN]) {
      expect(() => associationRules(baskets, { ...opts, minConfidence })).toThrow(
        expect.objectContaining({ code: 'analytics_invalid_confidence', status: 422 }),
      );
    }
    expect(() => associationRules(baskets, { ...opts, maxLength: 0 })).toThrow(
      expect.objectContaining({ code: 'analytics_invalid_rule_length' }),
    );
    expect(() => associationRules(baskets, { ...opts, minLength: 3, maxLength: 2 })).toThrow(
      expect.objectContaining({ code: 'analytics_invalid_rule_length' }),
    );
    expect(associationRules([[], []], opts)).toEqual([]); // baskets without items: nothing frequent
  });
});

/**
 * Published arules outputs on Groceries (9,835 transactions, 169 items), all with arules' defaults
 * (minlen 1, maxlen 10):
 * - support 0.001, confidence 0.5: "set of 5668 rules", rule lengths 2–6 = 11, 1461, 3211, 939, 46 — the
 *   arulesViz vignette §2 (Hahsler & Chelluboina, "Visualizing Association Rules: Introduction to the
 *   R-extension Package arulesViz", same call, top three by lift printed) and Chiu, "Machine Learning with R
 *   Cookbook" (Packt 2015), ch. 12, "Mining associations with the Apriori rule" (`summary(rules)`); the top six
 *   by lift (18.99565 … 14.83409) as printed by `inspect(head(sort(rules, by = "lift")))` in public tutorials;
 * - support 0.001, confidence 0.8: "set of 410 rules", lengths 3–6 = 29, 229, 140, 12, max lift 11.235,
 *   min count 10; top by lift {liquor, red/blush wine} => {bottled beer} 0.001931876 / 0.9047619 / 11.235269,
 *   count 19, then the two 8.34040 rules (public R Markdown outputs of the widely copied "Market Basket
 *   Analysis with R" tutorial code);
 * - support 0.006, confidence 0.25, minlen 2: "set of 463 rules", lengths 2–4 = 150, 297, 16, min count 60 —
 *   Lantz, "Machine Learning with R", ch. 8 (groceries.csv, the file used here). arules prints
 *   "Absolute minimum support count: 59" there, yet the smallest count is 60: the C code's ceiling applies.
 */
describe('associationRules on Groceries, against arules', () => {
  it('reads 9,835 baskets over 169 items', () => {
    expect(groceries).toHaveLength(9835);
    expect(new Set(groceries.flat()).size).toBe(169);
  });

  it('support 0.001, confidence 0.5: 5,668 rules, the published lengths and top rules by lift', () => {
    const started = performance.now();
    const rules = associationRules(groceries, { minSupport: 0.001, minConfidence: 0.5 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(rules).toHaveLength(5668);
    expect(lengths(rules)).toEqual({ 2: 11, 3: 1461, 4: 3211, 5: 939, 6: 46 });
    expect(Math.min(...rules.map((r) => r.count))).toBe(10);
    expect(rules.slice(0, 6).map(short)).toEqual([
      {
        lhs: ['Instant food products', 'soda'],
        rhs: 'hamburger meat',
        support: 0.001220132,
        confidence: 0.6315789,
        lift: 18.99565,
        count: 12,
      },
      {
        lhs: ['popcorn', 'soda'],
        rhs: 'salty snack',
        support: 0.001220132,
        confidence: 0.6315789,
        lift: 16.69779,
        count: 12,
      },
      {
        lhs: ['baking powder', 'flour'],
        rhs: 'sugar',
        support: 0.001016777,
        confidence: 0.5555556,
        lift: 16.40807,
        count: 10,
      },
      {
        lhs: ['ham', 'processed cheese'],
        rhs: 'white bread',
        support: 0.001931876,
        confidence: 0.6333333,
        lift: 15.04549,
        count: 19,
      },
      {
        lhs: ['Instant food products', 'whole milk'],
        rhs: 'hamburger meat',
        support: 0.001525165,
        confidence: 0.5,
        lift: 15.03823,
        count: 15,
      },
      {
        lhs: ['curd', 'other vegetables', 'whipped/sour cream', 'yogurt'],
        rhs: 'cream cheese ', // arules' item label keeps the trailing space
        support: 0.001016777,
        confidence: 0.5882353,
        lift: 14.83409,
        count: 10,
      },
    ]);
    // The arulesViz vignette's `rules[quality(rules)$confidence > 0.8]`: "set of 371 rules".
    expect(rules.filter((r) => r.confidence > 0.8)).toHaveLength(371);
  });

  it('support 0.001, confidence 0.8: 410 rules, {liquor, red/blush wine} => {bottled beer} first', () => {
    const rules = associationRules(groceries, { minSupport: 0.001, minConfidence: 0.8 });
    expect(rules).toHaveLength(410);
    expect(lengths(rules)).toEqual({ 3: 29, 4: 229, 5: 140, 6: 12 });
    expect(short(rules[0] as Rule)).toEqual({
      lhs: ['liquor', 'red/blush wine'],
      rhs: 'bottled beer',
      support: 0.001931876,
      confidence: 0.9047619,
      lift: 11.23527,
      count: 19,
    });
    expect((rules[0] as Rule).lift).toBeCloseTo(11.235269, 6);
    expect(
      rules.slice(1, 3).map((r) => [r.lhs.join(','), r.rhs, Number(r.lift.toFixed(5)), r.count]),
    ).toEqual([
      ['citrus fruit,fruit/vegetable juice,other vegetables,soda', 'root vegetables', 8.3404, 10],
      ['oil,other vegetables,tropical fruit,whole milk,yogurt', 'root vegetables', 8.3404, 10],
    ]);
    expect(rules.find((r) => r.lhs.join() === 'rice,sugar')).toMatchObject({
      rhs: 'whole milk',
      confidence: 1,
      count: 12,
    });
  });

  it('support 0.006, confidence 0.25, minLength 2: 463 rules, smallest count 60 (Lantz ch. 8)', () => {
    const rules = associationRules(groceries, { minSupport: 0.006, minConfidence: 0.25, minLength: 2 });
    expect(rules).toHaveLength(463);
    expect(lengths(rules)).toEqual({ 2: 150, 3: 297, 4: 16 });
    expect(Math.min(...rules.map((r) => r.count))).toBe(60);
    expect(rules.find((r) => r.lhs.join() === 'herbs' && r.rhs === 'root vegetables')).toMatchObject({
      count: 69,
      confidence: 0.43125,
    });
  });

  it('a floor instead of the ceiling would change the counts (9 instead of 10 baskets at 0.001)', () => {
    expect(associationRules(groceries, { minSupport: 9 / 9835, minConfidence: 0.8 }).length).toBeGreaterThan(
      410,
    );
  });
});
