import { createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { RouteDef, RouteOutput, TFieldError } from '@tk/contract';
import { AppError, type AccessClaims, type Platform } from '@tk/core';

/** What a handler receives: the parsed, typed parts of the request and who is calling. */
type Parsed<S> = [NonNullable<S>] extends [never] ? undefined : NonNullable<S> extends z.ZodType ? z.output<NonNullable<S>> : undefined;

export interface HandlerContext<R extends RouteDef> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
  /** Present on every route whose access is not 'public', and on 'optional' ones when a token was sent. */
  user: AccessClaims | undefined;
  ip: string;
  req: Request;
  res: Response;
}

export type Handler<R extends RouteDef> = (
  ctx: HandlerContext<R>,
) => Promise<R['response'] extends z.ZodType ? RouteOutput<R> : void>;

const ROLE_RANK = { customer: 0, staff: 1, admin: 2 } as const;

/** '/v1/products/{slug}' → '/v1/products/:slug' for Express. */
export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function zodFields(where: 'params' | 'query' | 'body', error: z.ZodError): TFieldError[] {
  return error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
    code: i.code,
  }));
}

/**
 * Binds a handler to a contract route: checks access, validates every part of the request with the
 * route's schemas (all errors at once, each naming its field), runs the handler and sends the
 * result with the route's status. Outside production the response is checked against the contract
 * too, so a drift between code and contract fails tests instead of reaching clients.
 */
export function bindRoute<R extends RouteDef>(router: Router, platform: Platform, def: R, handler: Handler<R>) {
  const checkResponses = platform.config.NODE_ENV !== 'production';
  router[def.method](expressPath(def.path), async (req, res) => {
    res.locals.routePath = def.path;
    let user: AccessClaims | undefined;
    const header = req.get('authorization');
    if (def.access !== 'public' && !(def.access === 'optional' && !header)) {
      const match = header?.match(/^Bearer\s+(\S+)$/i);
      if (!match) throw new AppError('unauthorized', 'Sign in: send an access token as "Authorization: Bearer <token>"', { headers: { 'WWW-Authenticate': 'Bearer' } });
      user = await platform.auth.authenticate(match[1]!);
      if (def.access !== 'customer' && def.access !== 'optional' && ROLE_RANK[user.role] < ROLE_RANK[def.access]) {
        throw new AppError('forbidden', `This needs the ${def.access} role`);
      }
    }
    if (def.body && !req.is('application/json')) {
      throw new AppError('unsupported_media_type', 'Send the body as application/json', {
        fields: [{ field: 'body', message: 'expected Content-Type: application/json', code: 'unsupported_media_type' }],
      });
    }
    const fields: TFieldError[] = [];
    const parse = (where: 'params' | 'query' | 'body', schema: z.ZodType | undefined, value: unknown) => {
      if (!schema) return undefined;
      const result = schema.safeParse(value ?? {});
      if (!result.success) fields.push(...zodFields(where, result.error));
      return result.data;
    };
    const params = parse('params', def.params, req.params);
    const query = parse('query', def.query, req.query);
    const body = parse('body', def.body, req.body);
    if (fields.length) {
      throw new AppError('validation_failed', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
    }
    const result = await handler({ params, query, body, user, ip: req.ip ?? 'unknown', req, res } as HandlerContext<R>);
    if (def.stream) return; // the handler owns the response
    if (def.response === null) {
      res.status(204).end();
      return;
    }
    if (checkResponses) {
      const checked = def.response.safeParse(result);
      if (!checked.success) {
        req.log?.error({ issues: checked.error.issues, route: def.path }, 'response does not match the contract');
        throw new Error(`Response of ${def.method.toUpperCase()} ${def.path} does not match the contract`);
      }
    }
    if (def.cache && def.method === 'get') {
      sendCacheable(req, res, def.cache, JSON.stringify(result));
      return;
    }
    res.status(def.status).json(result);
  });
}

/**
 * A public response browsers and CDNs may keep: a weak ETag over the exact body (so a 304 is only
 * ever sent for identical content) and Cache-Control with stale-while-revalidate.
 */
function sendCacheable(req: Request, res: Response, cache: { maxAge: number; swr: number }, body: string) {
  const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${cache.maxAge}, stale-while-revalidate=${cache.swr}`);
  const wanted = req.get('if-none-match');
  if (wanted && wanted.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json').send(body);
}
