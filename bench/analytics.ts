/**
 * Analytics benchmark: the BG/NBD and Pareto/NBD fits of the CDNOW summary (target ≤ 1 s) and fit + score of
 * N synthetic customers drawn from BG/NBD and Gamma-Gamma themselves (target ≤ 60 s for 1M), with peak RSS;
 * then association rules on Groceries (support 0.001, confidence 0.5; target ≤ 2 s), RFM scores of N synthetic
 * customers, and next-best-offers: a model on 100,000 synthetic baskets over 2,000 products, offers for N
 * customers.
 *   npx tsx bench/analytics.ts [--customers 1000000] [--only rules]
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type CustomerSummary,
  fitBgNbd,
  fitParetoNbd,
  parseSummaryCsv,
  scoreCustomers,
  toColumns,
} from '../src/server/modules/analytics/index.ts';
import { buildOfferModel, nextBestOffers, ruleCount } from '../src/server/modules/analytics/nbo.ts';
import { type RfmInput, rfmScores } from '../src/server/modules/analytics/rfm.ts';
import { associationRules, parseBaskets } from '../src/server/modules/analytics/rules.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

// A small deterministic generator (mulberry32) so that runs compare.
let seed = 42;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296 || 1e-12;
};
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
/** Gamma(shape, 1) by Marsaglia–Tsang (boosted for shape < 1). */
function gamma(shape: number): number {
  if (shape < 1) return gamma(shape + 1) * uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal();
    const v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Customers of a 12-week cohort observed to week 39, day-granular, as in CDNOW. */
function synthetic(n: number): CustomerSummary[] {
  const [r, alpha, a, b] = [0.243, 4.414, 0.793, 2.426];
  const [p, q, v] = [6.25, 3.74, 15.44];
  const rows: CustomerSummary[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const firstDay = Math.floor(uniform() * 84);
    const T = (273 - firstDay) / 7;
    const lambda = gamma(r) / alpha;
    const ga = gamma(a);
    const drop = ga / (ga + gamma(b));
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(uniform()) / lambda;
      if (t > T) break;
      x++;
      last = t;
      if (uniform() < drop) break;
    }
    const nu = gamma(q) / v;
    let spent = 0;
    for (let k = 0; k < x; k++) spent += gamma(p) / nu;
    const recency = Math.floor(last * 7) / 7;
    rows[i] = { id: String(i + 1), frequency: x, recency, T, monetaryValue: x ? spent / x : 0 };
  }
  return rows;
}

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const out = fn();
  return [out, (performance.now() - t) / 1000];
};

const onlyRules =
  process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'rules';
const cdnowPath = fileURLToPath(
  new URL('../../shared/datasets/lifetimes/cdnow_customers_summary.csv', import.meta.url),
);
if (!onlyRules) {
  const cdnow = toColumns(parseSummaryCsv(fs.readFileSync(cdnowPath, 'utf8')));
  const [bg, bgSeconds] = time(() => fitBgNbd(cdnow));
  const [pn, pnSeconds] = time(() => fitParetoNbd(cdnow));
  console.log(`CDNOW BG/NBD fit: ${bgSeconds.toFixed(3)} s (LL ${bg.logLikelihood.toFixed(1)})`);
  console.log(`CDNOW Pareto/NBD fit: ${pnSeconds.toFixed(3)} s (LL ${pn.logLikelihood.toFixed(1)})`);

  const n = arg('customers', 1_000_000);
  const [rows, genSeconds] = time(() => synthetic(n));
  console.log(`generated ${n} customers: ${genSeconds.toFixed(1)} s`);
  const [fit, fitSeconds] = time(() => fitBgNbd(toColumns(rows)));
  console.log(`BG/NBD fit: ${fitSeconds.toFixed(1)} s, params ${JSON.stringify(fit.params)}`);
  const [scores, scoreSeconds] = time(() =>
    scoreCustomers(rows, {
      model: 'bgnbd',
      horizon: 52,
      unit: 'weeks',
      monthlyDiscountRate: 0.01,
      marginRate: 1,
    }),
  );
  console.log(
    `fit (BG/NBD + Gamma-Gamma) + score ${scores.length} customers (52 weeks, CLV): ${scoreSeconds.toFixed(1)} s`,
  );
}

// --- RFM, association rules, next-best-offers -------------------------------------------------------------
const rulesN = arg('customers', 1_000_000);
const groceriesPath = fileURLToPath(
  new URL('../../shared/datasets/groceries/groceries.csv', import.meta.url),
);
const groceries = parseBaskets(fs.readFileSync(groceriesPath, 'utf8'));
const [rules, rulesSeconds] = time(() =>
  associationRules(groceries, { minSupport: 0.001, minConfidence: 0.5 }),
);
console.log(
  `Groceries association rules (support 0.001, confidence 0.5): ${rulesSeconds.toFixed(3)} s, ${rules.length} rules`,
);

const rfmRows: RfmInput[] = Array.from({ length: rulesN }, (_, i) => ({
  id: String(i + 1),
  recencyDays: Math.floor(uniform() * 730),
  frequency: 1 + Math.floor(-Math.log(uniform()) * 3),
  monetary: Math.round(gamma(2) * 5000) / 100,
}));
const [rfm, rfmSeconds] = time(() => rfmScores(rfmRows));
console.log(`RFM scores + segments of ${rfm.length} customers: ${rfmSeconds.toFixed(2)} s`);

/** A catalogue of 2,000 products with Zipf-like popularity (weight 1 / rank^1.1); baskets of 1–6 products. */
const products = 2000;
const cumulative = new Float64Array(products);
for (let p = 0, sum = 0; p < products; p++) cumulative[p] = sum += 1 / (p + 1) ** 1.1;
const total = cumulative[products - 1] as number;
const product = () => {
  const u = uniform() * total;
  let lo = 0;
  let hi = products - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return `P${lo + 1}`;
};
const basket = () => Array.from({ length: 1 + Math.floor(uniform() * 6) }, product);
const nboBaskets = Array.from({ length: 100_000 }, basket);
const [model, modelSeconds] = time(() =>
  buildOfferModel(nboBaskets, { minSupport: 0.001, minConfidence: 0.2 }),
);
console.log(
  `NBO model (100,000 baskets, ${products} products, support 0.001, confidence 0.2): ${modelSeconds.toFixed(2)} s, ${ruleCount(model)} rules`,
);
const owned = Array.from({ length: rulesN }, basket);
const [offered, offerSeconds] = time(() => {
  let count = 0;
  for (const items of owned) count += nextBestOffers(model, items, 3).length;
  return count;
});
console.log(
  `next-best-offers for ${rulesN} customers (3 each): ${offerSeconds.toFixed(2)} s, ${offered} offers`,
);
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
