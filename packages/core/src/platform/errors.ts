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
  const e = err as { code?: string; name?: string; message?: string; service?: string };
  if (!e || typeof e !== 'object') return null;
  // Only errors the database and Redis layers marked as theirs: an unreachable S3, SMTP server or
  // gateway is not a database outage (and is logged as the failure it is).
  if (e.service !== 'database' && e.service !== 'cache') return null;
  const message = e.message ?? '';
  const network = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(e.code ?? '');
  if (e.service === 'cache') {
    return e.name === 'MaxRetriesPerRequestError' || network || /Connection is closed|Stream isn't writeable|enableOfflineQueue/.test(message) ? 'cache' : null;
  }
  if (network || ['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006'].includes(e.code ?? '')) return 'database';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message) ? 'database' : null;
}
