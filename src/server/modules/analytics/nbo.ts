import { analyticsError } from './analytics.errors.ts';
import { checkRuleOptions, encodeBaskets, type IdRule, mineRules } from './rules.ts';

/**
 * Next-best-offers from purchase history (docs/ANALYTICS.md, "Next-best-offer"):
 * 1. association rules (arules semantics, `rules.ts`) whose lhs the customer owns and whose rhs they do not,
 *    best first by confidence, lift, support; one offer per item (its best rule); `because` = the rule's lhs;
 *    rules with an empty lhs are never offered;
 * 2. when fewer than `limit` offers come from rules: pairwise co-occurrence — for an owned a and a not-owned b
 *    seen together in at least 2 baskets, confidence = count(a, b) / count(a), lift = confidence / supp(b),
 *    support = count(a, b) / N; the best a per b; `because: [a]`.
 * Ties are broken by item name, then by the `because` names, so results are deterministic.
 */
export type Offer = {
  item: string;
  kind: 'rule' | 'co-occurrence';
  because: string[];
  confidence: number;
  lift: number;
  support: number;
};

/** Partners kept per item in the co-occurrence table (the ones with the highest counts). */
export const CO_OCCURRENCE_PARTNERS = 50;
/** A pair must be seen in at least this many baskets to be offered. */
export const CO_OCCURRENCE_MIN_COUNT = 2;

/** Opaque: the rules indexed by one lhs item each, and the capped co-occurrence table. */
export interface OfferModel {
  readonly n: number;
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly counts: Int32Array;
  readonly ruleTotal: number;
  /** Rules (non-empty lhs) in offer order: rank 0 is the best rule overall; `because` = lhs names sorted. */
  readonly rules: readonly IdRule[];
  readonly because: readonly (readonly string[])[];
  /** The rules flat, by rank: rhs, and lhs = `lhsIds[lhsStart[rank] … lhsStart[rank+1])`. */
  readonly ruleRhs: Int32Array;
  readonly lhsStart: Int32Array;
  readonly lhsIds: Int32Array;
  /** Rule ranks anchored at item a: `ruleAt[ruleStart[a] … ruleStart[a+1])`. */
  readonly ruleStart: Int32Array;
  readonly ruleAt: Int32Array;
  /** Co-occurrence partners of a: `partner/partnerCount[pairStart[a] … pairStart[a+1])`. */
  readonly pairStart: Int32Array;
  readonly partner: Int32Array;
  readonly partnerCount: Int32Array;
}

/** Per-item scratch space of `nextBestOffers` (no allocation per item per call). */
interface Scratch {
  stamp: number;
  mark: Int32Array;
  seen: Int32Array;
  bestRank: Int32Array;
  bestA: Int32Array;
  bestC: Int32Array;
  bestConfidence: Float64Array;
  bestLift: Float64Array;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const joined = (names: readonly string[], ids: Int32Array) =>
  Array.from(ids, (id) => names[id] as string)
    .sort(byText)
    .join('\u0000');

export function buildOfferModel(
  baskets: string[][],
  opts: { minSupport: number; minConfidence: number; maxLength?: number },
): OfferModel {
  checkRuleOptions(opts);
  const data = encodeBaskets(baskets);
  const { n, names, counts } = data;
  const items = names.length;
  const all = mineRules(data, opts);

  // Rules in offer order: confidence, lift, support (descending), then item name, then lhs names.
  const rules = all.filter((r) => r.lhs.length > 0);
  const lhsText = new Map<IdRule, string>();
  for (const r of rules) lhsText.set(r, joined(names, r.lhs));
  rules.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      b.lift - a.lift ||
      b.support - a.support ||
      byText(names[a.rhs] as string, names[b.rhs] as string) ||
      a.lhs.length - b.lhs.length ||
      byText(lhsText.get(a) as string, lhsText.get(b) as string),
  );
  // Each rule is anchored at its least frequent lhs item: the most selective test of "owns the lhs".
  const anchor = new Int32Array(rules.length);
  const ruleStart = new Int32Array(items + 1);
  rules.forEach((r, i) => {
    let best = r.lhs[0] as number;
    for (const id of r.lhs) if ((counts[id] as number) < (counts[best] as number)) best = id;
    anchor[i] = best;
    ruleStart[best + 1] = (ruleStart[best + 1] as number) + 1;
  });
  for (let a = 0; a < items; a++) ruleStart[a + 1] = (ruleStart[a + 1] as number) + (ruleStart[a] as number);
  const ruleAt = new Int32Array(rules.length);
  const fill = ruleStart.slice(0, items);
  for (let i = 0; i < rules.length; i++) {
    const a = anchor[i] as number;
    const at = fill[a] as number;
    ruleAt[at] = i; // ranks ascending per item
    fill[a] = at + 1;
  }

