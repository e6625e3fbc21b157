import { ERROR_STATUS, type ErrorCode, type TFieldError } from '@tk/contract';

/**
 * The one error type domain code throws. The API turns it into problem+json using the
 * contract's code→status table; anything else thrown becomes a generic 500.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: TFieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);

/** A 400 naming one field, for rules zod cannot see (a cursor from another sort, say). */
export const invalidField = (field: string, message: string, code = 'invalid') =>
  new AppError('validation_failed', `${field}: ${message}`, { fields: [{ field, message, code }] });

/** PostgreSQL unique_violation, so services can map it to a precise 409. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  return constraint === undefined || e.constraint === constraint || (e.message ?? '').includes(constraint);
}

/** PostgreSQL foreign_key_violation: the row points at something that is not (or no longer) there. */
export function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23503';
}

/**
 * Which backing service an error says is out of reach, if any: the database (refused or dropped
 * connections, a server shutting down or starting, a pool that could not connect in time) or the
 * cache (Redis gone past the client's retries). The API answers these with 503 and Retry-After,
 * not 500: the request was fine, try it again shortly.
 */
export function unavailableService(err: unknown): 'database' | 'cache' | null {
  const e = err as { code?: string; name?: string; message?: string };
  if (!e || typeof e !== 'object') return null;
  const message = e.message ?? '';
  if (e.name === 'MaxRetriesPerRequestError' || /Connection is closed|Stream isn't writeable|enableOfflineQueue/.test(message)) return 'cache';
  if (['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006'].includes(e.code ?? '')) return 'database';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(e.code ?? '')) return /redis|6379/i.test(message) ? 'cache' : 'database';
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message)) return 'database';
  return null;
}
