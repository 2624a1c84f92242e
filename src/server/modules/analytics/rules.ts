import { analyticsError } from './analytics.errors.ts';

/**
 * Association rules over baskets with the semantics of R arules' `apriori()` (Borgelt's apriori 4.21, which
 * arules wraps), mined with FP-Growth on integer item ids (docs/ANALYTICS.md, "Association rules"):
 * - duplicate items in a basket count once; empty baskets count in N; empty item names are ignored;
 * - a set is frequent when its count ≥ ⌈N · minSupport⌉ (istree.c: `(int)ceil(tacnt * supp)`; the
 *   "Absolute minimum support count" arules prints is ⌊N · minSupport⌋, but the C code uses the ceiling);
 * - a rule X ⇒ {y} comes from a frequent set X ∪ {y} of minLength … maxLength items (rule length = |X| + 1),
 *   with confidence count(X ∪ {y}) / count(X) ≥ minConfidence − 1e−12 (istree.c's EPSILON); an empty X
 *   (count N) gives `{} => {y}` when supp(y) ≥ minConfidence, as arules does with minlen = 1;
 * - support = count / N, lift = confidence · N / count(y).
 */
export type Rule = {
  lhs: string[];
  rhs: string;
  support: number;
  confidence: number;
  lift: number;
  count: number;
};
export type RuleOptions = {
  minSupport: number;
  minConfidence: number;
  /** Most items in a rule (lhs + rhs), as arules' `maxlen`; default 10. */
  maxLength?: number;
  /** Fewest items in a rule (lhs + rhs), as arules' `minlen`; default 1 (rules with an empty lhs). */
  minLength?: number;
};

/** The minimum count of a frequent set, exactly as arules' C code computes it. */
export const minimumCount = (transactions: number, minSupport: number) =>
  Math.ceil(transactions * minSupport);

/** The confidence tolerance of Borgelt's istree.c (`c < conf - EPSILON` rejects). */
const EPSILON = 1e-12;

/** Baskets as integer item ids: `names[id]`, basket b = `ids[start[b] .. start[b+1])`, sorted, unique. */
export interface EncodedBaskets {
  n: number;
  names: string[];
  counts: Int32Array;
  start: Int32Array;
  ids: Int32Array;
}

export function encodeBaskets(baskets: readonly (readonly string[])[]): EncodedBaskets {
  if (!Array.isArray(baskets) || baskets.length === 0) {
    throw analyticsError('no_transactions', 'There are no baskets to mine.');
  }
  const index = new Map<string, number>();
  const names: string[] = [];
  let total = 0;
  for (const basket of baskets) total += basket.length;
  let ids = new Int32Array(total);
  const start = new Int32Array(baskets.length + 1);
  let at = 0;
  for (let b = 0; b < baskets.length; b++) {
    const basket = baskets[b] as readonly string[];
    const from = at;
    for (const item of basket) {
      if (typeof item !== 'string') {
        throw analyticsError('invalid_basket', `Basket ${b + 1} has an item that is not a string.`);
      }
      if (item === '') continue;
      let id = index.get(item);
      if (id === undefined) {
        id = names.length;
        index.set(item, id);
        names.push(item);
      }
      ids[at++] = id;
    }
    // Sort and drop duplicates within the basket (small: insertion sort).
    for (let i = from + 1; i < at; i++) {
      const v = ids[i] as number;
      let j = i - 1;
      while (j >= from && (ids[j] as number) > v) {
        ids[j + 1] = ids[j] as number;
        j--;
      }
      ids[j + 1] = v;
    }
    let w = from;
    for (let i = from; i < at; i++) if (i === from || ids[i] !== ids[w - 1]) ids[w++] = ids[i] as number;
    at = w;
    start[b + 1] = at;
  }
  ids = ids.slice(0, at);
  const counts = new Int32Array(names.length);
  for (let i = 0; i < at; i++) {
    const id = ids[i] as number;
    counts[id] = (counts[id] as number) + 1;
  }
  return { n: baskets.length, names, counts, start, ids };
}

export function checkRuleOptions(o: RuleOptions): {
  minSupport: number;
  minConfidence: number;
  maxLength: number;
  minLength: number;
} {
  const { minSupport, minConfidence } = o;
  if (typeof minSupport !== 'number' || !(minSupport > 0 && minSupport <= 1)) {
    throw analyticsError('invalid_support', `The minimum support must be in (0, 1], not ${minSupport}.`);
  }
  if (typeof minConfidence !== 'number' || !(minConfidence > 0 && minConfidence <= 1)) {
    throw analyticsError(
      'invalid_confidence',
      `The minimum confidence must be in (0, 1], not ${minConfidence}.`,
    );
  }
  const maxLength = o.maxLength ?? 10;
  const minLength = o.minLength ?? 1;
  if (
    !Number.isInteger(maxLength) ||
    maxLength < 1 ||
    !Number.isInteger(minLength) ||
    minLength < 1 ||
    minLength > maxLength
  ) {
    throw analyticsError(
      'invalid_rule_length',
      `The rule lengths must be whole numbers with 1 ≤ minLength ≤ maxLength, not ${minLength} and ${maxLength}.`,
    );
  }
  return { minSupport, minConfidence, maxLength, minLength };
}

