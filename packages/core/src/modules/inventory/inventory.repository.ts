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

// ---------- levels, adjustments, reservations ----------

export interface LevelRow {
  variant_id: string;
  location_id: string;
  location_code: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
}

export async function levelsForVariant(db: Queryable, variantId: string): Promise<LevelRow[]> {
  const { rows } = await db.query<LevelRow>(
    `SELECT l.variant_id, l.location_id, s.code AS location_code, l.on_hand, l.reserved, l.low_stock_threshold
       FROM inventory_levels l JOIN stock_locations s ON s.id = l.location_id
      WHERE l.variant_id = $1 ORDER BY s.is_default DESC, s.code`,
    [variantId],
  );
  return rows;
}

export interface MovementRow {
  id: number;
  location_id: string;
  on_hand_delta: number;
  reserved_delta: number;
  reason: string;
  reference: string | null;
  created_at: Date;
}

export async function recentMovements(db: Queryable, variantId: string, limit: number): Promise<MovementRow[]> {
  const { rows } = await db.query<MovementRow>(
    `SELECT id, location_id, on_hand_delta, reserved_delta, reason, reference, created_at
       FROM stock_movements WHERE variant_id = $1 ORDER BY id DESC LIMIT $2`,
    [variantId, limit],
  );
  return rows;
}

