import type { Request, Response } from 'express';
import type { ActivityKind, Platform } from '@tk/core';

const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Records shopper activity once the response has gone out, so it adds nothing to the request.
 * The shopper is the signed-in customer (a valid bearer token, even on public routes) or the
 * browser/device that sent an X-Visitor-Id; anonymous activity still counts towards trending.
 */
export function recordActivity(
  platform: Platform,
  req: Request,
  res: Response,
  event: { kind: ActivityKind; productId?: string | null; query?: string | null },
) {
  res.once('finish', () => {
    if (res.statusCode >= 400) return;
    void shopperOf(platform, req).then((shopper) => platform.activity.record({ ...event, shopper }));
  });
}

async function shopperOf(platform: Platform, req: Request): Promise<string | null> {
  const bearer = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    try {
      return `user:${(await platform.auth.authenticate(bearer)).userId}`;
    } catch {
      // An expired token on a public page: count the visit without a shopper.
    }
  }
  const visitor = req.get('x-visitor-id');
  return visitor && VISITOR_ID.test(visitor) ? `visitor:${visitor}` : null;
}
