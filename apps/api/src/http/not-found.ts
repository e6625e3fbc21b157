import type { RequestHandler } from 'express';
import { type RouteDef, routes } from '@tk/contract';
import { sendProblem } from './problem.js';

const templates = (Object.values(routes) as RouteDef[]).map((r) => ({
  method: r.method.toUpperCase(),
  pattern: new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
}));

/** Last in the chain: 405 with Allow when the path exists under other methods, 404 otherwise. */
export const notFoundHandler: RequestHandler = (req, res) => {
  const allowed = templates.filter((t) => t.pattern.test(req.path)).map((t) => t.method);
  if (allowed.length) {
    const allow = [...new Set(allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed)].join(', ');
    sendProblem(req, res, 'method_not_allowed', `${req.method} is not allowed here; use ${allow}`, undefined, { Allow: allow });
    return;
  }
  sendProblem(req, res, 'route_not_found', `Nothing at ${req.method} ${req.path}`);
};