export async function recordMovement(
  tx: Queryable,
  m: { variantId: string; locationId: string; onHandDelta: number; reservedDelta: number; reason: string; reference: string | null },
) {
  await tx.query(
    `INSERT INTO stock_movements (variant_id, location_id, on_hand_delta, reserved_delta, reason, reference)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [m.variantId, m.locationId, m.onHandDelta, m.reservedDelta, m.reason, m.reference],
  );
  await announceStockChange(tx, [m.variantId]);
}

/**
 * Every stock change writes one outbox event in its own transaction; the real-time dispatcher
 * turns it into `inventory.updated` for every channel once the change has committed.
 */
async function announceStockChange(tx: Queryable, variantIds: string[]) {
  await tx.query(`INSERT INTO outbox_events (type, payload) VALUES ('inventory.changed', $1)`, [JSON.stringify({ variantIds: [...new Set(variantIds)] })]);
}

/**
 * Changes on hand by delta at one location, creating the level if it is new. Refuses (returns
 * undefined) when the result would fall below zero or below what is reserved.
 */
export async function changeOnHand(tx: Queryable, variantId: string, locationId: string, delta: number) {
  await tx.query(
    `INSERT INTO inventory_levels (variant_id, location_id, on_hand) VALUES ($1, $2, 0)
     ON CONFLICT (variant_id, location_id) DO NOTHING`,
    [variantId, locationId],
  );
  const { rows } = await tx.query<{ on_hand: number; reserved: number }>(
    `UPDATE inventory_levels
        SET on_hand = on_hand + $3, version = version + 1, updated_at = now()
      WHERE variant_id = $1 AND location_id = $2 AND on_hand + $3 >= reserved
      RETURNING on_hand, reserved`,
    [variantId, locationId, delta],
  );
  return rows[0];
}

/**
 * Reserves quantity at whichever location has the most available, as one conditional update:
 * the WHERE re-checks availability on the locked row, so two buyers of the last unit cannot both
 * succeed. A lost race at one location is retried at the next best, a bounded number of times.
 */
export async function reserveAtBestLocation(tx: Queryable, variantId: string, quantity: number): Promise<string | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await tx.query<{ location_id: string }>(
      `UPDATE inventory_levels l
          SET reserved = l.reserved + $2, version = l.version + 1, updated_at = now()
        WHERE l.variant_id = $1
          AND l.location_id = (SELECT location_id FROM inventory_levels
                                WHERE variant_id = $1 AND on_hand - reserved >= $2
                                ORDER BY on_hand - reserved DESC, location_id LIMIT 1)
          AND l.on_hand - l.reserved >= $2
        RETURNING l.location_id`,
      [variantId, quantity],
    );
    if (rows[0]) return rows[0].location_id;
    const left = await tx.query('SELECT 1 FROM inventory_levels WHERE variant_id = $1 AND on_hand - reserved >= $2', [
      variantId,
      quantity,
    ]);
    if (left.rowCount === 0) return undefined;
  }
  return undefined;
}

/** Moves units between reserved and on hand at one location (release: reserved only; commit: both). */
export async function settleReserved(tx: Queryable, variantId: string, locationId: string, quantity: number, commit: boolean) {
  await tx.query(
    `UPDATE inventory_levels
        SET reserved = reserved - $3, on_hand = on_hand - CASE WHEN $4::boolean THEN $3 ELSE 0 END,
            version = version + 1, updated_at = now()
      WHERE variant_id = $1 AND location_id = $2`,
    [variantId, locationId, quantity, commit],
  );
}

export async function insertReservation(
  tx: Queryable,
  r: { reference: string; variantId: string; locationId: string; quantity: number; expiresAt: Date },
) {
  await tx.query(
    `INSERT INTO stock_reservations (reference, variant_id, location_id, quantity, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [r.reference, r.variantId, r.locationId, r.quantity, r.expiresAt],
  );
}

export interface ReservationRow {
  id: string;
  reference: string;
  variant_id: string;
  location_id: string;
  quantity: number;
}

/**
 * Moves a reference's reservations from one status to the next (locking them) and returns them
 * sorted by variant and location, the order every stock change locks levels in (no deadlocks).
 */
export async function closeReservations(
  tx: Queryable,
  reference: string,
  status: 'committed' | 'released' | 'expired' | 'returned',
  from: 'active' | 'committed' = 'active',
  onlyExpired = false,
): Promise<ReservationRow[]> {
  const { rows } = await tx.query<ReservationRow>(
    `UPDATE stock_reservations SET status = $2, updated_at = now()
      WHERE reference = $1 AND status = $3 AND (NOT $4::boolean OR expires_at <= now())
      RETURNING id, reference, variant_id, location_id, quantity`,
    [reference, status, from, onlyExpired],
  );
  return rows.sort((a, b) => (a.variant_id + a.location_id < b.variant_id + b.location_id ? -1 : 1));
}

/** References with an active reservation past its expiry (no locks: each is settled in its own transaction). */
export async function dueReferences(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ reference: string }>(
    `SELECT reference FROM stock_reservations
      WHERE status = 'active' AND expires_at <= now()
      GROUP BY reference ORDER BY min(expires_at) LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.reference);
}

/**
 * Re-evaluates the low-stock flag of one level; returns the level when it has just crossed
 * down to its threshold (so the caller emits exactly one event per crossing).
 */
export async function updateLowStockFlag(tx: Queryable, variantId: string, locationId: string) {
  const { rows } = await tx.query<{ alerted: boolean; available: number; threshold: number }>(
    `UPDATE inventory_levels
        SET low_stock_alerted = (on_hand - reserved <= low_stock_threshold)
      WHERE variant_id = $1 AND location_id = $2
        AND low_stock_alerted IS DISTINCT FROM (on_hand - reserved <= low_stock_threshold)
      RETURNING low_stock_alerted AS alerted, on_hand - reserved AS available, low_stock_threshold AS threshold`,
    [variantId, locationId],
  );
  return rows[0]?.alerted ? rows[0] : undefined;
}

export async function insertOutboxEvent(tx: Queryable, type: string, payload: Record<string, unknown>) {
  await tx.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2)', [type, JSON.stringify(payload)]);
  if (type === 'inventory.low_stock') {
    // Every staff member and admin gets the alert by email, sent once this change commits.
    await tx.query(
      `INSERT INTO outbox_events (type, payload)
       SELECT 'notification.email', json_build_object(
                'channel', 'email', 'to', u.email, 'template', 'low_stock',
                'subject', 'Low stock: ' || v.sku,
                'text', 'Only ' || $2::int || ' left of ' || p.title || ' (' || v.title || ', SKU ' || v.sku || '); the alert level is ' || $3::int || '. Reorder or adjust the threshold.',
                'data', json_build_object('variantId', v.id, 'sku', v.sku, 'available', $2::int::text))
         FROM users u, variants v JOIN products p ON p.id = v.product_id
        WHERE u.role IN ('staff', 'admin') AND v.id = $1`,
      [payload.variantId, payload.available, payload.threshold],
    );
  }
}

export async function locationExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM stock_locations WHERE id = $1', [id])).rowCount === 1;
}

/** Several reservations in one statement (all lines of a checkout). */
export async function insertReservations(
  tx: Queryable,
  rows: { reference: string; variantId: string; locationId: string; quantity: number; expiresAt: Date }[],
) {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO stock_reservations (reference, variant_id, location_id, quantity, expires_at)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[])`,
    [rows.map((r) => r.reference), rows.map((r) => r.variantId), rows.map((r) => r.locationId), rows.map((r) => r.quantity), rows.map((r) => r.expiresAt)],
  );
}

