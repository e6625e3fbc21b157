import { parse } from 'csv-parse/sync';
import { CATALOG_CSV_COLUMNS, CURRENCIES, ZCreateProductRequest, ZSlug, type TCurrency, type TFieldError } from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError } from '../../platform/errors.js';
import type { InventoryService } from '../inventory/index.js';
import type { CatalogService } from './catalog.service.js';
import * as repo from './catalog.repository.js';

type Column = (typeof CATALOG_CSV_COLUMNS)[number];
const REQUIRED: Column[] = ['handle', 'title', 'sku'];
const PRICE_COLUMNS = CURRENCIES.map((c) => [c, `price_${c}` as Column] as const);
const MAX_ROWS = 20_000;
/**
 * Cells a spreadsheet would run as a formula get a leading apostrophe on export, taken off on
 * import; so do cells that start with an apostrophe themselves, so those come back whole.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

interface Row {
  line: number;
  cell: (c: Column) => string | undefined;
}
interface VariantPlan {
  line: number;
  sku: string;
  /** Left out for an existing variant whose cell is empty: it keeps its own. */
  title: string | undefined;
  options: Record<string, string> | undefined;
  weightGrams: number | undefined;
  prices: { currency: TCurrency; amount: number }[];
  stock: number | undefined;
  /** The count when the file was exported, if the file says. */
  stockExported: number | undefined;
  existingId?: string;
}
interface ProductPlan {
  handle: string;
  line: number;
  /** The product columns as written on its first row. */
  firstCells: Partial<Record<Column, string>>;
  existingId?: string;
  fields: { title: string; status?: 'draft' | 'published' | 'archived'; brand?: string; categoryId?: string; description?: string };
  variants: VariantPlan[];
}

/**
 * The catalogue as CSV, one row per variant: exported for editing in a spreadsheet, and imported
 * back to create products or update them (fields, variants' titles, options, weights, prices and
 * stock). An import is checked whole first, with every bad cell reported by line and column; then
 * it is written in parts (each part one transaction), so a long file can show its progress.
 */
export class CatalogCsvService {
  constructor(private readonly deps: { db: Database; catalog: CatalogService; inventory: InventoryService; onProductsChanged: (ids: string[]) => Promise<void> }) {}

  async export(): Promise<{ csv: string; products: number; rows: number }> {
    const { rows } = await this.deps.db.query<{
      slug: string; title: string; status: string; brand: string | null; category: string | null; description: string;
      sku: string; variant_title: string; options: Record<string, string>; weight_grams: number; prices: Record<string, number> | null; on_hand: number | null;
    }>(
      `SELECT p.slug, p.title, p.status, p.brand, c.slug AS category, p.description,
              v.sku, v.title AS variant_title, v.options, v.weight_grams,
              (SELECT json_object_agg(vp.currency, vp.amount) FROM variant_prices vp WHERE vp.variant_id = v.id) AS prices,
              (SELECT l.on_hand FROM inventory_levels l JOIN stock_locations s ON s.id = l.location_id AND s.is_default WHERE l.variant_id = v.id) AS on_hand
         FROM products p JOIN variants v ON v.product_id = p.id LEFT JOIN categories c ON c.id = p.category_id
        ORDER BY p.created_at, p.id, v.position`,
    );
    const lines = [CATALOG_CSV_COLUMNS.join(',')];
    const handles = new Set<string>();
    for (const r of rows) {
      const first = !handles.has(r.slug);
      handles.add(r.slug);
      const prices = Object.fromEntries(Object.entries(r.prices ?? {}).map(([c, a]) => [c.trim(), a]));
      const values: Record<Column, string> = {
        handle: r.slug,
        // Product fields on a product's first row only: later rows are its other variants.
        title: first ? r.title : '',
        status: first ? r.status : '',
        brand: first ? (r.brand ?? '') : '',
        category: first ? (r.category ?? '') : '',
        description: first ? r.description : '',
        sku: r.sku,
        variant_title: r.variant_title,
        options: Object.entries(r.options).map(([k, v]) => `${k}=${v}`).join('; '),
        weight_grams: String(r.weight_grams),
        price_LKR: majorUnits(prices.LKR),
        price_USD: majorUnits(prices.USD),
        price_EUR: majorUnits(prices.EUR),
        price_GBP: majorUnits(prices.GBP),
        stock: String(r.on_hand ?? 0),
        stock_exported: String(r.on_hand ?? 0),
      };
      lines.push(CATALOG_CSV_COLUMNS.map((c) => csvCell(values[c])).join(','));
    }
    return { csv: `${lines.join('\r\n')}\r\n`, products: handles.size, rows: rows.length };
  }

  async check(csv: string) {
    const { plans, rows } = await this.plan(this.deps.db, readRows(csv));
    return { rows, products: plans.length, creates: plans.filter((p) => !p.existingId).length, updates: plans.filter((p) => p.existingId).length };
  }

