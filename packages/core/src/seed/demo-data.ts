import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database, Queryable } from '../platform/database.js';
import { refreshFacetValues, refreshPriceRanges, refreshSearchWords, slugify } from '../modules/catalog/index.js';
import { ensureDefaultLocation } from '../modules/inventory/index.js';
import { ShippingService } from '../modules/shipping/index.js';
import { demoImageSvg } from './demo-image.js';

/**
 * Generates a believable catalogue locally, with no downloads: a category tree, products with
 * size/colour variants, LKR and USD prices, SVG product images and opening stock. Deterministic
 * for a given seed, so two runs make the same titles, prices and stock.
 */
export interface SeedOptions {
  products: number;
  /** Where product images are written; served under /media. */
  mediaDir: string;
  seed?: number;
  /** Delete the existing catalogue first. */
  reset?: boolean;
  onProgress?: (done: number, total: number) => void;
}

interface LeafSpec {
  nouns: string[];
  sizes?: string[];
  /** The option name the sizes go by; "size" unless set. */
  sizeOption?: string;
  colours: boolean;
  /** USD price range in whole dollars. */
  price: [number, number];
  weight: [number, number];
  material?: string[];
}

const APPAREL = ['XS', 'S', 'M', 'L', 'XL'];
const SHOE_SIZES = ['36', '37', '38', '39', '40', '41', '42', '43', '44'];

/** Root → child → leaf spec (or a further level of children). */
const TREE: Record<string, Record<string, LeafSpec | Record<string, LeafSpec>>> = {
  Women: {
    Dresses: { nouns: ['Dress', 'Maxi Dress', 'Wrap Dress', 'Shirt Dress'], sizes: APPAREL, colours: true, price: [25, 140], weight: [200, 450], material: ['Cotton', 'Linen', 'Silk', 'Viscose'] },
    Tops: { nouns: ['Blouse', 'T-Shirt', 'Tunic', 'Camisole'], sizes: APPAREL, colours: true, price: [12, 70], weight: [120, 300], material: ['Cotton', 'Linen', 'Modal'] },
    Sarees: { nouns: ['Saree', 'Osariya', 'Batik Saree'], colours: true, price: [40, 320], weight: [500, 900], material: ['Silk', 'Cotton', 'Handloom'] },
    Shoes: {
      Sandals: { nouns: ['Sandals', 'Slides', 'Strappy Sandals'], sizes: SHOE_SIZES.slice(0, 6), colours: true, price: [18, 90], weight: [300, 600] },
      Heels: { nouns: ['Heels', 'Block Heels', 'Pumps'], sizes: SHOE_SIZES.slice(0, 6), colours: true, price: [30, 150], weight: [400, 700] },
    },
  },
  Men: {
    Shirts: { nouns: ['Shirt', 'Oxford Shirt', 'Linen Shirt', 'Batik Shirt'], sizes: APPAREL.slice(1), colours: true, price: [20, 95], weight: [200, 350], material: ['Cotton', 'Linen', 'Batik'] },
    Trousers: { nouns: ['Chinos', 'Trousers', 'Sarong', 'Shorts'], sizes: ['30', '32', '34', '36'], colours: true, price: [18, 110], weight: [300, 600], material: ['Cotton', 'Linen', 'Twill'] },
    Shoes: { nouns: ['Sneakers', 'Loafers', 'Derby Shoes', 'Sandals'], sizes: SHOE_SIZES.slice(3), colours: true, price: [35, 180], weight: [600, 1100] },
  },
  Kids: {
    Baby: { nouns: ['Romper', 'Onesie', 'Baby Blanket'], sizes: ['0-3M', '3-6M', '6-12M'], colours: true, price: [8, 40], weight: [80, 250], material: ['Organic Cotton', 'Cotton'] },
    Toys: { nouns: ['Wooden Elephant', 'Puzzle', 'Building Blocks', 'Toy Tuk-Tuk'], colours: true, price: [6, 60], weight: [150, 1200], material: ['Wood', 'Rubber', 'Recycled Plastic'] },
  },
  Home: {
    Kitchen: { nouns: ['Clay Pot', 'Coconut Bowl', 'Tea Set', 'Spice Box', 'Cutting Board'], colours: false, price: [8, 120], weight: [300, 2500], material: ['Clay', 'Coconut Shell', 'Teak', 'Brass'] },
    Decor: { nouns: ['Mask', 'Cushion Cover', 'Lamp', 'Vase', 'Wall Hanging'], colours: true, price: [10, 200], weight: [200, 3000], material: ['Wood', 'Brass', 'Cotton', 'Ceramic'] },
    Tea: { nouns: ['Ceylon Black Tea', 'Green Tea', 'White Tea', 'Spiced Chai'], sizes: ['100 g', '250 g', '500 g'], sizeOption: 'weight', colours: false, price: [5, 45], weight: [120, 560] },
  },
  Electronics: {
    Audio: { nouns: ['Headphones', 'Earbuds', 'Bluetooth Speaker'], colours: true, price: [15, 300], weight: [50, 900] },
    Phones: { nouns: ['Phone Case', 'Charger', 'Power Bank', 'Cable'], colours: true, price: [5, 80], weight: [30, 400] },
  },
  Beauty: {
    Skincare: { nouns: ['Face Cream', 'Sandalwood Soap', 'Coconut Oil', 'Aloe Gel'], sizes: ['50 ml', '100 ml', '200 ml'], sizeOption: 'volume', colours: false, price: [4, 60], weight: [60, 260] },
    Fragrance: { nouns: ['Eau de Parfum', 'Attar', 'Body Mist'], sizes: ['30 ml', '50 ml', '100 ml'], sizeOption: 'volume', colours: false, price: [15, 150], weight: [100, 350] },
  },
};

