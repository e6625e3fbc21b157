import { randomUUID } from 'node:crypto';
import { type Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { TRole, TSessionResponse, TTokens, TUser } from '@tk/contract';
import type { Database } from '../../platform/database.js';
import { AppError, isUniqueViolation, notFound } from '../../platform/errors.js';
import type { KeyValueStore } from '../../platform/kv.js';
import { clientKey, type RateLimiter } from '../../platform/rate-limit.js';
import type { Notifier } from '../notifications/index.js';
import * as repo from './customers.repository.js';
import { type AccessClaims, AccessTokens, hashToken, newOpaqueToken } from './tokens.js';

/** OWASP's argon2id baseline (19 MiB, 2 passes): strong, and quick enough for 2 cores. */
// Algorithm is a const enum the compiler cannot inline across packages here; 2 is its Argon2id.
const ARGON2_OPTIONS = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface AuthSettings {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  passwordResetTtlMinutes: number;
  appBaseUrl: string;
  rateLimitWindowSeconds: number;
  loginPerIp: number;
  loginPerAccount: number;
  resetPerIp: number;
  resetPerAccount: number;
  registerPerIp: number;
}

export interface AuthServiceDeps {
  db: Database;
  kv: KeyValueStore;
  rateLimiter: RateLimiter;
  notifier: Notifier;
  settings: AuthSettings;
}

export function toUser(u: repo.UserRow): TUser {
  return { id: u.id, email: u.email, name: u.name, phone: u.phone, role: u.role, createdAt: u.created_at.toISOString() };
}

/**
 * Accounts and sessions. A session is a refresh-token family: every refresh spends the presented
 * token and issues its successor; presenting a spent token means it was stolen or replayed, so the
 * whole family is revoked and its access tokens stop working at once.
 */
export class AuthService {
  private readonly accessTokens: AccessTokens;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: AuthServiceDeps) {
    this.accessTokens = new AccessTokens(deps.settings.jwtSecret, deps.settings.accessTokenTtlSeconds);
  }

  private get db() {
    return this.deps.db;
  }

  async register(input: { email: string; password: string; name: string }, ip: string): Promise<TSessionResponse> {
    const s = this.deps.settings;
    await this.deps.rateLimiter.hit(`register:ip:${clientKey(ip)}`, s.registerPerIp, s.rateLimitWindowSeconds);
    const passwordHash = await argon2Hash(input.password, ARGON2_OPTIONS);
    let user: repo.UserRow;
    try {
      user = await repo.insertUser(this.db, { email: input.email, passwordHash, name: input.name, role: 'customer' });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_idx')) {
        throw new AppError('email_taken', 'An account with this email already exists', {
          fields: [{ field: 'body.email', message: 'already registered', code: 'taken' }],
        });
      }
      throw err;
    }
    return { user: toUser(user), tokens: await this.startSession(user) };
  }

  async login(input: { email: string; password: string }, ip: string): Promise<TSessionResponse> {
    const s = this.deps.settings;
    const account = `login:acct:${input.email.toLowerCase()}`;
    // Count before checking the password, so parallel guesses are all counted.
    await this.deps.rateLimiter.hit(`login:ip:${clientKey(ip)}`, s.loginPerIp, s.rateLimitWindowSeconds);
    await this.deps.rateLimiter.hit(account, s.loginPerAccount, s.rateLimitWindowSeconds);
    const user = await repo.findUserByEmail(this.db, input.email);
    // Verify against a dummy hash when there is no user, so timing does not reveal which emails exist.
    const hash = user?.password_hash ?? (await (this.dummyHash ??= argon2Hash(randomUUID(), ARGON2_OPTIONS)));
    const ok = await argon2Verify(hash, input.password);
    if (!user || !ok) throw new AppError('invalid_credentials', 'Email or password is wrong');
    await this.deps.rateLimiter.reset(account);
    return { user: toUser(user), tokens: await this.startSession(user) };
  }

  async refresh(refreshToken: string): Promise<TTokens> {
    const found = await repo.findRefreshToken(this.db, hashToken(refreshToken));
    if (!found) throw new AppError('invalid_token', 'Unknown refresh token');
    const user = await repo.findUserById(this.db, found.user_id);
    if (!user) throw new AppError('invalid_token', 'The account no longer exists');
    const next = newOpaqueToken();
    const expiresAt = found.expires_at; // rotation never extends a session beyond its login's lifetime
    // The session row is locked for the whole rotation, so a logout or reuse detection running at
    // the same time waits for it and then revokes the successor too.
    const outcome = await this.db.transaction(async (tx) => {
      const session = await repo.lockSession(tx, found.family_id);
      if (session !== 'live') return 'ended' as const;
      if (found.expires_at.getTime() <= Date.now()) return 'expired' as const;
      if (!(await repo.spendRefreshToken(tx, found.id))) {
        await repo.revokeFamily(tx, found.family_id);
        return 'reused' as const;
      }
      await repo.insertRefreshToken(tx, { userId: user.id, familyId: found.family_id, tokenHash: next.hash, expiresAt });
      return 'rotated' as const;
    });
    if (outcome === 'reused') {
      await this.cutAccessTokens([found.family_id]);
      throw new AppError('refresh_token_reused', 'This refresh token was already used; the session has been ended');
    }
    if (outcome === 'ended') throw new AppError('invalid_token', 'This session has ended; sign in again');
    if (outcome === 'expired') throw new AppError('invalid_token', 'The refresh token has expired');
    const access = await this.accessTokens.issue({ userId: user.id, role: user.role, sessionId: found.family_id });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: next.token,
      refreshTokenExpiresAt: expiresAt.toISOString(),
    };
  }

  async logout(refreshToken: string): Promise<void> {
    const found = await repo.findRefreshToken(this.db, hashToken(refreshToken));
    if (found) await this.revokeSession(found.family_id);
  }

  /** Always resolves the same way, so the answer never tells whether the email has an account. */
  async requestPasswordReset(email: string, ip: string): Promise<void> {
    const s = this.deps.settings;
    await this.deps.rateLimiter.hit(`reset:ip:${clientKey(ip)}`, s.resetPerIp, s.rateLimitWindowSeconds);
    await this.deps.rateLimiter.hit(`reset:acct:${email.toLowerCase()}`, s.resetPerAccount, s.rateLimitWindowSeconds);
    const user = await repo.findUserByEmail(this.db, email);
    if (!user) return;
    const { token, hash } = newOpaqueToken();
    await repo.insertResetToken(this.db, user.id, hash, new Date(Date.now() + s.passwordResetTtlMinutes * 60_000));
    const link = `${s.appBaseUrl.replace(/\/$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
    await this.deps.notifier.send({
      channel: 'email',
      to: user.email,
      template: 'password_reset',
      subject: 'Reset your password',
      text: `Someone asked to reset the password of your T & K account. If it was you, open ${link} within ${s.passwordResetTtlMinutes} minutes. If not, ignore this email.`,
      data: { link },
    });
  }

  async confirmPasswordReset(token: string, password: string, ip: string): Promise<void> {
    const s = this.deps.settings;
    await this.deps.rateLimiter.hit(`reset-confirm:ip:${clientKey(ip)}`, s.resetPerIp, s.rateLimitWindowSeconds);
    // The token is spent before the (deliberately slow) hash is computed, so a made-up token costs us nothing.
    const families = await this.db.transaction(async (tx) => {
      const userId = await repo.spendResetToken(tx, hashToken(token));
      if (!userId) return undefined;
      await repo.updateUser(tx, userId, { passwordHash: await argon2Hash(password, ARGON2_OPTIONS) });
      await repo.spendAllResetTokens(tx, userId);
      return repo.revokeAllFamilies(tx, userId);
    });
    if (!families) {
      throw new AppError('validation_failed', 'This reset link is invalid, used or expired', {
        fields: [{ field: 'body.token', message: 'invalid, used or expired', code: 'invalid_token' }],
      });
    }
    await this.cutAccessTokens(families);
  }

  async changePassword(claims: AccessClaims, currentPassword: string, newPassword: string): Promise<void> {
    const s = this.deps.settings;
    const bucket = `password:acct:${claims.userId}`;
    await this.deps.rateLimiter.hit(bucket, s.loginPerAccount, s.rateLimitWindowSeconds);
    const user = await repo.findUserById(this.db, claims.userId);
    if (!user) throw notFound('User');
    if (!(await argon2Verify(user.password_hash, currentPassword))) {
      // 400, not 401: the session is fine, one field is wrong.
      throw new AppError('validation_failed', 'The current password is wrong', {
        fields: [{ field: 'body.currentPassword', message: 'wrong password', code: 'wrong_password' }],
      });
    }
    await this.deps.rateLimiter.reset(bucket);
    const passwordHash = await argon2Hash(newPassword, ARGON2_OPTIONS);
    const families = await this.db.transaction(async (tx) => {
      await repo.updateUser(tx, user.id, { passwordHash });
      await repo.spendAllResetTokens(tx, user.id);
      return repo.revokeAllFamilies(tx, user.id, claims.sessionId);
    });
    await this.cutAccessTokens(families);
  }

  /** Checks an access token, including that its session has not been ended since it was issued. */
  async authenticate(accessToken: string): Promise<AccessClaims> {
    const claims = await this.accessTokens.verify(accessToken);
    if (await this.deps.kv.get(revokedKey(claims.sessionId))) {
      throw new AppError('invalid_token', 'This session has ended; sign in again');
    }
    return claims;
  }

  /**
   * Creates the first admin from configuration. An existing account with that email is promoted
   * only if its password is ADMIN_PASSWORD: registration is public, so an email alone proves nothing.
   */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'exists' | 'promoted' | 'refused'> {
    const existing = await repo.findUserByEmail(this.db, email);
    if (existing) {
      if (existing.role === 'admin') return 'exists';
      if (!(await argon2Verify(existing.password_hash, password))) return 'refused';
      await this.setRole(existing.id, 'admin');
      return 'promoted';
    }
    const passwordHash = await argon2Hash(password, ARGON2_OPTIONS);
    try {
      await repo.insertUser(this.db, { email, passwordHash, name: 'Administrator', role: 'admin' });
      return 'created';
    } catch (err) {
      if (isUniqueViolation(err)) return 'exists'; // another API copy created it first
      throw err;
    }
  }

  /** Staff: accounts with their order counts, one page at a time. */
  async listUsers(filter: { q?: string; role?: TRole }, limit: number, offset: number) {
    const { rows, total } = await repo.listUsers(this.db, filter, limit, offset);
    return {
      items: rows.map((r) => ({ ...toUser(r), orderCount: Number(r.order_count), lastOrderAt: r.last_order_at?.toISOString() ?? null })),
      total,
    };
  }

  /** Admins: an account for a member of the team. */
  async createStaff(input: { email: string; name: string; password: string; role: 'staff' | 'admin' }): Promise<TUser> {
    const passwordHash = await argon2Hash(input.password, ARGON2_OPTIONS);
    try {
      return toUser(await repo.insertUser(this.db, { email: input.email, passwordHash, name: input.name, role: input.role }));
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_idx')) {
        throw new AppError('email_taken', 'An account with this email already exists; change its role instead', {
          fields: [{ field: 'body.email', message: 'already registered', code: 'taken' }],
        });
      }
      throw err;
    }
  }

  async setRole(userId: string, role: TRole): Promise<TUser> {
    // Tokens carry the role; the user's sessions end with the change so the new role applies at once.
    const result = await this.db.transaction(async (tx) => {
      const user = await repo.updateUser(tx, userId, { role });
      return user ? { user, families: await repo.revokeAllFamilies(tx, userId) } : undefined;
    });
    if (!result) throw notFound('User');
    await this.cutAccessTokens(result.families);
    return toUser(result.user);
  }

  /** Housekeeping for the worker: expired sessions and reset links are of no further use. */
  purgeExpired() {
    return repo.purgeExpiredTokens(this.db);
  }

  private async startSession(user: repo.UserRow): Promise<TTokens> {
    const familyId = randomUUID();
    const refresh = newOpaqueToken();
    const refreshExpiresAt = new Date(Date.now() + this.deps.settings.refreshTokenTtlDays * 86_400_000);
    await this.db.transaction(async (tx) => {
      await repo.insertSession(tx, familyId, user.id);
      await repo.insertRefreshToken(tx, { userId: user.id, familyId, tokenHash: refresh.hash, expiresAt: refreshExpiresAt });
    });
    const access = await this.accessTokens.issue({ userId: user.id, role: user.role, sessionId: familyId });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
    };
  }

  private async revokeSession(familyId: string) {
    await this.db.transaction((tx) => repo.revokeFamily(tx, familyId));
    await this.cutAccessTokens([familyId]);
  }

  /** Access tokens are stateless, so ended sessions are listed until their last token expires. */
  private async cutAccessTokens(familyIds: string[]) {
    const ttl = this.deps.settings.accessTokenTtlSeconds + 5;
    await Promise.all(familyIds.map((id) => this.deps.kv.set(revokedKey(id), '1', ttl)));
  }
}

const revokedKey = (familyId: string) => `revoked-session:${familyId}`;
