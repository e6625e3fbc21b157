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
