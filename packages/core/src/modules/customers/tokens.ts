import { createHash, randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { TRole } from '@tk/contract';
import { AppError } from '../../platform/errors.js';

const ISSUER = 'tk-commerce';
const AUDIENCE = 'tk-api';

/** What an access token proves about its bearer. */
export interface AccessClaims {
  userId: string;
  role: TRole;
  /** The refresh-token family (one login); revoking it cuts this token off too. */
  sessionId: string;
}

export class AccessTokens {
  private readonly key: Uint8Array;
  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      const role = payload.role as TRole;
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !['customer', 'staff', 'admin'].includes(role)) {
        throw new AppError('invalid_token', 'The access token is malformed');
      }
      return { userId: payload.sub, role, sessionId: payload.sid };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new AppError('token_expired', 'The access token has expired; refresh it');
      throw new AppError('invalid_token', 'The access token is not valid');
    }
  }
}

/** A random opaque token (refresh or reset) and the hash we store in its place. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
