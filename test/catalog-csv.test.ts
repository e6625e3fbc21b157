import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, signUp } from './support/client.js';

const HEADER = 'handle,title,status,brand,category,description,sku,variant_title,options,weight_grams,price_LKR,price_USD,price_EUR,price_GBP,stock';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');

async function productBySlug(slug: string) {
  const admin = await adminApi();
  const listed = await admin.listAdminProducts({ query: { q: slug.split('-').slice(-1)[0]!, limit: 100 } });
  const found = listed.items.find((p) => p.slug === slug);
  return found ? admin.getProductById({ params: { id: found.id }, query: { currency: 'LKR' } }) : undefined;
}

describe('catalogue CSV', () => {
  it('exports every variant with its product, prices and stock, spreadsheet-safe', async () => {
    const admin = await adminApi();
    const tag = Date.now().toString(36);
    const formula = await admin.createProduct({
      body: { title: `=HYPERLINK("http://evil.example") ${tag}`, status: 'published', variants: [{ sku: `XP-${tag}`, title: 'One', prices: [{ currency: 'LKR', amount: 123_450 }, { currency: 'USD', amount: 999 }], initialStock: 7 }] },
    });
    const exported = await admin.exportCatalogCsv();
    const rows = parse(exported.csv, { columns: true }) as Record<string, string>[];
    expect(exported.rows).toBe(rows.length);
    expect(Object.keys(rows[0]!).join(',')).toBe(`${HEADER},stock_exported`);
    expect(new Set(rows.map((r) => r.handle)).size).toBe(exported.products);
    const row = rows.find((r) => r.sku === `XP-${tag}`)!;
    expect(row).toMatchObject({ handle: formula.slug, status: 'published', price_LKR: '1234.50', price_USD: '9.99', price_EUR: '', stock: '7' });
    // A cell starting with "=" would run as a formula in a spreadsheet: it is written as text.
    expect(row.title).toBe(`'=HYPERLINK("http://evil.example") ${tag}`);

    // Imported back unchanged, the product stays as it was (the apostrophe is taken off again).
    const back = [exported.csv.split('\r\n')[0], ...exported.csv.split('\r\n').filter((l) => l.includes(`XP-${tag}`))].join('\n');
    expect(await admin.checkCatalogCsv({ body: { csv: back } })).toEqual({ rows: 1, products: 1, creates: 0, updates: 1 });
    await admin.importCatalogCsv({ body: { csv: back } });
    const after = await admin.getProductById({ params: { id: formula.id }, query: { currency: 'LKR' } });
    expect([after.title, after.variants[0]!.price?.amount, after.variants[0]!.available]).toEqual([formula.title, 123_450, 7]);

    // Two sold after the export: the old file, imported again, does not reset stock to 7.
    await admin.adjustStock({ body: { variantId: formula.variants[0]!.id, quantity: -2, reason: 'correction' } });
    await admin.importCatalogCsv({ body: { csv: back } });
    expect((await admin.getVariantStock({ params: { id: formula.variants[0]!.id } })).levels[0]!.onHand).toBe(5);
    // A new count typed into that stale file is refused, naming the cell; without stock_exported it is set as given.
    const recount = back.replace(/,7,7$/m, ',9,7');
    const stale = await apiError(() => admin.importCatalogCsv({ body: { csv: recount } }));
    expect([stale.status, stale.fields[0]?.field]).toEqual([409, 'body.csv.2.stock']);
    await admin.importCatalogCsv({ body: { csv: back.replace(/,7,7$/m, ',9,') } });
    expect((await admin.getVariantStock({ params: { id: formula.variants[0]!.id } })).levels[0]!.onHand).toBe(9);
  });

  it('creates products with variants, options, prices and stock, in parts that report progress', async () => {
    const admin = await adminApi();
    const tag = Date.now().toString(36);
    // A category of its own: the demo categories must hold only demo products (catalog.test.ts counts them).
    const category = (await admin.createCategory({ body: { name: `CSV ${tag}` } })).slug;
    const file = csv(
      `tee-${tag},Cotton tee ${tag},published,Lanka Loom,${category},"Soft cotton,\nwoven in Kandy",TEE-${tag}-S,Small,Size=S; Colour=White,180,2500.00,12.50,,,10`,
      `tee-${tag},,,,,,TEE-${tag}-M,Medium,Size=M; Colour=White,200,2500,12.5,,,4`,
      `mug-${tag},Clay mug ${tag},draft,,,,MUG-${tag},,,350,1200.00,,,,`,
    );
    expect(await admin.checkCatalogCsv({ body: { csv: file } })).toEqual({ rows: 3, products: 2, creates: 2, updates: 0 });
    const first = await admin.importCatalogCsv({ body: { csv: file, part: { index: 0, size: 1 } } });
    expect(first).toEqual({ products: 2, created: 1, updated: 0, nextIndex: 1 });
    expect(await productBySlug(`mug-${tag}`)).toBeUndefined(); // not yet: the second part
    const second = await admin.importCatalogCsv({ body: { csv: file, part: { index: 1, size: 1 } } });
    expect(second).toEqual({ products: 2, created: 1, updated: 0, nextIndex: null });

    const tee = (await productBySlug(`tee-${tag}`))!;
    expect([tee.title, tee.status, tee.brand, tee.description, tee.categoryPath.at(-1)?.slug]).toEqual([`Cotton tee ${tag}`, 'published', 'Lanka Loom', 'Soft cotton,\nwoven in Kandy', category]);
    expect(tee.variants.map((v) => [v.sku, v.title, v.options, v.weightGrams, v.price?.amount, v.available])).toEqual([
      [`TEE-${tag}-S`, 'Small', { Size: 'S', Colour: 'White' }, 180, 250_000, 10],
      [`TEE-${tag}-M`, 'Medium', { Size: 'M', Colour: 'White' }, 200, 250_000, 4],
    ]);
    const usd = await admin.getProductById({ params: { id: tee.id }, query: { currency: 'USD' } });
    expect(usd.variants[0]!.price).toEqual({ amount: 1_250, currency: 'USD' });
    const mug = (await productBySlug(`mug-${tag}`))!;
    expect([mug.status, mug.variants[0]!.title, mug.variants[0]!.available]).toEqual(['draft', 'Default', 0]);
    // Published products are on sale at once.
    expect((await client().getProduct({ params: { slug: `tee-${tag}` } })).title).toBe(`Cotton tee ${tag}`);

    // Updating: a new price and a stock count; empty cells leave values alone.
    const update = csv(`tee-${tag},Cotton tee ${tag} (new),,,,,TEE-${tag}-S,Small,Size=S; Colour=White,,2750.00,,,,6`, `tee-${tag},,,,,,TEE-${tag}-M,Medium,Size=M; Colour=White,,,,,,`);
    expect(await admin.importCatalogCsv({ body: { csv: update } })).toEqual({ products: 1, created: 0, updated: 1, nextIndex: null });
    const updated = (await productBySlug(`tee-${tag}`))!;
    expect([updated.title, updated.status, updated.brand]).toEqual([`Cotton tee ${tag} (new)`, 'published', 'Lanka Loom']);
    expect(updated.variants.map((v) => [v.price?.amount, v.available, v.weightGrams])).toEqual([
      [275_000, 6, 180],
      [250_000, 4, 200],
    ]);
    const ledger = await admin.getVariantStock({ params: { id: updated.variants[0]!.id } });
    expect(ledger.movements[0]).toMatchObject({ onHandDelta: -4, reason: 'correction', reference: expect.stringContaining('csv-import') });
  });

  it('reports every bad cell by line and column and writes nothing', async () => {
    const admin = await adminApi();
    const tag = Date.now().toString(36);
    const other = await admin.createProduct({ body: { title: `Other ${tag}`, variants: [{ sku: `OTHER-${tag}`, title: 'One' }] } });
    const file = csv(
      `good-${tag},Good ${tag},published,,,,GOOD-${tag},,,,100.00,,,,1`,
      `Bad Handle,Bad,,,,,BAD-${tag},,,,,,,,`,
      `price-${tag},Price ${tag},,,no-such-category,,PRICE-${tag},,,,"1,250.00",,,,`,
      `price-${tag},Another title,,,,,GOOD-${tag},,,heavy,,,,,-2`,
      `steal-${tag},Steal ${tag},sold,,,,OTHER-${tag},,Size,,,,,,`,
    );
    const err = await apiError(() => admin.checkCatalogCsv({ body: { csv: file } }));
    expect(err.status).toBe(400);
    expect(err.fields.map((f) => f.field).sort()).toEqual(
      [
        'body.csv.3.handle',
        'body.csv.4.category',
        'body.csv.4.price_LKR',
        'body.csv.5.title',
        'body.csv.5.sku',
        'body.csv.5.weight_grams',
        'body.csv.5.stock',
        'body.csv.6.status',
        'body.csv.6.sku',
        'body.csv.6.options',
      ].sort(),
    );
    expect(err.fields.find((f) => f.field === 'body.csv.6.sku')?.message).toContain(other.slug);
    const importErr = await apiError(() => admin.importCatalogCsv({ body: { csv: file } }));
    expect(importErr.status).toBe(400);
    expect(await productBySlug(`good-${tag}`)).toBeUndefined();

    // Written in parts, each part is checked as it is written: a bad part writes nothing, earlier parts stay.
    const parts = csv(`first-${tag},First ${tag},,,,,FIRST-${tag},,,,,,,,`, `second-${tag},Second ${tag},,,,,SECOND-${tag},,,,12.345,,,,`);
    expect(await admin.importCatalogCsv({ body: { csv: parts, part: { index: 0, size: 1 } } })).toMatchObject({ created: 1, nextIndex: 1 });
    const second = await apiError(() => admin.importCatalogCsv({ body: { csv: parts, part: { index: 1, size: 1 } } }));
    expect([second.status, second.fields.map((f) => f.field)]).toEqual([400, ['body.csv.3.price_LKR']]);
    expect([(await productBySlug(`first-${tag}`))?.title, await productBySlug(`second-${tag}`)]).toEqual([`First ${tag}`, undefined]);

    const header = await apiError(() => admin.checkCatalogCsv({ body: { csv: 'handle,title,colour\nx,y,z' } }));
    expect(header.fields.map((f) => f.field).sort()).toEqual(['body.csv.1.colour', 'body.csv.1.sku']);
    const width = await apiError(() => admin.checkCatalogCsv({ body: { csv: `${HEADER}\na,b` } }));
    expect(width.fields[0]).toMatchObject({ field: 'body.csv.2', code: 'wrong_field_count' });
  });

  it('is for staff only', async () => {
    const { api } = await signUp();
    expect((await apiError(() => api.exportCatalogCsv())).status).toBe(403);
    expect((await apiError(() => api.importCatalogCsv({ body: { csv: csv('a,b,,,,,c,,,,,,,,') } }))).status).toBe(403);
  });
});
