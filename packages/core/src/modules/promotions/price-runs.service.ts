import { parse } from 'csv-parse/sync';
import { CURRENCIES, MINOR_UNITS, type TCurrency, type TFieldError } from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { refreshPriceRanges } from '../catalog/catalog.repository.js';
import type { AccessClaims } from '../customers/index.js';

export interface PriceFilter {
  categoryId?: string;
  collectionId?: string;
  brand?: string;
  skus?: string[];
  all?: true;
}
export interface PriceOperation {
  type: 'set' | 'increase' | 'decrease';
  by: 'percent' | 'amount';
  value: number;
}

export interface PriceChange {
  variantId: string;
  sku: string;
  productTitle: string;
  productId: string;
  currency: TCurrency;
  oldAmount: number | null;
  newAmount: number | null;
  oldCompareAt: number | null;
  newCompareAt: number | null;
}

interface CurrentPrice {
  variant_id: string;
  sku: string;
  product_id: string;
  title: string;
  currency: TCurrency;
  amount: number | null;
  compare_at_amount: number | null;
}

const CSV_COLUMNS = ['sku', 'currency', 'price', 'compare_at'] as const;
/** The highest price a bulk run may set: 999 of an item must still add up exactly (below 2^53). */
const MAX_PRICE = 1_000_000_000_000;

/**
 * Bulk price operations: change the prices of many variants at once (by a filter and an
 * operation, or from a CSV), always previewed first and applied atomically. Each run records who
 * ran it, what was asked and every single change, so it can be audited and reversed by a second
 * run. Applying recomputes from the prices as they are at that moment, under row locks.
 */
export class PriceRunsService {
  constructor(private readonly deps: { db: Database; onPricesChanged: (productIds: string[]) => Promise<void> }) {}

  async preview(input: { currency: TCurrency; filter: PriceFilter; operation: PriceOperation }) {
    const changes = await this.planByFilter(this.deps.db, input, false);
    return view(changes);
  }

  async apply(input: { currency: TCurrency; filter: PriceFilter; operation: PriceOperation; description?: string }, staff: AccessClaims) {
    const description = input.description ?? describe(input);
    const runId = await this.deps.db.transaction(async (tx) => {
      const changes = await this.planByFilter(tx, input, true);
      return this.write(tx, changes, { description, request: { kind: 'filter', ...input }, staff });
    });
    return this.finish(runId);
  }

  async previewCsv(csv: string) {
    return view(await this.planCsv(this.deps.db, csv, false));
  }

  async applyCsv(input: { csv: string; description?: string }, staff: AccessClaims) {
    const runId = await this.deps.db.transaction(async (tx) => {
      const changes = await this.planCsv(tx, input.csv, true);
      return this.write(tx, changes, { description: input.description ?? `CSV upload (${changes.length} prices)`, request: { kind: 'csv', rows: changes.length }, staff });
    });
    return this.finish(runId);
  }

