import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { routes, streams, type TServerEvent } from '@tk/contract';
import { AppError, type Audience, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

const TICKET_SECONDS = 60;

/** GET /v1/events (Server-Sent Events) and the ticket that lets a browser's EventSource sign in. */
export function eventRoutes(platform: Platform): Router {
  const router = Router();
  const { kv, events, config } = platform;

  bindRoute(router, platform, routes.eventTicket, async ({ user }) => {
    const ticket = randomBytes(24).toString('base64url');
    await kv.set(`events-ticket:${ticket}`, user!.userId, TICKET_SECONDS);
    return { ticket, expiresAt: new Date(Date.now() + TICKET_SECONDS * 1000).toISOString() };
  });

  bindRoute(router, platform, streams.events, async ({ query, user, req, res }) => {
    const audiences: Audience[] = ['all'];
    if (user) audiences.push(`user:${user.userId}`);
    if (query.ticket) {
      const userId = await kv.get(`events-ticket:${query.ticket}`);
      if (!userId) throw new AppError('unauthorized', 'The event ticket is unknown or expired; ask for a new one');
      audiences.push(`user:${userId}`);
    }
    // A guest's cart and order ids are their keys, as on the cart and order routes.
    if (query.cartId) audiences.push(`cart:${query.cartId}`);
    if (query.orderId) audiences.push(`order:${query.orderId}`);

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const sent = new Set<number>();
    const send = (event: TServerEvent) => {
      if (sent.has(event.id)) return; // replayed and live copies of one event
      sent.add(event.id);
      if (sent.size > 1000) sent.delete(sent.values().next().value!);
      res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
    };
    // Listen first, then replay what was missed: nothing published in between is lost.
    const stop = events.listen(audiences, send);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), config.SSE_HEARTBEAT_SECONDS * 1000);
    req.on('close', () => {
      stop();
      clearInterval(heartbeat);
    });
    const lastHeader = Number(req.get('last-event-id'));
    const last = Number.isInteger(lastHeader) && lastHeader >= 0 ? lastHeader : query.lastEventId;
    if (last !== undefined) for (const event of await events.replay(audiences, last)) send(event);
    return undefined as never; // a stream route answers through `res`
  });
  return router;
}