  const ruleRhs = Int32Array.from(rules, (r) => r.rhs);
  const lhsStart = new Int32Array(rules.length + 1);
  rules.forEach((r, i) => {
    lhsStart[i + 1] = (lhsStart[i] as number) + r.lhs.length;
  });
  const lhsIds = new Int32Array(lhsStart[rules.length] as number);
  for (let i = 0; i < rules.length; i++) lhsIds.set((rules[i] as IdRule).lhs, lhsStart[i] as number);

  const { pairStart, partner, partnerCount } = coOccurrence(data);
  const model: OfferModel = {
    n,
    names,
    index: new Map(names.map((name, id) => [name, id])),
    counts,
    ruleTotal: all.length,
    rules,
    because: rules.map((r) => Array.from(r.lhs, (id) => names[id] as string).sort(byText)),
    ruleRhs,
    lhsStart,
    lhsIds,
    ruleStart,
    ruleAt,
    pairStart,
    partner,
    partnerCount,
  };
  const scratch: Scratch = {
    stamp: 0,
    mark: new Int32Array(items),
    seen: new Int32Array(items),
    bestRank: new Int32Array(items),
    bestA: new Int32Array(items),
    bestC: new Int32Array(items),
    bestConfidence: new Float64Array(items),
    bestLift: new Float64Array(items),
  };
  return Object.assign(model, scratch);
}

/**
 * Pair counts of the baskets, then per item the CO_OCCURRENCE_PARTNERS partners with the highest counts
 * (≥ CO_OCCURRENCE_MIN_COUNT; ties: the rarer partner first — the higher lift — then by name).
 * Dense upper-triangle counts up to 4,096 items (≤ 32 MB), a hash map of pairs beyond.
 */