  /** A second run that puts back every price the first one changed, as it was before it. */
  async revert(runId: string, staff: AccessClaims) {
    const newRunId = await this.deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; description: string; reverted_by: string | null }>('SELECT * FROM price_runs WHERE id = $1 FOR UPDATE', [runId]);
      const run = rows[0];
      if (!run) throw notFound('Price run');
      if (run.reverted_by) throw new AppError('conflict', 'This run was already reverted');
      const original = await this.changesOf(tx, runId);
      await lockVariants(tx, original.map((c) => c.variantId));
      const current = await currentPrices(tx, original.map((c) => ({ variantId: c.variantId, currency: c.currency })));
      const byKey = new Map(current.map((c) => [`${c.variant_id}:${c.currency}`, c]));
      const changes: PriceChange[] = original.map((c) => {
        const now = byKey.get(`${c.variantId}:${c.currency}`);
        return { ...c, oldAmount: now?.amount ?? null, oldCompareAt: now?.compare_at_amount ?? null, newAmount: c.oldAmount, newCompareAt: c.oldCompareAt };
      });
      const id = await this.write(tx, changes, { description: `Revert: ${run.description}`, request: { kind: 'revert', runId }, staff, reverts: runId });
      await tx.query('UPDATE price_runs SET reverted_by = $2 WHERE id = $1', [runId, id]);
      return id;
    });
    return this.finish(newRunId);
  }

  async list() {
    const { rows } = await this.deps.db.query<RunRow>(`${RUN_SELECT} ORDER BY r.created_at DESC LIMIT 200`);
    return { items: rows.map(toRun) };
  }

  async get(id: string) {
    const { rows } = await this.deps.db.query<RunRow>(`${RUN_SELECT} WHERE r.id = $1`, [id]);
    if (!rows[0]) throw notFound('Price run');
    return { ...toRun(rows[0]), changes: (await this.changesOf(this.deps.db, id)).map(publicChange) };
  }

  // ----- planning -----

  private async planByFilter(db: Queryable, input: { currency: TCurrency; filter: PriceFilter; operation: PriceOperation }, lock: boolean): Promise<PriceChange[]> {
    const { filter, operation, currency } = input;
    if (filter.skus) {
      const { rows } = await db.query<{ sku: string }>('SELECT sku FROM variants WHERE sku = ANY($1::text[])', [filter.skus]);
      const known = new Set(rows.map((r) => r.sku));
      const unknown = filter.skus.map((sku, i) => ({ sku, i })).filter((s) => !known.has(s.sku));
      if (unknown.length) {
        throw new AppError('validation_failed', `${unknown.length} SKU(s) do not exist; nothing was changed`, {
          fields: unknown.map((u) => ({ field: `body.filter.skus.${u.i}`, message: `unknown SKU ${u.sku}`, code: 'not_found' })),
        });
      }
    }
    const { where, params } = filterSql(filter, 1);
    const { rows: selected } = await db.query<{ id: string }>(
      `SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE ${where}`,
      params,
    );
    // Lock first, then read: a second statement sees what a concurrent run committed meanwhile.
    if (lock) await lockVariants(db, selected.map((r) => r.id));
    const rows = await currentPrices(db, selected.map((r) => ({ variantId: r.id, currency })));
    const problems: TFieldError[] = [];
    const changes: PriceChange[] = [];
    for (const r of rows) {
      // Increases and decreases change existing prices; "set" also prices variants that had none.
      if (r.amount === null && operation.type !== 'set') continue;
      const next = applyOperation(r.amount ?? 0, operation);
      if (next < 1) {
        problems.push({ field: `variants.${r.sku}`, message: `${r.sku} would be free or cost less than nothing (now ${r.amount})`, code: 'not_positive' });
        continue;
      }
      if (next > MAX_PRICE) {
        problems.push({ field: `variants.${r.sku}`, message: `${r.sku} would cost more than ${MAX_PRICE}`, code: 'too_big' });
        continue;
      }
      if (next === r.amount) continue;
      changes.push(change(r, next, r.compare_at_amount !== null && r.compare_at_amount > next ? r.compare_at_amount : null));
    }
    if (problems.length) throw new AppError('validation_failed', `${problems.length} price(s) cannot take this change; nothing was changed`, { fields: problems });
    return changes;
  }

  private async planCsv(db: Queryable, csv: string, lock: boolean): Promise<PriceChange[]> {
    let records: string[][];
    try {
      // Rows with a different number of fields are kept (and reported by line) rather than misread.
      records = parse(csv, { trim: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as string[][];
    } catch (err) {
      throw new AppError('validation_failed', `The CSV could not be read: ${(err as Error).message}`, { fields: [{ field: 'body.csv', message: 'not valid CSV', code: 'invalid_csv' }] });
    }
    const header = (records[0] ?? []).map((h) => h.toLowerCase());
    const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
    const extra = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
    if (missing.length || extra.length) {
      throw new AppError('validation_failed', `The CSV needs exactly the columns ${CSV_COLUMNS.join(', ')}`, {
        fields: [
          ...missing.map((c) => ({ field: `body.csv.1.${c}`, message: `column "${c}" is missing`, code: 'missing_column' })),
          ...extra.map((c) => ({ field: `body.csv.1.${c}`, message: `column "${c}" is not one we know`, code: 'unknown_column' })),
        ],
      });
    }
    const col = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
    const rows = records.slice(1);
    if (!rows.length) throw new AppError('validation_failed', 'The CSV has no rows', { fields: [{ field: 'body.csv', message: 'no rows under the header', code: 'empty' }] });
    if (rows.length > 20_000) throw new AppError('validation_failed', 'At most 20,000 rows per upload', { fields: [{ field: 'body.csv', message: 'too many rows', code: 'too_big' }] });

    const skus = [...new Set(rows.map((r) => r[col.sku] ?? ''))];
    const { rows: variants } = await db.query<{ id: string; sku: string }>('SELECT id, sku FROM variants WHERE sku = ANY($1::text[])', [skus]);
    const variantBySku = new Map(variants.map((v) => [v.sku, v.id]));
    const problems: TFieldError[] = [];
    const wanted: { line: number; variantId: string; currency: TCurrency; amount: number; compareAt: number | null }[] = [];
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const line = i + 2; // the header is line 1
      const at = (c: string, message: string, code: string) => problems.push({ field: `body.csv.${line}.${c}`, message: `line ${line}, ${c}: ${message}`, code });
      if (r.length !== header.length) {
        // An unquoted "1,250.00" splits into two fields: never guess which value is which.
        problems.push({ field: `body.csv.${line}`, message: `line ${line} has ${r.length} fields, the header ${header.length} (quote prices with commas)`, code: 'wrong_field_count' });
        return;
      }
      const sku = r[col.sku] ?? '';
      const currency = (r[col.currency] ?? '').toUpperCase();
      const variantId = variantBySku.get(sku);
      if (!variantId) at('sku', sku ? `unknown SKU "${sku}"` : 'empty', 'not_found');
      const knownCurrency = (CURRENCIES as readonly string[]).includes(currency);
      if (!knownCurrency) at('currency', `"${r[col.currency] ?? ''}" is not one of ${CURRENCIES.join(', ')}`, 'invalid');
      const digits = knownCurrency ? MINOR_UNITS[currency as TCurrency] : 2;
      const amount = toMinor(r[col.price] ?? '', digits);
      if (amount === null) at('price', `"${r[col.price] ?? ''}" is not a price with at most ${digits} decimals`, 'invalid_number');
      else if (amount < 1 || amount > MAX_PRICE) at('price', `must be above 0 and at most ${MAX_PRICE} minor units`, 'out_of_range');
      const compareText = r[col.compare_at] ?? '';
      const compareAt = compareText === '' ? null : toMinor(compareText, digits);
      if (compareText !== '' && compareAt === null) at('compare_at', `"${compareText}" is not a price`, 'invalid_number');
      else if (compareAt !== null && amount !== null && compareAt <= amount) at('compare_at', 'must be above the price (it is the "was" price)', 'too_small');
      const key = `${sku}:${currency}`;
      if (seen.has(key)) at('sku', `${sku} in ${currency} appears twice`, 'duplicate');
      seen.add(key);
      if (variantId && knownCurrency && amount !== null && (compareText === '' || compareAt !== null)) {
        wanted.push({ line, variantId, currency: currency as TCurrency, amount, compareAt });
      }
    });
    if (problems.length) throw new AppError('validation_failed', `${problems.length} problem(s) in the CSV; nothing was changed`, { fields: problems });

    if (lock) await lockVariants(db, wanted.map((w) => w.variantId));
    const current = await currentPrices(db, wanted.map((w) => ({ variantId: w.variantId, currency: w.currency })));
    const byKey = new Map(current.map((c) => [`${c.variant_id}:${c.currency}`, c]));
    return wanted.flatMap((w) => {
      const now = byKey.get(`${w.variantId}:${w.currency}`)!;
      if (now.amount === w.amount && now.compare_at_amount === w.compareAt) return [];
      return [change(now, w.amount, w.compareAt)];
    });
  }

  // ----- writing -----

  private async write(
    tx: Queryable,
    changes: PriceChange[],
    meta: { description: string; request: unknown; staff: AccessClaims; reverts?: string },
  ): Promise<string> {
    if (!changes.length) throw new AppError('validation_failed', 'Nothing to change: every price already has that value', { fields: [{ field: 'body', message: 'no price would change', code: 'no_changes' }] });
    const { rows } = await tx.query<{ id: string }>(
      'INSERT INTO price_runs (created_by, description, request, reverts) VALUES ($1, $2, $3, $4) RETURNING id',
      [meta.staff.userId, meta.description, JSON.stringify(meta.request), meta.reverts ?? null],
    );
    const runId = rows[0]!.id;
    const col = <K extends keyof PriceChange>(k: K) => changes.map((c) => c[k]);
    await tx.query(
      `INSERT INTO price_run_changes (run_id, variant_id, currency, old_amount, new_amount, old_compare_at, new_compare_at)
       SELECT $1, v, c, oa, na, oc, nc FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) AS x(v, c, oa, na, oc, nc)`,
      [runId, col('variantId'), col('currency'), col('oldAmount'), col('newAmount'), col('oldCompareAt'), col('newCompareAt')],
    );
    const upserts = changes.filter((c) => c.newAmount !== null);
    await tx.query(
      `INSERT INTO variant_prices (variant_id, currency, amount, compare_at_amount)
       SELECT v, c, a, ca FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[]) AS x(v, c, a, ca)
       ON CONFLICT (variant_id, currency) DO UPDATE SET amount = EXCLUDED.amount, compare_at_amount = EXCLUDED.compare_at_amount, updated_at = now()`,
      [upserts.map((c) => c.variantId), upserts.map((c) => c.currency), upserts.map((c) => c.newAmount), upserts.map((c) => c.newCompareAt)],
    );
    const removals = changes.filter((c) => c.newAmount === null);
    if (removals.length) {
      await tx.query(
        `DELETE FROM variant_prices vp USING unnest($1::uuid[], $2::text[]) AS x(v, c) WHERE vp.variant_id = x.v AND vp.currency = x.c`,
        [removals.map((c) => c.variantId), removals.map((c) => c.currency)],
      );
    }
    await refreshPriceRanges(tx, [...new Set(col('productId'))]);
    return runId;
  }

  private async finish(runId: string) {
    const run = await this.get(runId);
    const { rows } = await this.deps.db.query<{ product_id: string }>(
      'SELECT DISTINCT v.product_id FROM price_run_changes c JOIN variants v ON v.id = c.variant_id WHERE c.run_id = $1',
      [runId],
    );
    await this.deps.onPricesChanged(rows.map((r) => r.product_id));
    return run;
  }

  private async changesOf(db: Queryable, runId: string): Promise<PriceChange[]> {
    const { rows } = await db.query<{
      variant_id: string; sku: string; title: string; product_id: string; currency: TCurrency;
      old_amount: number | null; new_amount: number | null; old_compare_at: number | null; new_compare_at: number | null;
    }>(
      `SELECT c.*, v.sku, p.title, p.id AS product_id FROM price_run_changes c JOIN variants v ON v.id = c.variant_id JOIN products p ON p.id = v.product_id
        WHERE c.run_id = $1 ORDER BY v.sku, c.currency`,
      [runId],
    );
    return rows.map((r) => ({
      variantId: r.variant_id, sku: r.sku, productTitle: r.title, productId: r.product_id, currency: r.currency,
      oldAmount: r.old_amount, newAmount: r.new_amount, oldCompareAt: r.old_compare_at, newCompareAt: r.new_compare_at,
    }));
  }
}

