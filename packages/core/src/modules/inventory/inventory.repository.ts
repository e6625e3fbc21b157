import type { Queryable } from '../../platform/database.js';

/** The default stock location, created on first use so a fresh database can hold stock at once. */
export async function ensureDefaultLocation(db: Queryable): Promise<string> {
  const existing = await db.query<{ id: string }>('SELECT id FROM stock_locations WHERE is_default');
  if (existing.rows[0]) return existing.rows[0].id;
  const created = await db.query<{ id: string }>(
    `INSERT INTO stock_locations (code, name, is_default) VALUES ('main', 'Main warehouse', true)
     ON CONFLICT (code) DO UPDATE SET is_default = true RETURNING id`,
  );
  return created.rows[0]!.id;
}

/** Receives opening stock for new variants and records each receipt in the ledger. */
export async function receiveInitialStock(
  tx: Queryable,
  locationId: string,
  lines: { variantId: string; quantity: number }[],
  reference: string,
): Promise<void> {
  if (!lines.length) return;
  const variantIds = lines.map((l) => l.variantId);
  const quantities = lines.map((l) => l.quantity);
  await tx.query(
    `INSERT INTO inventory_levels (variant_id, location_id, on_hand)
     SELECT v, $1, q FROM unnest($2::uuid[], $3::int[]) AS t(v, q)`,
    [locationId, variantIds, quantities],
  );
  await tx.query(
    `INSERT INTO stock_movements (variant_id, location_id, on_hand_delta, reason, reference)
     SELECT v, $1, q, 'initial', $4 FROM unnest($2::uuid[], $3::int[]) AS t(v, q) WHERE q <> 0`,
    [locationId, variantIds, quantities, reference],
  );
}

/** Units available now (on hand minus reserved) per variant, summed over locations. */
export async function availableByVariant(db: Queryable, variantIds: string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (!variantIds.length) return result;
  const { rows } = await db.query<{ variant_id: string; available: number }>(
    `SELECT variant_id, sum(on_hand - reserved)::int AS available
       FROM inventory_levels WHERE variant_id = ANY($1::uuid[]) GROUP BY variant_id`,
    [variantIds],
  );
  for (const r of rows) result.set(r.variant_id, Math.max(0, r.available));
  return result;
}

/**
 * SQL condition "this variant can be bought now", for listings that filter by stock inside one
 * query. The inventory module owns what "in stock" means; callers only pass the column to test.
 */
export function variantInStockCondition(variantIdColumn: string): string {
  if (!/^[a-z_]+\.[a-z_]+$/.test(variantIdColumn)) throw new Error('variantIdColumn must be alias.column');
  return `EXISTS (SELECT 1 FROM inventory_levels il WHERE il.variant_id = ${variantIdColumn} AND il.on_hand > il.reserved)`;
}
