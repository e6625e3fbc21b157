import type { TRole } from '@tk/contract';
import type { Queryable } from '../../platform/database.js';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  name: string;
  phone: string | null;
  role: TRole;
  created_at: Date;
}

const USER_COLUMNS = 'id, email, password_hash, name, phone, role, created_at';

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
  return rows[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

export async function insertUser(
  db: Queryable,
  u: { email: string; passwordHash: string; name: string; role: TRole },
): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (email, password_hash, name, role) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
    [u.email, u.passwordHash, u.name, u.role],
  );
  return rows[0]!;
}

export interface UserListRow extends UserRow {
  order_count: string;
  last_order_at: Date | null;
}

/** Newest accounts first, by role or searched by email or name, with their order counts. */
export async function listUsers(db: Queryable, filter: { q?: string; role?: TRole }, limit: number, offset: number) {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = 'WHERE ($1::text IS NULL OR u.role = $1) AND ($2::text IS NULL OR u.email ILIKE $2 OR u.name ILIKE $2)';
  const [{ rows }, count] = await Promise.all([
    db.query<UserListRow>(
      `SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')},
              (SELECT count(*) FROM orders o WHERE o.customer_id = u.id) AS order_count,
              (SELECT max(created_at) FROM orders o WHERE o.customer_id = u.id) AS last_order_at
         FROM users u ${where} ORDER BY u.created_at DESC, u.id LIMIT $3 OFFSET $4`,
      [filter.role ?? null, like, limit, offset],
    ),
    db.query<{ total: string }>(`SELECT count(*) AS total FROM users u ${where}`, [filter.role ?? null, like]),
  ]);
  return { rows, total: Number(count.rows[0]!.total) };
}

export async function updateUser(
  db: Queryable,
  id: string,
  changes: { name?: string; phone?: string | null; role?: TRole; passwordHash?: string },
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET
        name = CASE WHEN $2::boolean THEN $3 ELSE name END,
        phone = CASE WHEN $4::boolean THEN $5 ELSE phone END,
        role = coalesce($6, role),
        password_hash = coalesce($7, password_hash),
        updated_at = now()
      WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, changes.name !== undefined, changes.name ?? null, changes.phone !== undefined, changes.phone ?? null, changes.role ?? null, changes.passwordHash ?? null],
  );
  return rows[0];
}

// ---------- refresh tokens ----------

export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertRefreshToken(
  db: Queryable,
  t: { userId: string; familyId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.query('INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [
    t.userId,
    t.familyId,
    t.tokenHash,
    t.expiresAt,
  ]);
}

export async function findRefreshToken(db: Queryable, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const { rows } = await db.query<RefreshTokenRow>(
    'SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1',
    [tokenHash],
  );
  return rows[0];
}

/** Spends a token exactly once: of two concurrent refreshes with one token, only one gets `true`. */
export async function spendRefreshToken(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL',
    [id],
  );
  return rowCount === 1;
}

export async function insertSession(db: Queryable, id: string, userId: string): Promise<void> {
  await db.query('INSERT INTO sessions (id, user_id) VALUES ($1, $2)', [id, userId]);
}

/** Locks a session row for the rest of the transaction; tells whether it is still live. */
export async function lockSession(tx: Queryable, id: string): Promise<'live' | 'revoked' | 'missing'> {
  const { rows } = await tx.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM sessions WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  if (!rows[0]) return 'missing';
  return rows[0].revoked_at ? 'revoked' : 'live';
}

/** Ends one session: the session row first (it serialises with refreshes), then its tokens. */
export async function revokeFamily(tx: Queryable, familyId: string): Promise<void> {
  await tx.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [familyId]);
  await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
}

