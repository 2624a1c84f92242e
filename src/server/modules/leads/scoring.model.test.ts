import { describe, expect, it } from 'vitest';
import { auc, fitLogistic, predict, topFactors } from './scoring.model.ts';

/** A seeded generator, so the synthetic set is the same every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('lead model (logistic regression)', () => {
  it('recovers the signs and order of known coefficients on a synthetic set, with AUC > 0.8 on a hold-out', () => {
    const rand = rng(42);
    const truth = [3.0, -1.5, 1.0, 0]; // the last feature is noise
    const make = (n: number) => {
      const x: number[][] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const row = [rand() < 0.5 ? 1 : 0, rand() * 3, rand() < 0.3 ? 1 : 0, rand()];
        const z = 0.5 + row.reduce((s, v, j) => s + v * truth[j]!, 0);
        y.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
        x.push(row);
      }
      return { x, y };
    };
    const train = make(3000);
    const test = make(1000);
    const model = fitLogistic(['a', 'b', 'c', 'noise'], train.x, train.y, { lambda: 1 });
    expect(Math.sign(model.coef[0]!)).toBe(1);
    expect(Math.sign(model.coef[1]!)).toBe(-1);
    expect(Math.sign(model.coef[2]!)).toBe(1);
    // Standardised coefficients: |a| > |b| > |c| > |noise|.
    const mags = model.coef.map(Math.abs);
    expect(mags[0]!).toBeGreaterThan(mags[1]!);
    expect(mags[1]!).toBeGreaterThan(mags[2]!);
    expect(mags[2]!).toBeGreaterThan(mags[3]!);
    const quality = auc(
      test.x.map((r) => predict(model, r).probability),
      test.y,
    );
    expect(quality).toBeGreaterThan(0.8);
  });

  it('explains a score by its largest contributions, which sum with the intercept to the log-odds', () => {
    const model = { features: ['x', 'y'], mean: [0.5, 0], std: [0.5, 1], coef: [1.5, -0.2], intercept: 0.1 };
    const { probability, contributions } = predict(model, [1, 0.1]);
    const logit = Math.log(probability / (1 - probability));
    expect(logit).toBeCloseTo(0.1 + contributions[0]! + contributions[1]!, 10);
    const factors = topFactors(model, [1, 0.1], contributions);
    expect(factors).toEqual([{ feature: 'x', value: 1, contribution: 1.5 }]);
  });

  it('computes the AUC by ranks: perfect, reversed, ties and one class only', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.3, 0.4], [1, 1])).toBeNull();
  });

  it('stays finite on separable data (the penalty keeps the coefficients bounded)', () => {
    const x = [[0], [0], [0], [1], [1], [1]];
    const y = [0, 0, 0, 1, 1, 1];
    const model = fitLogistic(['f'], x, y, { lambda: 1 });
    expect(Number.isFinite(model.coef[0]!)).toBe(true);
    expect(predict(model, [1]).probability).toBeGreaterThan(0.7);
  });
});
