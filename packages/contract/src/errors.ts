import { z } from 'zod';

/**
 * Every error the API can answer with, by stable code, and the HTTP status each maps to.
 * Clients branch on `code`, never on `title` or `detail`, which are for people.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  token_expired: 401,
  refresh_token_reused: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  email_taken: 409,
  slug_taken: 409,
  sku_taken: 409,
  out_of_stock: 409,
  payload_too_large: 413,
  /** The payment gateway refused the request; sending it again will not change that. */
  gateway_refused: 422,
  /** A promotion code that does not apply; errors[].code says why (expired, below_minimum, …). */
  promotion_not_applicable: 422,
  unsupported_media_type: 415,
  rate_limited: 429,
  webhook_signature_invalid: 400,
  internal_error: 500,
  /** A payment gateway failed or could not be reached; the request can be retried. */
  gateway_error: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCodes = Object.keys(ERROR_STATUS) as ErrorCode[];

export const ZFieldError = z.object({
  /** Dotted path of the offending input, prefixed by where it came from: body.email, query.limit. */
  field: z.string(),
  message: z.string(),
  code: z.string(),
});
export type TFieldError = z.infer<typeof ZFieldError>;

/** RFC 9457 problem details, extended with a stable code, the request id and per-field errors. */
export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.enum(ErrorCodes as [ErrorCode, ...ErrorCode[]]),
    requestId: z.string().optional(),
    errors: z.array(ZFieldError).optional(),
    /** With out_of_stock: each line that is short, and how many are available. */
    lines: z.array(z.object({ variantId: z.string(), requested: z.int(), available: z.int() })).optional(),
  })
  .meta({ id: 'Problem' });
export type TProblem = z.infer<typeof ZProblem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