/** Several ledger rows in one statement. */
export async function recordMovements(
  tx: Queryable,
  rows: { variantId: string; locationId: string; onHandDelta: number; reservedDelta: number; reason: string; reference: string | null }[],
) {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO stock_movements (variant_id, location_id, on_hand_delta, reserved_delta, reason, reference)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::text[], $6::text[])`,
    [
      rows.map((r) => r.variantId),
      rows.map((r) => r.locationId),
      rows.map((r) => r.onHandDelta),
      rows.map((r) => r.reservedDelta),
      rows.map((r) => r.reason),
      rows.map((r) => r.reference),
    ],
  );
  await announceStockChange(tx, rows.map((r) => r.variantId));
}

/** updateLowStockFlag for several levels in one statement; returns those that just crossed down. */
export async function updateLowStockFlags(tx: Queryable, levels: { variantId: string; locationId: string }[]) {
  if (!levels.length) return [];
  const { rows } = await tx.query<{ variant_id: string; location_id: string; available: number; threshold: number }>(
    `UPDATE inventory_levels l
        SET low_stock_alerted = (l.on_hand - l.reserved <= l.low_stock_threshold)
       FROM unnest($1::uuid[], $2::uuid[]) AS t(v, loc)
      WHERE l.variant_id = t.v AND l.location_id = t.loc
        AND l.low_stock_alerted IS DISTINCT FROM (l.on_hand - l.reserved <= l.low_stock_threshold)
      RETURNING l.variant_id, l.location_id, l.low_stock_alerted AS alerted, l.on_hand - l.reserved AS available,
                l.low_stock_threshold AS threshold`,
    [levels.map((l) => l.variantId), levels.map((l) => l.locationId)],
  );
  return (rows as (typeof rows[number] & { alerted: boolean })[]).filter((r) => r.alerted);
}

export interface StockListRow {
  variant_id: string;
  product_id: string;
  product_title: string;
  variant_title: string;
  sku: string;
  location_id: string;
  location_code: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
}

/** Staff's stock table: one row per variant and location, least available first. */
export async function listLevels(db: Queryable, filter: { q?: string; lowStock?: boolean }, limit: number, offset: number) {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const from = `FROM inventory_levels l
      JOIN variants v ON v.id = l.variant_id
      JOIN products p ON p.id = v.product_id
      JOIN stock_locations s ON s.id = l.location_id
     WHERE ($1::text IS NULL OR p.title ILIKE $1 OR v.sku ILIKE $1)
       AND (NOT $2::boolean OR l.on_hand - l.reserved <= l.low_stock_threshold)`;
  const args = [like, filter.lowStock ?? false];
  const [{ rows }, count] = await Promise.all([
    db.query<StockListRow>(
      `SELECT l.variant_id, p.id AS product_id, p.title AS product_title, v.title AS variant_title, v.sku,
              l.location_id, s.code AS location_code, l.on_hand, l.reserved, l.low_stock_threshold
         ${from}
        ORDER BY l.on_hand - l.reserved, v.sku, s.code LIMIT $3 OFFSET $4`,
      [...args, limit, offset],
    ),
    db.query<{ total: string }>(`SELECT count(*) AS total ${from}`, args),
  ]);
  return { rows, total: Number(count.rows[0]!.total) };
}

export async function setLowStockThreshold(tx: Queryable, variantId: string, locationId: string, threshold: number) {
  const { rows } = await tx.query<{ on_hand: number; reserved: number }>(
    `UPDATE inventory_levels SET low_stock_threshold = $3, version = version + 1, updated_at = now()
      WHERE variant_id = $1 AND location_id = $2 RETURNING on_hand, reserved`,
    [variantId, locationId, threshold],
  );
  return rows[0];
}

/** On hand at one location, the row locked until the transaction ends (0 when there is no row yet). */
export async function lockOnHand(tx: Queryable, variantId: string, locationId: string): Promise<number> {
  const { rows } = await tx.query<{ on_hand: number }>('SELECT on_hand FROM inventory_levels WHERE variant_id = $1 AND location_id = $2 FOR UPDATE', [variantId, locationId]);
  return rows[0]?.on_hand ?? 0;
}