/**
 * Frequent item sets by FP-Growth. Items are recoded to ranks (0 = most frequent); a set is its ranks in
 * ascending order. `counts.get(key(set))` is the count of any frequent set (downward closed).
 */
interface FrequentSets {
  /** rank → item id */
  item: Int32Array;
  /** rank → count */
  itemCount: Int32Array;
  /** frequent sets: ranks ascending, and their counts */
  sets: Int32Array[];
  setCounts: number[];
  counts: Map<string, number>;
}

/** Two UTF-16 code units per rank, so any rank < 2³² fits. */
const keyOf = (ranks: ArrayLike<number>, skip = -1): string => {
  let key = '';
  for (let i = 0; i < ranks.length; i++) {
    if (i === skip) continue;
    const r = ranks[i] as number;
    key += String.fromCharCode(r >>> 16, r & 0xffff);
  }
  return key;
};

/** An FP-tree over local item ids 0 … k−1; paths from the root have increasing ids. Node 0 is the root. */
class FpTree {
  item: Int32Array;
  count: Int32Array;
  parent: Int32Array;
  next: Int32Array;
  head: Int32Array;
  itemCount: Int32Array;
  size = 1;
  constructor(
    readonly k: number,
    capacity: number,
    /** local id → global rank */
    readonly rank: Int32Array,
  ) {
    this.item = new Int32Array(capacity);
    this.count = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.head = new Int32Array(k).fill(-1);
    this.itemCount = new Int32Array(k);
    this.item[0] = -1;
    this.parent[0] = -1;
  }

  /** Adds a path of increasing local ids `path[0 … len)` with a count; `children` maps parent·k + item → node. */
  insert(path: Int32Array, len: number, c: number, children: Map<number, number>): void {
    let node = 0;
    for (let i = 0; i < len; i++) {
      const it = path[i] as number;
      const key = node * this.k + it;
      let child = children.get(key);
      if (child === undefined) {
        child = this.size++;
        this.item[child] = it;
        this.parent[child] = node;
        this.next[child] = this.head[it] as number;
        this.head[it] = child;
        children.set(key, child);
      }
      this.count[child] = (this.count[child] as number) + c;
      this.itemCount[it] = (this.itemCount[it] as number) + c;
      node = child;
    }
  }
}

function frequentSets(data: EncodedBaskets, minCount: number, maxLength: number): FrequentSets {
  // Ranks: frequent items by count descending (ties by id, so the order is deterministic).
  const frequent: number[] = [];
  for (let id = 0; id < data.counts.length; id++)
    if ((data.counts[id] as number) >= minCount) frequent.push(id);
  frequent.sort((a, b) => (data.counts[b] as number) - (data.counts[a] as number) || a - b);
  const k = frequent.length;
  const item = Int32Array.from(frequent);
  const itemCount = Int32Array.from(frequent, (id) => data.counts[id] as number);
  const rankOf = new Int32Array(data.counts.length).fill(-1);
  for (let r = 0; r < k; r++) rankOf[item[r] as number] = r;

  const sets: Int32Array[] = [];
  const setCounts: number[] = [];
  const counts = new Map<string, number>();
  const out: FrequentSets = { item, itemCount, sets, setCounts, counts };
  if (k === 0) return out;

  // The initial tree: every basket's frequent items in rank order.
  const children = new Map<number, number>();
  const tree = new FpTree(
    k,
    data.ids.length + 1,
    Int32Array.from({ length: k }, (_, r) => r),
  );
  let path = new Int32Array(64);
  for (let b = 0; b < data.n; b++) {
    let len = 0;
    const to = data.start[b + 1] as number;
    for (let i = data.start[b] as number; i < to; i++) {
      const r = rankOf[data.ids[i] as number] as number;
      if (r < 0) continue;
      if (len === path.length) {
        const bigger = new Int32Array(len * 2);
        bigger.set(path);
        path = bigger;
      }
      path[len++] = r;
    }
    if (len === 0) continue;
    path.subarray(0, len).sort();
    tree.insert(path, len, 1, children);
  }
  children.clear();

  const prefix: number[] = [];
  const emit = (count: number) => {
    const set = Int32Array.from(prefix).sort();
    sets.push(set);
    setCounts.push(count);
    counts.set(keyOf(set), count);
  };

  const mine = (t: FpTree) => {
    for (let j = t.k - 1; j >= 0; j--) {
      const support = t.itemCount[j] as number;
      if (support < minCount) continue;
      prefix.push(t.rank[j] as number);
      emit(support);
      if (prefix.length < maxLength && j > 0) {
        const cond = conditional(t, j);
        if (cond) mine(cond);
      }
      prefix.pop();
    }
  };

  /** The conditional tree of local item j: the paths above j's nodes, with their frequent items only. */
  const conditional = (t: FpTree, j: number): FpTree | null => {
    const itemSupport = new Int32Array(j);
    let total = 0;
    for (let node = t.head[j] as number; node !== -1; node = t.next[node] as number) {
      const c = t.count[node] as number;
      for (let p = t.parent[node] as number; p > 0; p = t.parent[p] as number) {
        itemSupport[t.item[p] as number] = (itemSupport[t.item[p] as number] as number) + c;
        total++;
      }
    }
    const local = new Int32Array(j).fill(-1);
    let k2 = 0;
    for (let i = 0; i < j; i++) if ((itemSupport[i] as number) >= minCount) local[i] = k2++;
    if (k2 === 0) return null;
    const rank = new Int32Array(k2);
    for (let i = 0; i < j; i++) if ((local[i] as number) >= 0) rank[local[i] as number] = t.rank[i] as number;
    const cond = new FpTree(k2, total + 1, rank);
    let buf = new Int32Array(16);
    for (let node = t.head[j] as number; node !== -1; node = t.next[node] as number) {
      let len = 0;
      for (let p = t.parent[node] as number; p > 0; p = t.parent[p] as number) {
        const l = local[t.item[p] as number] as number;
        if (l < 0) continue;
        if (len === buf.length) {
          const bigger = new Int32Array(len * 2);
          bigger.set(buf);
          buf = bigger;
        }
        buf[len++] = l;
      }
      if (len === 0) continue;
      buf.subarray(0, len).reverse(); // walked upwards: ids decrease, the tree wants them increasing
      cond.insert(buf, len, t.count[node] as number, children);
    }
    children.clear();
    return cond;
  };

  mine(tree);
  return out;
}

