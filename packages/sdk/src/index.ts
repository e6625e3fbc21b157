import {
  type ErrorCode,
  type RouteDef,
  type RouteInput,
  type RouteName,
  type RouteOutput,
  type Routes,
  type TFieldError,
  type TProblem,
  type TServerEvent,
  routes,
} from '@tk/contract';

/** An error answer from the API, with its stable code and the fields at fault. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | 'network_error' | 'unexpected_response';
  readonly fields: TFieldError[];
  readonly problem: TProblem | undefined;
  readonly requestId: string | undefined;
  readonly headers: Headers | undefined;
  constructor(status: number, problem: TProblem | undefined, fallback: string, headers?: Headers) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? (status === 0 ? 'network_error' : 'unexpected_response');
    this.fields = problem?.errors ?? [];
    this.requestId = problem?.requestId;
    this.headers = headers;
  }
}

export interface ClientOptions {
  /** e.g. http://localhost:4000 */
  baseUrl: string;
  /** Supplies the bearer token for routes that need one; web and mobile plug their session store in here. */
  getAccessToken?: () => string | undefined | Promise<string | undefined>;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

export interface CallOptions {
  /** Overrides getAccessToken for this call. */
  accessToken?: string;
  /** Sent as Idempotency-Key: retrying a call with the same key cannot repeat its effect (checkout). */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type Args<R extends RouteDef> = {} extends RouteInput<R>
  ? [input?: RouteInput<R>, options?: CallOptions]
  : [input: RouteInput<R>, options?: CallOptions];

/** One typed method per contract route: `api.getProduct({ params: { slug } })`. */
export type ApiClient = {
  [K in RouteName]: (...args: Args<Routes[K]>) => Promise<RouteOutput<Routes[K]>>;
} & {
  call<R extends RouteDef>(route: R, ...args: Args<R>): Promise<RouteOutput<R>>;
};

function buildUrl(base: string, route: RouteDef, input: { params?: object; query?: object }) {
  const params = (input.params ?? {}) as Record<string, unknown>;
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new Error(`Missing path parameter "${name}" for ${route.path}`);
    return encodeURIComponent(String(value));
  });
  const url = new URL(path, base);
  for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return url;
}

export function createClient(options: ClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function call<R extends RouteDef>(route: R, ...[input, callOptions]: Args<R>): Promise<RouteOutput<R>> {
    const parts = (input ?? {}) as { params?: object; query?: object; body?: unknown };
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...callOptions?.headers };
    if (callOptions?.idempotencyKey) headers['idempotency-key'] = callOptions.idempotencyKey;
    // Sent whenever there is one: 'optional' routes serve guests and signed-in callers, and on
    // public routes it only attributes activity (views, searches) to the customer for recommendations.
    const token = callOptions?.accessToken ?? (await options.getAccessToken?.());
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (route.body) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(parts.body ?? {});
    }
    // Built outside the try: a value that cannot go in a URL (a lone surrogate) is the caller's
    // error (URIError), not an unreachable API.
    const url = buildUrl(options.baseUrl, route, parts);
    let res: Response;
    try {
      res = await doFetch(url, {
        method: route.method.toUpperCase(),
        headers,
        body,
        signal: callOptions?.signal,
      });
    } catch (err) {
      throw new ApiError(0, undefined, `Could not reach the API: ${(err as Error).message}`);
    }
    if (res.status === 204) return undefined as RouteOutput<R>;
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(res.status, undefined, `The API answered ${res.status} with a body that is not JSON`, res.headers);
    }
    if (!res.ok) {
      const problem = json && typeof json === 'object' && 'code' in json ? (json as TProblem) : undefined;
      throw new ApiError(res.status, problem, `The API answered ${res.status}`, res.headers);
    }
    return json as RouteOutput<R>;
  }

  const client = { call } as ApiClient;
  for (const [name, route] of Object.entries(routes) as [RouteName, RouteDef][]) {
    (client as Record<string, unknown>)[name] = (input?: unknown, opts?: CallOptions) =>
      (call as (r: RouteDef, i?: unknown, o?: CallOptions) => Promise<unknown>)(route, input, opts);
  }
  return client;
}

export { routes };

export interface EventSubscriptionOptions {
  /** A guest's cart or order to follow (their ids are their keys). */
  cartId?: string;
  orderId?: string;
  /** Staff: every order's order.updated events (the dashboard's live figures). */
  scope?: 'staff';
  /** For browsers without headers on EventSource; Node and the apps send the bearer token instead. */
  ticket?: string;
  /** A fresh ticket for every (re)connection (tickets work once): usually `() => api.eventTicket().then((t) => t.ticket)`. */
  getTicket?: () => Promise<string>;
  onEvent: (event: TServerEvent) => void;
  onOpen?: () => void;
  onError?: (error: unknown) => void;
  /** Wait before reconnecting after the stream drops. */
  retryMs?: number;
}

export interface EventSubscription {
  /** The highest event id received: reconnects resume after it. */
  readonly lastEventId: number | undefined;
  close(): void;
}

/**
 * A typed subscription to GET /v1/events over fetch (so it can send the bearer token), which
 * reconnects by itself and resumes with Last-Event-ID; duplicate deliveries are dropped by id.
 */
export function subscribeEvents(options: ClientOptions, sub: EventSubscriptionOptions): EventSubscription {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  const seen = new Set<number>();
  let lastEventId: number | undefined;
  let closed = false;
  let first = true;

  const url = new URL('/v1/events', options.baseUrl);
  if (sub.cartId) url.searchParams.set('cartId', sub.cartId);
  if (sub.orderId) url.searchParams.set('orderId', sub.orderId);
  if (sub.scope) url.searchParams.set('scope', sub.scope);

  const handle = (block: string) => {
    let id: number | undefined;
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // heartbeat
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = Number(value);
      else if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (id === undefined || !data.length || seen.has(id)) return;
    seen.add(id);
    if (seen.size > 5000) seen.delete(seen.values().next().value!);
    lastEventId = Math.max(lastEventId ?? 0, id);
    sub.onEvent({ id, type, data: JSON.parse(data.join('\n')) } as TServerEvent);
  };

  const run = async () => {
    while (!closed) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
        const token = await options.getAccessToken?.();
        if (token) headers.authorization = `Bearer ${token}`;
        if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
        const ticket = sub.getTicket ? await sub.getTicket() : first ? sub.ticket : undefined;
        first = false;
        const target = new URL(url);
        if (ticket) target.searchParams.set('ticket', ticket);
        const res = await doFetch(target, { headers, signal: controller.signal });
        if (!res.ok || !res.body) throw new ApiError(res.status, undefined, `The event stream answered ${res.status}`, res.headers);
        sub.onOpen?.();
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            handle(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (err) {
        if (closed) return;
        sub.onError?.(err);
      }
      if (!closed) await new Promise((r) => setTimeout(r, sub.retryMs ?? 3000));
    }
  };
  void run();
  return {
    get lastEventId() {
      return lastEventId;
    },
    close() {
      closed = true;
      controller.abort();
    },
  };
}
export type * from '@tk/contract';
export { createSession, type Session, type TokenStore } from './session.js';
/** Status names for people, the same on every client. */
export { ORDER_STATUS_LABELS } from '@tk/contract';