const ADJECTIVES = ['Classic', 'Everyday', 'Handwoven', 'Heritage', 'Coastal', 'Monsoon', 'Highland', 'Tropical', 'Essential', 'Premium', 'Soft', 'Vintage', 'Modern', 'Artisan', 'Relaxed', 'Breezy'];
const COLOURS = ['Black', 'White', 'Navy', 'Red', 'Green', 'Ochre', 'Teal', 'Maroon', 'Sand', 'Grey', 'Saffron', 'Indigo'];
const BRANDS = ['Lanka Loom', 'Serendib', 'Ceylon Craft', 'Galle Fort', 'Kandy Weaves', 'Island Thread', 'Nuwara', 'Sigiri', 'Ella Works', 'Mirissa', 'Jaffna Studio', 'Colombo Co'];

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same catalogue. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

interface Leaf {
  categoryId: string;
  name: string;
  spec: LeafSpec;
}

async function createCategories(tx: Queryable): Promise<Leaf[]> {
  const leaves: Leaf[] = [];
  let position = 0;
  const insert = async (name: string, parent: { id: string; path: string } | null, slugPrefix: string) => {
    const id = randomUUID();
    const p = `${parent?.path ?? '/'}${id}/`;
    const slug = slugify(slugPrefix ? `${slugPrefix} ${name}` : name);
    await tx.query(
      `INSERT INTO categories (id, parent_id, slug, name, description, path, position) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, parent?.id ?? null, slug, name, `${name} from independent Sri Lankan makers and global brands.`, p, position++],
    );
    return { id, path: p };
  };
  for (const [rootName, children] of Object.entries(TREE)) {
    const root = await insert(rootName, null, '');
    for (const [childName, value] of Object.entries(children)) {
      const child = await insert(childName, root, rootName);
      if ('nouns' in value) {
        leaves.push({ categoryId: child.id, name: childName, spec: value as LeafSpec });
      } else {
        for (const [leafName, spec] of Object.entries(value)) {
          const leaf = await insert(leafName, child, `${rootName} ${childName}`);
          leaves.push({ categoryId: leaf.id, name: leafName, spec });
        }
      }
    }
  }
  return leaves;
}

/** About 300 rupees to the dollar, rounded to a whole 50 rupees as shelf prices are. Both in cents. */
const lkrFromUsdCents = (usdCents: number) => Math.max(5000, Math.round((usdCents * 300) / 5000) * 5000);

export async function seedDemoData(db: Database, opts: SeedOptions): Promise<{ products: number; variants: number }> {
  const rnd = prng(opts.seed ?? 20_240_601);
  const perProductImages = opts.products <= 2000;
  const sharedImages = 48;
  await mkdir(path.join(opts.mediaDir, 'demo'), { recursive: true });

  const { leaves, locationId } = await db.transaction(async (tx) => {
    if (opts.reset) {
      await tx.query('TRUNCATE products, categories, product_price_ranges, search_words, inventory_levels, stock_movements CASCADE');
    }
    return { leaves: await createCategories(tx), locationId: await ensureDefaultLocation(tx) };
  });

  if (!perProductImages) {
    for (let i = 0; i < sharedImages; i++) {
      await writeFile(path.join(opts.mediaDir, 'demo', `pattern-${i}.svg`), demoImageSvg(`T & K`, i * 7919));
    }
  }

  await seedShipping(db);

  const now = Date.now();
  let variantCount = 0;
  const batchSize = 500;
  for (let start = 0; start < opts.products; start += batchSize) {
    const count = Math.min(batchSize, opts.products - start);
    const p = { id: [] as string[], slug: [] as string[], title: [] as string[], description: [] as string[], brand: [] as string[], category: [] as string[], attributes: [] as string[], rating: [] as number[], ratingCount: [] as number[], created: [] as string[] };
    const v = { id: [] as string[], product: [] as string[], sku: [] as string[], title: [] as string[], options: [] as string[], weight: [] as number[], barcode: [] as string[], position: [] as number[] };
    const price = { variant: [] as string[], currency: [] as string[], amount: [] as number[], compareAt: [] as (number | null)[] };
    const img = { product: [] as string[], url: [] as string[], alt: [] as string[], position: [] as number[] };
    const stock = { variant: [] as string[], onHand: [] as number[] };
    const files: Promise<void>[] = [];

    for (let i = start; i < start + count; i++) {
      const leaf = leaves[i % leaves.length]!;
      const spec = leaf.spec;
      const id = randomUUID();
      const brand = rnd.pick(BRANDS);
      const material = spec.material ? rnd.pick(spec.material) : undefined;
      const noun = rnd.pick(spec.nouns);
      const title = `${rnd.pick(ADJECTIVES)} ${material && !noun.includes(material) ? `${material} ` : ''}${noun}`;
      const slug = `${slugify(title)}-${i + 1}`;
      p.id.push(id);
      p.slug.push(slug);
      p.title.push(title);
      p.brand.push(brand);
      p.category.push(leaf.categoryId);
      p.description.push(
        `The ${title.toLowerCase()} by ${brand}, made for warm days and long evenings. ${material ? `Crafted in ${material.toLowerCase()}, ` : ''}finished by hand and checked piece by piece before it leaves our ${leaf.name.toLowerCase()} studio.`,
      );
      p.attributes.push(JSON.stringify(material ? { material } : {}));
      const rated = rnd.chance(0.7);
      p.rating.push(rated ? Math.round((3 + rnd.next() * 2) * 10) / 10 : 0);
      p.ratingCount.push(rated ? rnd.int(1, 240) : 0);
      p.created.push(new Date(now - rnd.int(0, 365 * 86_400) * 1000 - i).toISOString());

      const colours = spec.colours ? [...new Set([rnd.pick(COLOURS), rnd.pick(COLOURS), rnd.pick(COLOURS)])].slice(0, rnd.int(1, 3)) : [null];
      const sizes = spec.sizes ? spec.sizes.slice(rnd.int(0, Math.max(0, spec.sizes.length - 3))) : [null];
      const baseUsd = rnd.int(spec.price[0], spec.price[1]) * 100 - (rnd.chance(0.6) ? 1 : 0);
      let position = 0;
      for (const colour of colours) {
        for (const size of sizes) {
          const variantId = randomUUID();
          const options: Record<string, string> = {};
          if (size) options[spec.sizeOption ?? 'size'] = size;
          if (colour) options.colour = colour;
          const label = [colour, size].filter(Boolean).join(' / ') || 'Standard';
          v.id.push(variantId);
          v.product.push(id);
          v.sku.push(`TK-${String(i + 1).padStart(6, '0')}-${String(position + 1).padStart(2, '0')}`);
          v.title.push(label);
          v.options.push(JSON.stringify(options));
          v.weight.push(rnd.int(spec.weight[0], spec.weight[1]));
          v.barcode.push(String(4_790_000_000_000 + i * 100 + position));
          v.position.push(position++);
          // Larger sizes cost a little more, as they do in shops.
          const usd = baseUsd + (size && spec.sizes ? spec.sizes.indexOf(size) * 100 : 0);
          const onSale = rnd.chance(0.2);
          price.variant.push(variantId, variantId);
          price.currency.push('USD', 'LKR');
          const lkr = lkrFromUsdCents(usd);
          const compareLkr = lkrFromUsdCents(Math.round(usd * 1.25));
          price.amount.push(usd, lkr);
          price.compareAt.push(onSale ? Math.round(usd * 1.25) : null, onSale && compareLkr > lkr ? compareLkr : null);
          stock.variant.push(variantId);
          stock.onHand.push(rnd.chance(0.12) ? 0 : rnd.int(1, 60));
          variantCount++;
        }
      }
      const imageCount = perProductImages ? 2 : 1;
      for (let n = 0; n < imageCount; n++) {
        let url: string;
        if (perProductImages) {
          const file = `${slug}-${n + 1}.svg`;
          files.push(writeFile(path.join(opts.mediaDir, 'demo', file), demoImageSvg(title, i * 31 + n)));
          url = `/media/demo/${file}`;
        } else {
          url = `/media/demo/pattern-${i % sharedImages}.svg`;
        }
        img.product.push(id);
        img.url.push(url);
        img.alt.push(n === 0 ? title : `${title}, detail`);
        img.position.push(n);
      }
    }

    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO products (id, slug, title, description, brand, category_id, attributes, status, rating_avg, rating_count, created_at, updated_at)
         SELECT id, slug, title, description, brand, category_id, attributes, 'published', rating, rating_count, created_at, created_at
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::jsonb[], $8::real[], $9::int[], $10::timestamptz[])
             AS t(id, slug, title, description, brand, category_id, attributes, rating, rating_count, created_at)`,
        [p.id, p.slug, p.title, p.description, p.brand, p.category, p.attributes, p.rating, p.ratingCount, p.created],
      );
      await tx.query(
        `INSERT INTO variants (id, product_id, sku, title, options, weight_grams, barcode, position)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::int[], $7::text[], $8::int[])`,
        [v.id, v.product, v.sku, v.title, v.options, v.weight, v.barcode, v.position],
      );
      await tx.query(
        `INSERT INTO variant_prices (variant_id, currency, amount, compare_at_amount)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[])`,
        [price.variant, price.currency, price.amount, price.compareAt],
      );
      await tx.query(
        `INSERT INTO product_images (product_id, url, alt, position, width, height)
         SELECT p, u, a, n, 800, 800 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS t(p, u, a, n)`,
        [img.product, img.url, img.alt, img.position],
      );
      await tx.query(
        `INSERT INTO inventory_levels (variant_id, location_id, on_hand)
         SELECT v, $1, q FROM unnest($2::uuid[], $3::int[]) AS t(v, q)`,
        [locationId, stock.variant, stock.onHand],
      );
      await tx.query(
        `INSERT INTO stock_movements (variant_id, location_id, on_hand_delta, reason, reference)
         SELECT v, $1, q, 'initial', 'demo-seed' FROM unnest($2::uuid[], $3::int[]) AS t(v, q) WHERE q > 0`,
        [locationId, stock.variant, stock.onHand],
      );
      // Derived tables per batch, inside its transaction: a seed stopped half-way leaves whole,
      // consistent products behind.
      await refreshPriceRanges(tx, p.id);
      await refreshFacetValues(tx, p.id);
      await refreshSearchWords(tx, p.id);
    });
    await Promise.all(files);
    opts.onProgress?.(start + count, opts.products);
  }

  await db.query('ANALYZE');
  return { products: opts.products, variants: variantCount };
}