/** Ends every live session of a user but one; returns their ids so their access tokens can be cut too. */
export async function revokeAllFamilies(tx: Queryable, userId: string, exceptFamilyId?: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = now()
      WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)
      RETURNING id`,
    [userId, exceptFamilyId ?? null],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length) {
    await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NULL', [ids]);
  }
  return ids;
}

// ---------- password resets ----------

export async function insertResetToken(db: Queryable, userId: string, tokenHash: string, expiresAt: Date) {
  await db.query('INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, $3)', [
    userId,
    tokenHash,
    expiresAt,
  ]);
}

/** Spends every outstanding reset link of a user (after the password changed by any route). */
export async function spendAllResetTokens(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
}

/** Marks a live reset token used and returns its user, or undefined if it is unknown, spent or expired. */
export async function spendResetToken(db: Queryable, tokenHash: string): Promise<string | undefined> {
  const { rows } = await db.query<{ user_id: string }>(
    `UPDATE password_reset_tokens SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
    [tokenHash],
  );
  return rows[0]?.user_id;
}

// ---------- addresses ----------

export interface AddressRow {
  id: string;
  label: string;
  full_name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  phone: string;
  is_default_shipping: boolean;
  is_default_billing: boolean;
}

const ADDRESS_COLUMNS =
  'id, label, full_name, line1, line2, city, region, postal_code, country, phone, is_default_shipping, is_default_billing';

export const ADDRESS_FIELD_COLUMNS = {
  label: 'label',
  fullName: 'full_name',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  region: 'region',
  postalCode: 'postal_code',
  country: 'country',
  phone: 'phone',
  isDefaultShipping: 'is_default_shipping',
  isDefaultBilling: 'is_default_billing',
} as const;
export type AddressFields = { [K in keyof typeof ADDRESS_FIELD_COLUMNS]: K extends `isDefault${string}` ? boolean : string };

export async function listAddresses(db: Queryable, userId: string): Promise<AddressRow[]> {
  const { rows } = await db.query<AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return rows;
}

export async function insertAddress(db: Queryable, userId: string, a: AddressFields): Promise<AddressRow> {
  const keys = Object.keys(ADDRESS_FIELD_COLUMNS) as (keyof AddressFields)[];
  const { rows } = await db.query<AddressRow>(
    `INSERT INTO addresses (user_id, ${keys.map((k) => ADDRESS_FIELD_COLUMNS[k]).join(', ')})
     VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING ${ADDRESS_COLUMNS}`,
    [userId, ...keys.map((k) => a[k])],
  );
  return rows[0]!;
}

export async function updateAddress(
  db: Queryable,
  userId: string,
  id: string,
  changes: Partial<AddressFields>,
): Promise<AddressRow | undefined> {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined) as [keyof AddressFields, unknown][];
  const { rows } = await db.query<AddressRow>(
    `UPDATE addresses SET ${entries.map(([k], i) => `${ADDRESS_FIELD_COLUMNS[k]} = $${i + 3}`).join(', ')}
      WHERE id = $1 AND user_id = $2 RETURNING ${ADDRESS_COLUMNS}`,
    [id, userId, ...entries.map(([, v]) => v)],
  );
  return rows[0];
}

/** Keeps at most one default shipping and one default billing address per user. */
export async function clearOtherDefaults(db: Queryable, userId: string, keepId: string, kind: 'shipping' | 'billing') {
  const column = kind === 'shipping' ? 'is_default_shipping' : 'is_default_billing';
  await db.query(`UPDATE addresses SET ${column} = false WHERE user_id = $1 AND id <> $2 AND ${column}`, [userId, keepId]);
}

export async function deleteAddress(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM addresses WHERE id = $1 AND user_id = $2', [id, userId]);
  return rowCount === 1;
}

/** Deletes refresh tokens past their expiry (a family shares one expiry) and old reset tokens. */
export async function purgeExpiredTokens(db: Queryable): Promise<{ sessions: number; resetTokens: number }> {
  // A session whose newest token has expired can never be refreshed again; its tokens go with it.
  const refresh = await db.query(
    `DELETE FROM sessions s WHERE NOT EXISTS (
       SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id AND t.expires_at >= now())`,
  );
  const reset = await db.query(`DELETE FROM password_reset_tokens WHERE expires_at < now() - interval '1 day'`);
  return { sessions: refresh.rowCount, resetTokens: reset.rowCount };
}
