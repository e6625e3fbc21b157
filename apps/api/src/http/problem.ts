import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { ERROR_STATUS, type ErrorCode, PROBLEM_CONTENT_TYPE, type TFieldError, type TProblem } from '@tk/contract';
import { AppError, GatewayRefusal, unavailableService } from '@tk/core';

const TITLES: Partial<Record<ErrorCode, string>> = {
  validation_failed: 'The request is not valid',
  invalid_json: 'The body is not valid JSON',
  route_not_found: 'No such route',
  method_not_allowed: 'Method not allowed on this route',
  payload_too_large: 'The body is too large',
  unsupported_media_type: 'Send the body as application/json',
  internal_error: 'Something went wrong on our side',
};

/** Writes an RFC 9457 problem document with our stable code, the request id and field errors. */
export function sendProblem(
  req: Request,
  res: Response,
  code: ErrorCode,
  detail: string,
  fields?: TFieldError[],
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  const status = ERROR_STATUS[code];
  const body: TProblem = {
    type: `https://docs.tk.lk/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[code] ?? code.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase()),
    status,
    detail,
    instance: req.originalUrl.split('?')[0],
    code,
    requestId: String(res.getHeader('X-Request-Id') ?? ''),
    ...(fields?.length ? { errors: fields } : {}),
    ...extra,
  };
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** body-parser's own error types, mapped to our codes. */
const BODY_PARSER_ERRORS: Record<string, ErrorCode> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
};

/** The one place thrown errors become HTTP answers. Unknown errors are logged and hidden. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof AppError) {
    sendProblem(req, res, err.code, err.message, err.details.fields, err.details.headers, err.details.extra);
    return;
  }
  if (err instanceof GatewayRefusal) {
    sendProblem(req, res, 'gateway_refused', err.message);
    return;
  }
  const down = unavailableService(err);
  if (down) {
    req.log?.warn({ err }, `${down} unreachable: answered 503`);
    sendProblem(req, res, 'service_unavailable', down === 'database' ? 'The database cannot be reached right now; try again in a few seconds' : 'The cart and session store (Redis) cannot be reached right now; try again in a few seconds', undefined, { 'Retry-After': '5' });
    return;
  }
  const parserCode = typeof err?.type === 'string' ? BODY_PARSER_ERRORS[err.type] : undefined;
  if (parserCode) {
    const detail =
      parserCode === 'invalid_json'
        ? 'The body could not be parsed as JSON'
        : parserCode === 'payload_too_large'
          ? `The body is larger than ${err.limit} bytes`
          : 'Unsupported body encoding';
    sendProblem(req, res, parserCode, detail, parserCode === 'invalid_json' ? [{ field: 'body', message: 'malformed JSON', code: 'invalid_json' }] : undefined);
    return;
  }
  // PostgreSQL "data exception" (SQLSTATE class 22): a value the contract let through but the
  // database cannot store, such as a NUL character in text. The client's input, so a 400.
  if (typeof err?.code === 'string' && /^22[0-9A-Z]{3}$/.test(err.code)) {
    sendProblem(req, res, 'validation_failed', 'A value in the request cannot be stored (for example a NUL character)');
    return;
  }
  // Other client errors raised by Express itself (a malformed %-escape in the path, an aborted body).
  const status = Number(err?.status ?? err?.statusCode);
  if (status >= 400 && status < 500) {
    sendProblem(req, res, 'validation_failed', 'The request could not be read');
    return;
  }
  req.log?.error({ err: withoutSqlDetails(err) }, 'unhandled error');
  sendProblem(req, res, 'internal_error', 'An unexpected error occurred; quote the requestId if you contact us');
};

/** Database errors can carry the statement and its parameters (emails, hashes): keep them out of logs. */
function withoutSqlDetails(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  const { params: _params, query: _query, ...rest } = err as Record<string, unknown>;
  return Object.assign(Object.create(Object.getPrototypeOf(err)), rest, { message: (err as Error).message, stack: (err as Error).stack });
}

/** Accepts a caller's X-Request-Id when it looks like one, so a trace spans services. */
export function requestId(header: string | undefined): string {
  return header && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
}