  async import(csv: string, part: { index: number; size: number }) {
    const rows = readRows(csv);
    const handles = [...new Set(rows.map((r) => r.cell('handle') ?? ''))];
    const slice = handles.slice(part.index * part.size, (part.index + 1) * part.size);
    const touched: string[] = [];
    const stockChanged: string[] = [];
    let created = 0;
    let updated = 0;
    await this.deps.db.transaction(async (tx) => {
      // This part's products are checked inside its transaction (another import may have created
      // them since the file was checked whole); the other parts are checked when their turn comes.
      const { plans } = await this.plan(tx, rows, slice);
      for (const plan of plans) {
        if (plan.existingId) {
          await this.update(tx, plan, stockChanged);
          touched.push(plan.existingId);
          updated++;
        } else {
          touched.push(await this.create(tx, plan));
          created++;
        }
      }
    });
    if (touched.length) await this.deps.onProductsChanged(touched);
    if (stockChanged.length) await this.deps.catalog.invalidateVariants(stockChanged);
    const next = (part.index + 1) * part.size < handles.length ? part.index + 1 : null;
    return { products: handles.length, created, updated, nextIndex: next };
  }

  private async create(tx: Queryable, plan: ProductPlan): Promise<string> {
    return this.deps.catalog.writeNewProduct(
      tx,
      {
        title: plan.fields.title,
        status: plan.fields.status ?? 'draft',
        brand: plan.fields.brand ?? undefined,
        categoryId: plan.fields.categoryId ?? undefined,
        description: plan.fields.description ?? '',
        variants: plan.variants.map((v) => ({ sku: v.sku, title: v.title ?? 'Default', options: v.options ?? {}, weightGrams: v.weightGrams ?? 0, prices: v.prices, initialStock: v.stock ?? 0 })),
      },
      plan.handle,
    );
  }

  private async update(tx: Queryable, plan: ProductPlan, stockChanged: string[]) {
    const id = plan.existingId!;
    const { title, status, brand, categoryId, description } = plan.fields;
    await repo.updateProduct(tx, id, {
      title,
      ...(status !== undefined && { status }),
      ...(brand !== undefined && { brand }),
      ...(categoryId !== undefined && { categoryId }),
      ...(description !== undefined && { description }),
    });
    for (const v of plan.variants) {
      await tx.query(
        `UPDATE variants SET title = coalesce($2, title), options = coalesce($3::jsonb, options), weight_grams = coalesce($4, weight_grams) WHERE id = $1`,
        [v.existingId, v.title ?? null, v.options ? JSON.stringify(v.options) : null, v.weightGrams ?? null],
      );
      // The compare-at price is kept: the CSV sets what shoppers pay.
      for (const p of v.prices) {
        await tx.query(
          `INSERT INTO variant_prices (variant_id, currency, amount) VALUES ($1, $2, $3)
           ON CONFLICT (variant_id, currency) DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()`,
          [v.existingId, p.currency, p.amount],
        );
      }
      // Unchanged since the export: sales made since then stand.
      if (v.stock !== undefined && v.stock !== v.stockExported) {
        const delta = await this.deps.inventory.setOnHand(tx, v.existingId!, v.stock, `csv-import:line ${v.line}`, v.stockExported);
        if (delta === 'moved') {
          throw new AppError('conflict', `Line ${v.line}: stock moved since the file was exported; nothing in this part was written`, {
            fields: [{ field: `body.csv.${v.line}.stock`, message: 'stock changed since the export: export again, or empty stock_exported to set it anyway', code: 'stock_moved' }],
          });
        }
        if (delta === null) {
          throw new AppError('conflict', `Line ${v.line}: stock ${v.stock} is below what open orders hold; nothing in this part was written`, {
            fields: [{ field: `body.csv.${v.line}.stock`, message: 'below what open orders have reserved', code: 'below_reserved' }],
          });
        }
        if (delta !== 0) stockChanged.push(v.existingId!);
      }
    }
    await repo.refreshPriceRanges(tx, [id]);
    await repo.refreshFacetValues(tx, [id]);
    await repo.refreshSearchWords(tx, [id]);
  }