function coOccurrence(data: ReturnType<typeof encodeBaskets>) {
  const items = data.names.length;
  const lists: { b: number[]; c: number[] }[] = Array.from({ length: items }, () => ({ b: [], c: [] }));
  const add = (a: number, b: number, c: number) => {
    if (c < CO_OCCURRENCE_MIN_COUNT) return;
    (lists[a] as { b: number[] }).b.push(b);
    (lists[a] as { c: number[] }).c.push(c);
    (lists[b] as { b: number[] }).b.push(a);
    (lists[b] as { c: number[] }).c.push(c);
  };
  const { start, ids } = data;
  if (items <= 4096) {
    const tri = new Int32Array((items * (items - 1)) / 2 || 1);
    const row = (a: number) => (a * (2 * items - a - 1)) / 2; // offset of (a, a+1)
    for (let t = 0; t < data.n; t++) {
      const to = start[t + 1] as number;
      for (let i = start[t] as number; i < to; i++) {
        const a = ids[i] as number;
        const base = row(a) - a - 1;
        for (let j = i + 1; j < to; j++) {
          const at = base + (ids[j] as number);
          tri[at] = (tri[at] as number) + 1;
        }
      }
    }
    for (let a = 0; a < items; a++) {
      const base = row(a) - a - 1;
      for (let b = a + 1; b < items; b++) add(a, b, tri[base + b] as number);
    }
  } else {
    const pairs = new Map<number, number>();
    for (let t = 0; t < data.n; t++) {
      const to = start[t + 1] as number;
      for (let i = start[t] as number; i < to; i++) {
        for (let j = i + 1; j < to; j++) {
          const key = (ids[i] as number) * items + (ids[j] as number);
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
    }
    for (const [key, c] of pairs) add(Math.floor(key / items), key % items, c);
  }
  const pairStart = new Int32Array(items + 1);
  const kept: { b: number[]; c: number[] }[] = [];
  for (let a = 0; a < items; a++) {
    const { b, c } = lists[a] as { b: number[]; c: number[] };
    const order = b.map((_, i) => i);
    order.sort(
      (x, y) =>
        (c[y] as number) - (c[x] as number) ||
        (data.counts[b[x] as number] as number) - (data.counts[b[y] as number] as number) ||
        byText(data.names[b[x] as number] as string, data.names[b[y] as number] as string),
    );
    order.length = Math.min(order.length, CO_OCCURRENCE_PARTNERS);
    kept.push({ b: order.map((i) => b[i] as number), c: order.map((i) => c[i] as number) });
    pairStart[a + 1] = (pairStart[a] as number) + order.length;
  }
  const partner = new Int32Array(pairStart[items] as number);
  const partnerCount = new Int32Array(pairStart[items] as number);
  kept.forEach((k, a) => {
    partner.set(k.b, pairStart[a] as number);
    partnerCount.set(k.c, pairStart[a] as number);
  });
  return { pairStart, partner, partnerCount };
}

/** The number of association rules mined (as `associationRules` returns them, empty lhs included). */
export function ruleCount(model: OfferModel): number {
  return model.ruleTotal;
}

/** Up to `limit` items the customer does not own, rules first, then co-occurrence (see the top of this file). */
export function nextBestOffers(model: OfferModel, owned: readonly string[], limit = 3): Offer[] {
  if (!Number.isInteger(limit) || limit < 0) {
    throw analyticsError('invalid_limit', `The number of offers must be a whole number ≥ 0, not ${limit}.`);
  }
  if (limit === 0) return [];
  const m = model as OfferModel & Scratch;
  const { names, counts, n } = m;
  if (m.stamp >= 0x7ffffff0) {
    m.mark.fill(0);
    m.seen.fill(0);
    m.stamp = 0;
  }
  // mark[id] === owned: the customer owns id; seen[id] === stamp: id has a candidate this call.
  const ownedStamp = ++m.stamp;
  const stamp = ++m.stamp;
  const { mark, seen, bestRank, bestA, bestC, bestConfidence, bestLift } = m;
  const have: number[] = [];
  for (const name of owned) {
    const id = m.index.get(name);
    if (id !== undefined && mark[id] !== ownedStamp) {
      mark[id] = ownedStamp;
      have.push(id);
    }
  }
  if (have.length === 0) return [];

  // Rules: the best rank per rhs among the rules whose lhs is owned and whose rhs is not. `top` holds the
  // `limit` best ranks found so far; a bucket (ascending ranks) stops at the first rank worse than all of them.
  const top: number[] = [];
  const { ruleStart, ruleAt, ruleRhs, lhsStart, lhsIds } = m;
  for (const a of have) {
    const to = ruleStart[a + 1] as number;
    for (let i = ruleStart[a] as number; i < to; i++) {
      const rank = ruleAt[i] as number;
      if (top.length === limit && rank > (top[limit - 1] as number)) break;
      const rhs = ruleRhs[rank] as number;
      if (mark[rhs] === ownedStamp) continue;
      const had = seen[rhs] === stamp;
      if (had && (bestRank[rhs] as number) <= rank) continue;
      let fires = true;
      const lhsTo = lhsStart[rank + 1] as number;
      for (let j = lhsStart[rank] as number; j < lhsTo; j++) {
        if (mark[lhsIds[j] as number] !== ownedStamp) {
          fires = false;
          break;
        }
      }
      if (!fires) continue;
      if (had) {
        const at = top.indexOf(bestRank[rhs] as number);
        if (at >= 0) top.splice(at, 1);
      }
      seen[rhs] = stamp;
      bestRank[rhs] = rank;
      let at = top.length;
      while (at > 0 && (top[at - 1] as number) > rank) at--;
      top.splice(at, 0, rank);
      if (top.length > limit) top.length = limit;
    }
  }
  const offers: Offer[] = top.map((rank) => {
    const r = m.rules[rank] as IdRule;
    return {
      item: names[r.rhs] as string,
      kind: 'rule' as const,
      because: (m.because[rank] as string[]).slice(),
      confidence: r.confidence,
      lift: r.lift,
      support: r.support,
    };
  });
  if (offers.length >= limit) return offers;

  // Co-occurrence: for each b neither owned nor offered, the owned a with the best confidence, lift, count, name.
  // Each partner list is already in this order for its a, so only its first `need` eligible partners can
  // make the top `need` (an item further down has `need` better items before it in the same list).
  const need = limit - offers.length;
  const fallbackStamp = ++m.stamp;
  const candidates: number[] = [];
  const { pairStart, partner, partnerCount } = m;
  for (const a of have) {
    const to = pairStart[a + 1] as number;
    const countA = counts[a] as number;
    let taken = 0;
    for (let i = pairStart[a] as number; i < to && taken < need; i++) {
      const b = partner[i] as number;
      if (mark[b] === ownedStamp || seen[b] === stamp) continue;
      taken++;
      const c = partnerCount[i] as number;
      const confidence = c / countA;
      const lift = (confidence * n) / (counts[b] as number);
      if (seen[b] !== fallbackStamp) {
        seen[b] = fallbackStamp;
        candidates.push(b);
      } else if (
        !better(
          confidence,
          lift,
          c,
          a,
          bestConfidence[b] as number,
          bestLift[b] as number,
          bestC[b] as number,
          bestA[b] as number,
          names,
        )
      ) {
        continue;
      }
      bestA[b] = a;
      bestC[b] = c;
      bestConfidence[b] = confidence;
      bestLift[b] = lift;
    }
  }
  // The best `need` candidates (confidence, lift, count desc, then item name): a partial selection.
  const picks = Math.min(need, candidates.length);
  const beats = (x: number, y: number) => {
    const cx = bestConfidence[x] as number;
    const cy = bestConfidence[y] as number;
    if (cx !== cy) return cx > cy;
    const lx = bestLift[x] as number;
    const ly = bestLift[y] as number;
    if (lx !== ly) return lx > ly;
    if (bestC[x] !== bestC[y]) return (bestC[x] as number) > (bestC[y] as number);
    return byText(names[x] as string, names[y] as string) < 0;
  };
  for (let k = 0; k < picks; k++) {
    let at = k;
    for (let i = k + 1; i < candidates.length; i++)
      if (beats(candidates[i] as number, candidates[at] as number)) at = i;
    const b = candidates[at] as number;
    candidates[at] = candidates[k] as number;
    candidates[k] = b;
    offers.push({
      item: names[b] as string,
      kind: 'co-occurrence',
      because: [names[bestA[b] as number] as string],
      confidence: bestConfidence[b] as number,
      lift: bestLift[b] as number,
      support: (bestC[b] as number) / n,
    });
  }
  return offers;
}

/** Whether (confidence, lift, count, a) beats the current best reason for an item. */
function better(
  confidence: number,
  lift: number,
  c: number,
  a: number,
  bestConfidence: number,
  bestLift: number,
  bestC: number,
  bestA: number,
  names: readonly string[],
): boolean {
  if (confidence !== bestConfidence) return confidence > bestConfidence;
  if (lift !== bestLift) return lift > bestLift;
  if (c !== bestC) return c > bestC;
  return byText(names[a] as string, names[bestA] as string) < 0;
}
