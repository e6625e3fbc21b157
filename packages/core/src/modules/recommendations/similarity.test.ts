import { describe, expect, it } from 'vitest';
import { decayed, evaluate, personalList, plantedDataSet, similarItems } from './similarity.js';

describe('item-based collaborative filtering', () => {
  it('finds products bought by the same shoppers, by cosine similarity', () => {
    const similar = similarItems(
      [
        { shopper: 'a', product: 'tea', weight: 5 },
        { shopper: 'a', product: 'kettle', weight: 5 },
        { shopper: 'b', product: 'tea', weight: 5 },
        { shopper: 'b', product: 'kettle', weight: 3 },
        { shopper: 'b', product: 'mug', weight: 1 },
        { shopper: 'c', product: 'saree', weight: 5 },
      ],
      5,
    );
    expect(similar.get('tea')!.map((n) => n.product)).toEqual(['kettle', 'mug']);
    expect(similar.get('tea')![0]!.score).toBeCloseTo((25 + 15) / Math.sqrt(50 * 34), 10);
    expect(similar.has('saree')).toBe(false); // bought alone: no neighbours, trending covers it
    expect(personalList([{ product: 'tea', weight: 1 }], similar, new Set(['mug']), 5)).toEqual(['kettle']);
  });

  it('halves a weight every half-life', () => {
    expect(decayed(8, 30, 30)).toBe(4);
    expect(decayed(8, 0, 30)).toBe(8);
  });

  it('finds the planted co-purchase structure: hit-rate@10 clearly above popularity', () => {
    const result = evaluate(plantedDataSet({ products: 1000, clusterSize: 20, shoppers: 4000, perShopper: 6, noise: 0.15, seed: 7 }));
    expect(result.cases).toBeGreaterThan(2000);
    expect(result.hitRateCf).toBeGreaterThan(2 * result.hitRatePopularity);
    expect(result.hitRateCf).toBeGreaterThan(0.25);
  });
});
