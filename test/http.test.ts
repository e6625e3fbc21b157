import { describe, expect, it } from 'vitest';
import { routes } from '@tk/sdk';
import { raw } from './support/client.js';

const json = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = await res.json();
  expect(body).toMatchObject({ status: res.status, type: expect.any(String), title: expect.any(String) });
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('errors are problem+json with a stable code', () => {
  it('unknown route → 404 route_not_found', async () => {
    const res = await raw('/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe('route_not_found');
  });

  it('wrong method → 405 with Allow', async () => {
    const res = await raw('/v1/products/some-slug', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await problem(res)).code).toBe('method_not_allowed');
  });

  it('malformed JSON → 400 invalid_json', async () => {
    const res = await raw('/v1/auth/login', json('{"email": "a@b.c", '));
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe('invalid_json');
  });

  it('oversize body → 413 payload_too_large', async () => {
    const res = await raw('/v1/auth/login', json(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(200_000) })));
    expect(res.status).toBe(413);
    expect((await problem(res)).code).toBe('payload_too_large');
  });

  it('wrong content type → 415 unsupported_media_type', async () => {
    const res = await raw('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=a@b.c' });
    expect(res.status).toBe(415);
    expect((await problem(res)).code).toBe('unsupported_media_type');
    const form = await raw('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a@b.c&password=x',
    });
    expect(form.status).toBe(415);
  });

  it('a JSON body that is not an object → 400 naming the body', async () => {
    const res = await raw('/v1/auth/login', json('[1,2,3]'));
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe('validation_failed');
    expect(body.errors[0].field).toBe('body');
  });
});

describe('operability', () => {
  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const given = await raw('/healthz', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
    const unsafe = await raw('/healthz', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers health, readiness and metrics', async () => {
    expect(await (await raw('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await (await raw('/readyz')).json();
    expect(ready.status).toBe('ready');
    await raw('/v1/categories');
    const metrics = await (await raw('/metrics')).text();
    expect(metrics).toContain('http_request_duration_seconds_bucket');
    expect(metrics).toContain('route="/v1/categories"');
    expect(metrics).toContain('process_resident_memory_bytes');
  });

  it('publishes an OpenAPI 3.1 document with every contract route, and renders it at /docs', async () => {
    const doc = await (await raw('/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of Object.values(routes)) {
      expect(doc.paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    }
    const docs = await raw('/docs/');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const init = await (await raw('/docs/swagger-initializer.js')).text();
    expect(init).toContain('/v1/openapi.json');
  });

  it('sets security headers and allows only listed origins', async () => {
    const allowed = await raw('/v1/categories', { headers: { origin: 'http://shop.test' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('x-powered-by')).toBeNull();
    const other = await raw('/v1/categories', { headers: { origin: 'http://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await raw('/v1/auth/login', {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
  });
});

describe('odd input never becomes a 500', () => {
  it.each([
    ['a malformed %-escape in the path', '/v1/products/%E0%A4%A'],
    ['a NUL character in a filter', `/v1/products?brand=${encodeURIComponent('a\u0000b')}`],
    ['a NUL character in a search', `/v1/search?q=${encodeURIComponent('shirt\u0000')}`],
    ['a repeated scalar parameter', '/v1/products?currency=USD&currency=LKR'],
    ['a huge number', '/v1/products?minPrice=1e400'],
  ])('%s', async (_name, path) => {
    const res = await raw(path);
    expect(res.status).toBeLessThan(500);
  });

  it('a NUL character in a JSON body is a 400', async () => {
    const res = await raw('/v1/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `nul${Date.now()}@example.com`, password: 'long enough pass', name: 'a\u0000b' }),
    });
    expect(res.status).toBe(400);
  });
});