  /**
   * Reads and checks the whole file against the contract and the database. Throws one 400 listing
   * every problem as body.csv.<line>.<column>; otherwise returns a plan per product (file order).
   * With `only`, just those products' rows are checked (a SKU repeated anywhere in the file still is).
   */
  private async plan(db: Queryable, allRows: Row[], only?: string[]): Promise<{ plans: ProductPlan[]; rows: number }> {
    const firstLineOfSku = new Map<string, number>();
    for (const r of allRows) if (!firstLineOfSku.has(r.cell('sku') ?? '')) firstLineOfSku.set(r.cell('sku') ?? '', r.line);
    const wanted = only && new Set(only);
    const rows = wanted ? allRows.filter((r) => wanted.has(r.cell('handle') ?? '')) : allRows;
    const problems: TFieldError[] = [];
    const at = (line: number, column: Column | '', message: string, code: string) =>
      problems.push({ field: column ? `body.csv.${line}.${column}` : `body.csv.${line}`, message: `line ${line}${column ? `, ${column}` : ''}: ${message}`, code });

    const handles = [...new Set(rows.map((r) => r.cell('handle') ?? ''))];
    const skus = [...new Set(rows.map((r) => r.cell('sku') ?? ''))];
    const [products, variants, categories] = await Promise.all([
      db.query<{ id: string; slug: string }>('SELECT id, slug FROM products WHERE slug = ANY($1::text[])', [handles]),
      db.query<{ id: string; sku: string; slug: string }>('SELECT v.id, v.sku, p.slug FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = ANY($1::text[])', [skus]),
      repo.listCategories(db),
    ]);
    const productBySlug = new Map(products.rows.map((p) => [p.slug, p.id]));
    const variantBySku = new Map(variants.rows.map((v) => [v.sku, v]));
    const categoryBySlug = new Map(categories.map((c) => [c.slug, c.id]));

    const plans = new Map<string, ProductPlan>();
    for (const row of rows) {
      const { line, cell } = row;
      const handle = cell('handle') ?? '';
      if (!ZSlug.safeParse(handle).success) {
        at(line, 'handle', handle ? 'lowercase letters, digits and single hyphens' : 'empty', 'invalid');
        continue;
      }
      let plan = plans.get(handle);
      if (!plan) {
        const status = cell('status') || undefined;
        if (status && !['draft', 'published', 'archived'].includes(status)) at(line, 'status', 'draft, published or archived', 'invalid');
        const categorySlug = cell('category') || undefined;
        let categoryId: string | undefined;
        if (categorySlug) {
          categoryId = categoryBySlug.get(categorySlug);
          if (!categoryId) at(line, 'category', `no category has the slug "${categorySlug}"`, 'not_found');
        }
        plan = {
          handle,
          line,
          firstCells: Object.fromEntries((['title', 'status', 'brand', 'category', 'description'] as const).map((c) => [c, cell(c) ?? ''])),
          existingId: productBySlug.get(handle),
          fields: {
            title: cell('title') ?? '',
            // An empty cell sets nothing: a new product goes without, an existing one keeps its value.
            status: status as ProductPlan['fields']['status'],
            brand: cell('brand') || undefined,
            categoryId,
            description: cell('description') || undefined,
          },
          variants: [],
        };
        plans.set(handle, plan);
      } else {
        // Later rows of a product are its other variants; their product cells stay empty or agree.
        for (const c of ['title', 'status', 'brand', 'category', 'description'] as const) {
          const value = cell(c);
          if (value && value !== plan.firstCells[c]) at(line, c, `differs from line ${plan.line}, the product's first row (leave it empty)`, 'conflicting');
        }
      }

      const sku = cell('sku') ?? '';
      const firstLine = firstLineOfSku.get(sku)!;
      if (firstLine !== line) at(line, 'sku', `also on line ${firstLine}`, 'duplicate');
      const existing = variantBySku.get(sku);
      if (existing && existing.slug !== handle) at(line, 'sku', `belongs to the product "${existing.slug}"`, 'taken');
      if (!existing && plan.existingId) at(line, 'sku', `"${sku}" is not a variant of "${handle}" yet: add new variants in the product editor`, 'not_found');

      const options: Record<string, string> = {};
      for (const pair of (cell('options') ?? '').split(';').map((p) => p.trim()).filter(Boolean)) {
        const eq = pair.indexOf('=');
        if (eq <= 0) at(line, 'options', `"${pair}" is not Name=value`, 'invalid');
        else options[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      const weight = cell('weight_grams');
      const weightGrams = weight ? wholeNumber(weight) : undefined;
      if (weight && weightGrams === null) at(line, 'weight_grams', 'a whole number of grams', 'invalid');
      const stockText = cell('stock');
      const stock = stockText ? wholeNumber(stockText) : undefined;
      if (stockText && stock === null) at(line, 'stock', 'a whole number of units, 0 or more', 'invalid');
      const exportedText = cell('stock_exported');
      const stockExported = exportedText ? wholeNumber(exportedText) : undefined;
      if (exportedText && stockExported === null) at(line, 'stock_exported', 'a whole number of units, 0 or more', 'invalid');
      const prices: VariantPlan['prices'] = [];
      for (const [currency, column] of PRICE_COLUMNS) {
        const text = cell(column);
        if (!text) continue;
        const amount = minorUnits(text);
        if (amount === null) at(line, column, `"${text}" is not an amount such as 1250.00`, 'invalid');
        else prices.push({ currency, amount });
      }
      plan.variants.push({
        line,
        sku,
        title: cell('variant_title') || (existing ? undefined : Object.values(options).join(' / ') || 'Default'),
        options: cell('options') || !existing ? options : undefined,
        weightGrams: weightGrams ?? undefined,
        prices,
        stock: stock ?? undefined,
        stockExported: stockExported ?? undefined,
        existingId: existing?.slug === handle ? existing.id : undefined,
      });
    }

    // Everything the API checks on a product, through the contract's own schema.
    for (const plan of plans.values()) {
      const checked = ZCreateProductRequest.safeParse({
        title: plan.fields.title,
        description: plan.fields.description ?? '',
        ...(plan.fields.brand && { brand: plan.fields.brand }),
        variants: plan.variants.map((v) => ({ sku: v.sku, title: v.title ?? 'Existing', options: v.options ?? {}, weightGrams: v.weightGrams ?? 0, prices: v.prices, initialStock: v.stock ?? 0 })),
      });
      if (checked.success) continue;
      for (const issue of checked.error.issues) {
        const [first, index, part] = issue.path;
        if (first === 'variants' && typeof index === 'number') {
          const v = plan.variants[index]!;
          const column: Column = part === 'sku' ? 'sku' : part === 'title' ? 'variant_title' : part === 'options' ? 'options' : part === 'weightGrams' ? 'weight_grams' : part === 'initialStock' ? 'stock' : part === 'prices' ? 'price_LKR' : 'sku';
          at(v.line, column, issue.message, 'invalid');
        } else if (first === 'variants') {
          at(plan.line, 'sku', issue.message, 'invalid');
        } else {
          at(plan.line, (first === 'brand' || first === 'description' ? first : 'title') as Column, issue.message, 'invalid');
        }
      }
    }
    if (problems.length) {
      throw new AppError('validation_failed', `${problems.length} problem(s) in the CSV; nothing was written`, { fields: problems.slice(0, 500) });
    }
    return { plans: [...plans.values()], rows: allRows.length };
  }
}

function readRows(csv: string): Row[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { skip_empty_lines: true, relax_column_count: true, bom: true, info: true }) as never;
  } catch (err) {
    throw new AppError('validation_failed', `The CSV could not be read: ${(err as Error).message}`, { fields: [{ field: 'body.csv', message: 'not valid CSV', code: 'invalid_csv' }] });
  }
  const header = (records[0]?.record ?? []).map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(CATALOG_CSV_COLUMNS as readonly string[]).includes(h));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (missing.length || unknown.length || repeated.length) {
    throw new AppError('validation_failed', `The header needs handle, title and sku; it may also have ${CATALOG_CSV_COLUMNS.filter((c) => !REQUIRED.includes(c)).join(', ')}`, {
      fields: [
        ...missing.map((c) => ({ field: `body.csv.1.${c}`, message: `column "${c}" is missing`, code: 'missing_column' })),
        ...unknown.map((c) => ({ field: `body.csv.1.${c}`, message: `column "${c}" is not one we know`, code: 'unknown_column' })),
        ...repeated.map((c) => ({ field: `body.csv.1.${c}`, message: `column "${c}" appears twice`, code: 'duplicate_column' })),
      ],
    });
  }
  const body = records.slice(1);
  if (!body.length) throw new AppError('validation_failed', 'The CSV has no rows', { fields: [{ field: 'body.csv', message: 'no rows under the header', code: 'empty' }] });
  if (body.length > MAX_ROWS) throw new AppError('validation_failed', `At most ${MAX_ROWS} rows per file`, { fields: [{ field: 'body.csv', message: 'too many rows', code: 'too_big' }] });
  const index = new Map(header.map((h, i) => [h, i]));
  const wrongWidth = body.filter((r) => r.record.length !== header.length);
  if (wrongWidth.length) {
    throw new AppError('validation_failed', 'Some rows have a different number of fields from the header', {
      fields: wrongWidth.slice(0, 500).map((r) => ({ field: `body.csv.${r.info.lines}`, message: `line ${r.info.lines} has ${r.record.length} fields, the header ${header.length} (quote cells with commas)`, code: 'wrong_field_count' })),
    });
  }
  return body.map((r) => ({
    line: r.info.lines,
    cell: (c: Column) => {
      const i = index.get(c);
      if (i === undefined) return undefined;
      const value = (r.record[i] ?? '').trim();
      return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
    },
  }));
}

/** Quotes a cell when it must be, and defuses cells a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function majorUnits(amount: number | undefined): string {
  if (amount === undefined) return '';
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
}

/** "1250", "1250.5", "1250.50" → 125050; null for anything else (no separators, no signs). */
export function minorUnits(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function wholeNumber(text: string): number | null {
  return /^\d{1,7}$/.test(text) ? Number(text) : null;
}
