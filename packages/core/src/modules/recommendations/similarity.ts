/**
 * Item-based collaborative filtering, pure and in memory.
 *
 * Each shopper's interactions (views, cart adds, purchases) give a weight per product, decayed by
 * age (weight × 2^(−age / half-life)). Two products are similar when the same shoppers weigh
 * them both: cosine similarity of their shopper vectors,
 *
 *   sim(i, j) = Σ_u w(u,i)·w(u,j) / (‖w(·,i)‖ · ‖w(·,j)‖)
 *
 * computed by walking each shopper's products pairwise (sparse co-occurrence), then keeping the
 * top K neighbours of every product. Personal lists score a candidate by the similarity-weighted
 * sum over the shopper's own recent products.
 */

export interface Interaction {
  shopper: string;
  product: string;
  /** Already decayed and summed per (shopper, product). */
  weight: number;
}

/** Weights per kind of interaction: a purchase says more than a view. */
export const KIND_WEIGHT = { view: 1, search: 0, cart: 3, purchase: 5 } as const;

export function decayed(weight: number, ageDays: number, halfLifeDays: number): number {
  return weight * 2 ** (-ageDays / halfLifeDays);
}

/** Shoppers with more products than this are sampled down to their heaviest: bots and crawlers. */
const MAX_PRODUCTS_PER_SHOPPER = 200;

export function similarItems(interactions: Iterable<Interaction>, k: number): Map<string, { product: string; score: number }[]> {
  // Index products as integers: the co-occurrence maps stay small.
  const index = new Map<string, number>();
  const names: string[] = [];
  const byShopper = new Map<string, { i: number; w: number }[]>();
  for (const { shopper, product, weight } of interactions) {
    if (!(weight > 0)) continue;
    let i = index.get(product);
    if (i === undefined) {
      i = names.length;
      index.set(product, i);
      names.push(product);
    }
    const list = byShopper.get(shopper) ?? [];
    list.push({ i, w: weight });
    byShopper.set(shopper, list);
  }
  const norm = new Float64Array(names.length);
  const co: Map<number, number>[] = names.map(() => new Map());
  for (let list of byShopper.values()) {
    if (list.length > MAX_PRODUCTS_PER_SHOPPER) list = [...list].sort((a, b) => b.w - a.w).slice(0, MAX_PRODUCTS_PER_SHOPPER);
    for (let a = 0; a < list.length; a++) {
      const x = list[a]!;
      norm[x.i]! += x.w * x.w;
      for (let b = a + 1; b < list.length; b++) {
        const y = list[b]!;
        if (x.i === y.i) continue;
        const product = x.w * y.w;
        co[x.i]!.set(y.i, (co[x.i]!.get(y.i) ?? 0) + product);
        co[y.i]!.set(x.i, (co[y.i]!.get(x.i) ?? 0) + product);
      }
    }
  }
  const result = new Map<string, { product: string; score: number }[]>();
  for (let i = 0; i < names.length; i++) {
    const neighbours: { product: string; score: number }[] = [];
    for (const [j, dot] of co[i]!) {
      const score = dot / Math.sqrt(norm[i]! * norm[j]!);
      if (score > 0) neighbours.push({ product: names[j]!, score });
    }
    neighbours.sort((a, b) => b.score - a.score || (a.product < b.product ? -1 : 1));
    if (neighbours.length) result.set(names[i]!, neighbours.slice(0, k));
  }
  return result;
}

/** A shopper's list: candidates scored by similarity to what they engaged with, their own products left out. */
export function personalList(
  own: { product: string; weight: number }[],
  similar: Map<string, { product: string; score: number }[]>,
  exclude: Set<string>,
  k: number,
): string[] {
  const scores = new Map<string, number>();
  const mine = new Set(own.map((o) => o.product));
  for (const { product, weight } of own) {
    for (const n of similar.get(product) ?? []) {
      if (mine.has(n.product) || exclude.has(n.product)) continue;
      scores.set(n.product, (scores.get(n.product) ?? 0) + weight * n.score);
    }
  }
  return [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map(([p]) => p);
}

/** The most engaged-with products: the fallback for new products and new shoppers. */
export function trending(interactions: Iterable<Interaction>, k: number): string[] {
  const totals = new Map<string, number>();
  for (const { product, weight } of interactions) totals.set(product, (totals.get(product) ?? 0) + weight);
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map(([p]) => p);
}

/**
 * A data set with planted structure, for the offline evaluation: products fall in clusters and
 * each shopper buys (and views) mostly inside one cluster, with some noise. The last purchase of
 * each shopper is held out.
 */
export function plantedDataSet(opts: { products: number; clusterSize: number; shoppers: number; perShopper: number; noise: number; seed: number }) {
  let state = opts.seed >>> 0 || 1;
  const random = () => {
    // xorshift32: deterministic, so the evaluation reproduces exactly.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const clusters = Math.floor(opts.products / opts.clusterSize);
  // Popularity is skewed, so the popularity baseline is a fair competitor.
  const pick = (cluster: number) => `p${cluster * opts.clusterSize + Math.floor(random() ** 2 * opts.clusterSize)}`;
  const train: Interaction[] = [];
  const heldOut: { shopper: string; product: string; history: { product: string; weight: number }[] }[] = [];
  for (let s = 0; s < opts.shoppers; s++) {
    const shopper = `u${s}`;
    const home = Math.floor(random() ** 1.5 * clusters);
    const bought: string[] = [];
    for (let n = 0; n < opts.perShopper; n++) bought.push(random() < opts.noise ? pick(Math.floor(random() * clusters)) : pick(home));
    const last = bought.pop()!;
    const history = new Map<string, number>();
    for (const p of bought) history.set(p, (history.get(p) ?? 0) + KIND_WEIGHT.purchase);
    for (const [product, weight] of history) train.push({ shopper, product, weight });
    if (!history.has(last)) heldOut.push({ shopper, product: last, history: [...history].map(([product, weight]) => ({ product, weight })) });
  }
  return { train, heldOut };
}

/** Hit-rate@k of CF and of popularity on held-out purchases. */
export function evaluate(data: ReturnType<typeof plantedDataSet>, k = 10) {
  const similar = similarItems(data.train, 50);
  const popular = trending(data.train, k + 50);
  let cfHits = 0;
  let popHits = 0;
  for (const h of data.heldOut) {
    const mine = new Set(h.history.map((x) => x.product));
    const list = personalList(h.history, similar, new Set(), k);
    const filled = [...list, ...popular.filter((p) => !mine.has(p) && !list.includes(p))].slice(0, k);
    if (filled.includes(h.product)) cfHits++;
    if (popular.filter((p) => !mine.has(p)).slice(0, k).includes(h.product)) popHits++;
  }
  const n = data.heldOut.length || 1;
  return { cases: data.heldOut.length, hitRateCf: cfHits / n, hitRatePopularity: popHits / n };
}