/**
 * Demo shipping: Sri Lanka with VAT 18 % included in shelf prices, standard (free over LKR 15,000
 * or USD 50) and express; everywhere else by weight, without tax. Skipped if zones exist.
 */
async function seedShipping(db: Database) {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM shipping_zones');
  if (rows[0]!.n > 0) return;
  const shipping = new ShippingService({ db });
  const lk = await shipping.createZone({
    name: 'Sri Lanka',
    countries: ['LK'],
    regions: [],
    tax: { name: 'VAT', rateBasisPoints: 1800, inclusive: true },
  });
  await shipping.addMethod(lk.id, {
    name: 'Standard (2–4 days)',
    kind: 'flat',
    rates: [
      { currency: 'LKR', amount: 45_000, freeOverAmount: 1_500_000 },
      { currency: 'USD', amount: 150, freeOverAmount: 5_000 },
    ],
  });
  await shipping.addMethod(lk.id, {
    name: 'Express (next day)',
    kind: 'flat',
    rates: [
      { currency: 'LKR', amount: 120_000 },
      { currency: 'USD', amount: 400 },
    ],
  });
  const world = await shipping.createZone({ name: 'Rest of the world', countries: ['*'], regions: [] });
  await shipping.addMethod(world.id, {
    name: 'International air mail',
    kind: 'weight',
    rates: [
      { currency: 'USD', amount: 1_200, perKgAmount: 600 },
      { currency: 'EUR', amount: 1_100, perKgAmount: 550 },
      { currency: 'GBP', amount: 950, perKgAmount: 480 },
      { currency: 'LKR', amount: 360_000, perKgAmount: 180_000 },
    ],
  });
}
