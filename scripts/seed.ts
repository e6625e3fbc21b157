/**
 * `npm run seed [-- --products N] [--reset]`: loads the demo catalogue (240 products by default)
 * into DATABASE_URL or embedded PGlite. Refuses to add to a catalogue that has products unless
 * --reset is given, which replaces the catalogue (accounts are kept).
 */
import { loadDotEnv } from './load-env.js';
import { parseArgs } from 'node:util';
import { loadConfig, migrate, openDatabase, seedDemoData } from '@tk/core';

loadDotEnv();

const { values } = parseArgs({
  options: { products: { type: 'string', default: '240' }, reset: { type: 'boolean', default: false }, seed: { type: 'string' } },
});
const products = Number(values.products);
if (!Number.isInteger(products) || products < 1 || products > 1_000_000) {
  console.error('--products must be a whole number between 1 and 1000000');
  process.exit(1);
}
const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DATA_DIR });
try {
  await migrate(db);
  const { rows } = await db.query<{ products: number; categories: number }>(
    'SELECT (SELECT count(*)::int FROM products) AS products, (SELECT count(*)::int FROM categories) AS categories',
  );
  if ((rows[0]!.products > 0 || rows[0]!.categories > 0) && !values.reset) {
    console.log(`The catalogue already has ${rows[0]!.products} products in ${rows[0]!.categories} categories; run with --reset to replace it.`);
  } else {
    const started = Date.now();
    const result = await seedDemoData(db, {
      products,
      mediaDir: config.MEDIA_DIR,
      reset: values.reset,
      seed: values.seed ? Number(values.seed) : undefined,
      onProgress: (done, total) => process.stdout.write(`\r${done}/${total} products`),
    });
    console.log(`\nseeded ${result.products} products and ${result.variants} variants in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await db.close();
}
