import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOfferModel, nextBestOffers, ruleCount } from './nbo.ts';
import { parseBaskets } from './rules.ts';

const baskets = [
  ['beans', 'grinder', 'filters'],
  ['beans', 'grinder', 'filters'],
  ['beans', 'grinder'],
  ['beans', 'filters'],
  ['beans', 'mug'],
  ['beans', 'mug'],
  ['tea', 'mug'],
  ['tea', 'kettle'],
  ['tea', 'kettle'],
  ['tea'],
];
// N 10; beans 6, tea 4, mug 3, grinder 3, filters 3, kettle 2; beans+grinder 3, beans+filters 3,
// grinder+filters 2, beans+grinder+filters 2, beans+mug 2, tea+kettle 2, tea+mug 1.

describe('nextBestOffers', () => {
  const model = buildOfferModel(baskets, { minSupport: 0.2, minConfidence: 0.6 });

  it('offers what the fired rules predict, best confidence first, with the rule lhs as the reason', () => {
    expect(ruleCount(model)).toBeGreaterThan(0);
    const offers = nextBestOffers(model, ['grinder']);
    // grinder ⇒ beans (3/3 = 1), grinder ⇒ filters (2/3)
    expect(offers.map((o) => [o.item, o.kind, o.because])).toEqual([
      ['beans', 'rule', ['grinder']],
      ['filters', 'rule', ['grinder']],
    ]);
    expect(offers[0]).toMatchObject({ confidence: 1, support: 0.3 });
    expect(offers[0]?.lift).toBeCloseTo(1 / 0.6, 12);
    expect(offers[1]?.confidence).toBeCloseTo(2 / 3, 12);
    expect(offers[1]?.lift).toBeCloseTo(2 / 3 / 0.3, 12);
    expect(offers[1]?.support).toBeCloseTo(0.2, 12);
  });

  it('keeps one offer per item (its best rule) and never offers what the customer owns', () => {
    const offers = nextBestOffers(model, ['grinder', 'beans'], 5);
    expect(offers.map((o) => o.item)).not.toContain('grinder');
    expect(offers.map((o) => o.item)).not.toContain('beans');
    const filters = offers.filter((o) => o.item === 'filters');
    expect(filters).toHaveLength(1);
    // {beans, grinder} ⇒ filters (2/3) ties grinder ⇒ filters (2/3) on confidence; lift and support tie too:
    // the shorter lhs wins.
    expect(filters[0]).toMatchObject({ kind: 'rule', because: ['grinder'], confidence: 2 / 3 });
    expect(offers[1]).toMatchObject({
      item: 'mug',
      kind: 'co-occurrence',
      because: ['beans'],
      confidence: 2 / 6,
    });
  });

  it('falls back to co-occurrence (pairs seen at least twice) when no rule fires', () => {
    // tea ⇒ kettle is 2/4 = 0.5 < 0.6: no rule; kettle co-occurs twice with tea, mug only once (not offered).
    expect(nextBestOffers(model, ['tea'])).toEqual([
      {
        item: 'kettle',
        kind: 'co-occurrence',
        because: ['tea'],
        confidence: 0.5,
        lift: 0.5 / 0.2,
        support: 0.2,
      },
    ]);
    // kettle ⇒ tea (2/2) is a rule; then the co-occurrence fallback has nothing seen twice with kettle.
    expect(nextBestOffers(model, ['kettle'])).toEqual([
      { item: 'tea', kind: 'rule', because: ['kettle'], confidence: 1, lift: 2.5, support: 0.2 },
    ]);
  });

  it('never offers from empty-lhs rules, and returns nothing for unknown items or a limit of 0', () => {
    const withEmpty = buildOfferModel(baskets, { minSupport: 0.2, minConfidence: 0.5 }); // {} ⇒ beans (0.6)
    expect(nextBestOffers(withEmpty, ['tea'])).toEqual([
      { item: 'kettle', kind: 'rule', because: ['tea'], confidence: 0.5, lift: 2.5, support: 0.2 },
    ]);
    expect(nextBestOffers(model, ['caviar'])).toEqual([]);
    expect(nextBestOffers(model, [])).toEqual([]);
    expect(nextBestOffers(model, ['grinder'], 0)).toEqual([]);
    expect(nextBestOffers(model, ['grinder'], 1)).toHaveLength(1);
    expect(() => nextBestOffers(model, ['grinder'], -1)).toThrow(
      expect.objectContaining({ code: 'analytics_invalid_limit' }),
    );
  });

  it('is deterministic and does not depend on the order of the owned items or earlier calls', () => {
    const a = nextBestOffers(model, ['filters', 'grinder', 'mug'], 4);
    nextBestOffers(model, ['tea']);
    expect(nextBestOffers(model, ['mug', 'grinder', 'filters', 'mug'], 4)).toEqual(a);
  });

  it('rejects bad input like associationRules', () => {
    expect(() => buildOfferModel([], { minSupport: 0.1, minConfidence: 0.5 })).toThrow(
      expect.objectContaining({ code: 'analytics_no_transactions', status: 422 }),
    );
    expect(() => buildOfferModel(baskets, { minSupport: 0, minConfidence: 0.5 })).toThrow(
      expect.objectContaining({ code: 'analytics_invalid_support' }),
    );
  });
});

describe('nextBestOffers on Groceries (arules rules at support 0.001, confidence 0.5)', () => {
  const path = fileURLToPath(
    new URL('../../../../../shared/datasets/groceries/groceries.csv', import.meta.url),
  );
  const groceries = parseBaskets(fs.readFileSync(path, 'utf8'));
  const model = buildOfferModel(groceries, { minSupport: 0.001, minConfidence: 0.5 });

  it('has the 5,668 rules and offers bottled beer first to a customer with liquor and red/blush wine', () => {
    expect(ruleCount(model)).toBe(5668);
    const offers = nextBestOffers(model, ['liquor', 'red/blush wine']);
    expect(offers[0]).toMatchObject({
      item: 'bottled beer',
      kind: 'rule',
      because: ['liquor', 'red/blush wine'],
    });
    expect(offers[0]?.confidence).toBeCloseTo(0.9047619, 7);
    expect(offers[0]?.lift).toBeCloseTo(11.235269, 6);
    expect(offers).toHaveLength(3);
    expect(offers.slice(1).every((o) => o.kind === 'co-occurrence')).toBe(true);
  });

  it('offers whole milk to a customer with rice and sugar ({rice, sugar} => {whole milk}, confidence 1)', () => {
    expect(nextBestOffers(model, ['rice', 'sugar'])[0]).toMatchObject({
      item: 'whole milk',
      kind: 'rule',
      because: ['rice', 'sugar'],
      confidence: 1,
    });
  });

  it('never offers an owned item, and every number is finite', () => {
    for (let i = 0; i < groceries.length; i += 7) {
      const owned = groceries[i] as string[];
      for (const o of nextBestOffers(model, owned, 5)) {
        expect(owned).not.toContain(o.item);
        expect(Number.isFinite(o.confidence) && Number.isFinite(o.lift) && Number.isFinite(o.support)).toBe(
          true,
        );
      }
    }
  });
});