async function currentPrices(db: Queryable, keys: { variantId: string; currency: TCurrency }[]): Promise<CurrentPrice[]> {
  const { rows } = await db.query<CurrentPrice>(
    `SELECT v.id AS variant_id, v.sku, p.id AS product_id, p.title, x.c AS currency, vp.amount, vp.compare_at_amount
       FROM unnest($1::uuid[], $2::text[]) AS x(v, c)
       JOIN variants v ON v.id = x.v JOIN products p ON p.id = v.product_id
       LEFT JOIN variant_prices vp ON vp.variant_id = x.v AND vp.currency = x.c
      ORDER BY v.sku, x.c`,
    [keys.map((k) => k.variantId), keys.map((k) => k.currency)],
  );
  return rows;
}

/**
 * Locks the products (as a single price edit does) and then the variants, each in id order, so a
 * run never deadlocks with another run or with a price edit on the same product.
 */
async function lockVariants(tx: Queryable, variantIds: string[]) {
  const ids = [...new Set(variantIds)];
  await tx.query(
    `SELECT 1 FROM products WHERE id IN (SELECT product_id FROM variants WHERE id = ANY($1::uuid[])) ORDER BY id FOR UPDATE`,
    [ids],
  );
  await tx.query('SELECT 1 FROM variants WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
}

function filterSql(filter: PriceFilter, first: number): { where: string; params: unknown[] } {
  if (filter.categoryId) {
    return { where: `p.category_id IN (SELECT id FROM categories WHERE path LIKE (SELECT path FROM categories WHERE id = $${first}) || '%')`, params: [filter.categoryId] };
  }
  if (filter.collectionId) return { where: `p.id IN (SELECT product_id FROM collection_products WHERE collection_id = $${first})`, params: [filter.collectionId] };
  if (filter.brand) return { where: `lower(p.brand) = lower($${first})`, params: [filter.brand] };
  if (filter.skus) return { where: `v.sku = ANY($${first}::text[])`, params: [filter.skus] };
  return { where: 'true', params: [] };
}

/** The operation on one amount; percentages round half up on the amount changed. */
export function applyOperation(amount: number, op: PriceOperation): number {
  if (op.type === 'set') return op.value;
  const delta = op.by === 'amount' ? op.value : Number((2n * BigInt(amount) * BigInt(Math.round(op.value * 100)) + 10_000n) / 20_000n);
  return op.type === 'increase' ? amount + delta : amount - delta;
}

/** "1,250.50" → 125050 for two decimals; null when it is not such a number. */
function toMinor(text: string, digits: number): number | null {
  // Thousands separators only in their proper places ("1,250.50"); "12,50" is not a price.
  if (!/^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/.test(text)) return null;
  const m = text.replace(/,/g, '').match(digits ? new RegExp(`^(\\d+)(?:\\.(\\d{1,${digits}}))?$`) : /^(\d+)$/);
  if (!m) return null;
  const value = Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || 0);
  return Number.isSafeInteger(value) ? value : null;
}

