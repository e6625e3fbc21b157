import type { RequestHandler } from 'express';
import client from 'prom-client';

/** Prometheus metrics: process defaults plus one latency histogram per route template. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      // Label by template (/v1/products/{slug}), never the raw URL, to keep label cardinality bounded.
      end({ method: req.method, route: (res.locals.routePath as string | undefined) ?? 'unmatched', status: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}
