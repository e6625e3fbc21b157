/**
 * `npm run recs:eval`: the offline evaluation of the recommendation algorithm. A generated data
 * set with planted co-purchase structure (products in clusters, shoppers buying mostly inside
 * one); each shopper's last purchase is held out; hit-rate@10 of collaborative filtering against
 * the popularity baseline.
 */
import { parseArgs } from 'node:util';
import { evaluate, plantedDataSet } from '../packages/core/src/modules/recommendations/similarity.js';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '2000' },
    shoppers: { type: 'string', default: '10000' },
    noise: { type: 'string', default: '0.15' },
    seed: { type: 'string', default: '42' },
  },
});
const data = plantedDataSet({
  products: Number(values.products),
  clusterSize: 20,
  shoppers: Number(values.shoppers),
  perShopper: 6,
  noise: Number(values.noise),
  seed: Number(values.seed),
});
const started = performance.now();
const result = evaluate(data, 10);
console.log(
  `held-out purchases: ${result.cases}\n` +
    `hit-rate@10, item-based CF: ${(result.hitRateCf * 100).toFixed(1)} %\n` +
    `hit-rate@10, popularity:    ${(result.hitRatePopularity * 100).toFixed(1)} %\n` +
    `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