/** A rule on item ids, before names: lhs ids ascending. */
export interface IdRule {
  lhs: Int32Array;
  rhs: number;
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

/** Rules on item ids (unsorted), shared by `associationRules` and the next-best-offer model. */
export function mineRules(data: EncodedBaskets, options: RuleOptions): IdRule[] {
  const o = checkRuleOptions(options);
  const n = data.n;
  const minCount = minimumCount(n, o.minSupport);
  const fs = frequentSets(data, minCount, o.maxLength);
  const rules: IdRule[] = [];
  for (let s = 0; s < fs.sets.length; s++) {
    const set = fs.sets[s] as Int32Array;
    if (set.length < o.minLength) continue;
    const count = fs.setCounts[s] as number;
    for (let h = 0; h < set.length; h++) {
      const body = set.length === 1 ? n : (fs.counts.get(keyOf(set, h)) as number);
      const confidence = count / body;
      if (confidence < o.minConfidence - EPSILON) continue;
      const head = set[h] as number;
      const lhs = new Int32Array(set.length - 1);
      for (let i = 0, w = 0; i < set.length; i++) if (i !== h) lhs[w++] = fs.item[set[i] as number] as number;
      lhs.sort();
      rules.push({
        lhs,
        rhs: fs.item[head] as number,
        count,
        support: count / n,
        confidence,
        lift: (confidence * n) / (fs.itemCount[head] as number),
      });
    }
  }
  return rules;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lift desc, confidence desc, support desc, then the lhs items and the rhs as text. */
export function compareRules(a: Rule, b: Rule): number {
  if (a.lift !== b.lift) return b.lift - a.lift;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  if (a.support !== b.support) return b.support - a.support;
  const n = Math.min(a.lhs.length, b.lhs.length);
  for (let i = 0; i < n; i++) {
    const c = byText(a.lhs[i] as string, b.lhs[i] as string);
    if (c !== 0) return c;
  }
  if (a.lhs.length !== b.lhs.length) return a.lhs.length - b.lhs.length;
  return byText(a.rhs, b.rhs);
}

/**
 * All rules X ⇒ {y} with arules' `apriori()` semantics (see the top of this file), lhs items sorted by name,
 * sorted by lift, confidence and support (descending), then lhs and rhs text.
 */
export function associationRules(baskets: string[][], options: RuleOptions): Rule[] {
  checkRuleOptions(options);
  const data = encodeBaskets(baskets);
  const names = data.names;
  return mineRules(data, options)
    .map((r) => ({
      lhs: Array.from(r.lhs, (id) => names[id] as string).sort(byText),
      rhs: names[r.rhs] as string,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      count: r.count,
    }))
    .sort(compareRules);
}

/** Baskets from text: one basket a line, items separated by commas (Groceries' format); blank lines are skipped. */
export function parseBaskets(text: string): string[][] {
  const baskets: string[][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    baskets.push(line.split(','));
  }
  return baskets;
}