function change(r: CurrentPrice, newAmount: number, newCompareAt: number | null): PriceChange {
  return {
    variantId: r.variant_id, sku: r.sku, productTitle: r.title, productId: r.product_id, currency: r.currency,
    oldAmount: r.amount, newAmount, oldCompareAt: r.compare_at_amount, newCompareAt,
  };
}

const publicChange = ({ productId: _productId, ...c }: PriceChange) => c;
const view = (changes: PriceChange[]) => ({ changes: changes.map(publicChange), count: changes.length });

function describe(input: { currency: string; filter: PriceFilter; operation: PriceOperation }): string {
  const target = input.filter.all ? 'all variants' : input.filter.skus ? `${input.filter.skus.length} SKU(s)` : input.filter.brand ? `brand ${input.filter.brand}` : input.filter.categoryId ? 'a category' : 'a collection';
  const op = input.operation;
  const how = op.type === 'set' ? `set to ${op.value}` : `${op.type} by ${op.value}${op.by === 'percent' ? ' %' : ''}`;
  return `${input.currency} prices of ${target}: ${how}`;
}

interface RunRow {
  id: string;
  description: string;
  created_by: string | null;
  created_at: Date;
  change_count: number;
  reverts: string | null;
  reverted_by: string | null;
  request: Record<string, unknown>;
}
const RUN_SELECT = `SELECT r.*, (SELECT count(*)::int FROM price_run_changes c WHERE c.run_id = r.id) AS change_count FROM price_runs r`;
const toRun = (r: RunRow) => ({
  id: r.id,
  description: r.description,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  changeCount: r.change_count,
  reverts: r.reverts,
  revertedBy: r.reverted_by,
  request: r.request,
});
