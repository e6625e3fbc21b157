import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/**
 * Who may call a route: anyone; anyone, identified when they send a token ('optional': guest
 * carts); any signed-in user; staff (and admins); admins only.
 */
export type Access = 'public' | 'optional' | 'customer' | 'staff' | 'admin';

/** One API operation: its path, who may call it, and the zod schema of every part. */
export interface RouteDef<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | null = z.ZodType | null,
> {
  method: HttpMethod;
  /** OpenAPI-style path: /v1/products/{slug} */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Success body schema; null for 204 No Content. */
  response: R;
  status: 200 | 201 | 202 | 204;
  /** The handler writes the response itself as a stream (Server-Sent Events); `response` describes one event. */
  stream?: boolean;
  /**
   * Public and the same for everyone: answered with an ETag (304 on a matching If-None-Match) and
   * Cache-Control so browsers and a CDN keep it `maxAge` seconds and may serve it stale for `swr`
   * more while they refresh it.
   */
  cache?: { maxAge: number; swr: number };
}

export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | null = null,
>(def: RouteDef<P, Q, B, R>): RouteDef<P, Q, B, R> {
  return def;
}

/** Route parts are optional properties, so strip the `undefined` before asking what schema they hold. */
type Part<K extends string, S> = [NonNullable<S>] extends [never]
  ? { [k in K]?: never }
  : NonNullable<S> extends z.ZodType
    ? {} extends z.input<NonNullable<S>>
      ? { [k in K]?: z.input<NonNullable<S>> } // every field optional: the whole part may be left out
      : { [k in K]: z.input<NonNullable<S>> }
    : { [k in K]?: never };

/** What a caller sends: only the parts the route declares. */
export type RouteInput<R extends RouteDef> = Part<'params', R['params']> &
  Part<'query', R['query']> &
  Part<'body', R['body']>;

/** What a caller gets back. */
export type RouteOutput<R extends RouteDef> = R['response'] extends z.ZodType ? z.output<R['response']> : undefined;
