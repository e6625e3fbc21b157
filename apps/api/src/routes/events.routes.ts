import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { routes, streams, type TServerEvent } from '@tk/contract';
import { AppError, type Audience, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

const TICKET_SECONDS = 60;
/** Bytes a slow client may leave unread before its stream is closed. */
const MAX_BUFFERED_BYTES = 1_000_000;
/** Open event streams, so shutdown can end them instead of waiting for clients to leave. */
const openStreams = new Set<import('express').Response>();

/** Ends every open event stream (clients reconnect to another copy and resume). */
export function endEventStreams() {
  for (const res of openStreams) res.end();
  openStreams.clear();
}

/** GET /v1/events (Server-Sent Events) and the ticket that lets a browser's EventSource sign in. */
export function eventRoutes(platform: Platform): Router {
  const router = Router();
  const { kv, events, config } = platform;

  bindRoute(router, platform, routes.eventTicket, async ({ user }) => {
    const ticket = randomBytes(24).toString('base64url');
    await kv.set(`events-ticket:${ticket}`, JSON.stringify({ userId: user!.userId, role: user!.role }), TICKET_SECONDS);
    return { ticket, expiresAt: new Date(Date.now() + TICKET_SECONDS * 1000).toISOString() };
  });

  bindRoute(router, platform, streams.events, async ({ query, user, req, res }) => {
    const audiences: Audience[] = ['all'];
    let customerId = user?.userId;
    let role = user?.role;
    if (query.ticket) {
      // A ticket works once: whoever reads a URL from a log later cannot use it.
      const stored = await kv.get(`events-ticket:${query.ticket}`);
      // Deleting is the claim: of two requests racing with one ticket, only one deletes it.
      if (!stored || (await kv.del(`events-ticket:${query.ticket}`)) !== 1) {
        throw new AppError('unauthorized', 'The event ticket is unknown, used or expired; ask for a new one');
      }
      // Tickets issued before roles were kept in them hold the user id alone (they live a minute).
      ({ userId: customerId, role } = stored.startsWith('{') ? (JSON.parse(stored) as { userId: string; role: typeof role }) : { userId: stored, role: 'customer' });
    }
    if (customerId) audiences.push(`user:${customerId}`);
    if (query.scope === 'staff') {
      if (role !== 'staff' && role !== 'admin') throw new AppError('forbidden', 'Every order\'s events are for staff only');
      audiences.push('staff');
    }
    // For a cart or order id, a ticket speaks for its customer only; staff rights there come with a bearer token.
    const caller = customerId ? ({ userId: customerId, role: customerId === user?.userId ? user.role : 'customer' } as Parameters<typeof platform.orders.get>[1]) : undefined;
    // The same rules as reading the cart or order: a guest's is reached by its id, a customer's
    // only by that customer (anything else is "not found", as on those routes).
    if (query.cartId) {
      await platform.carts.get(query.cartId, caller);
      audiences.push(`cart:${query.cartId}`);
    }
    if (query.orderId) {
      await platform.orders.get(query.orderId, caller);
      audiences.push(`order:${query.orderId}`);
    }
    if (req.destroyed) return undefined as never; // the client left while we checked

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
      // A client that stopped reading is let go; it reconnects and replays from Last-Event-ID.
      if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
    };
    // Listen first, then replay what was missed: nothing published in between is lost.
    const stop = events.listen(audiences, send);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), config.SSE_HEARTBEAT_SECONDS * 1000);
    openStreams.add(res);
    res.on('close', () => {
      stop();
      clearInterval(heartbeat);
      openStreams.delete(res);
    });
    const lastHeader = Number(req.get('last-event-id'));
    const last = Number.isInteger(lastHeader) && lastHeader >= 0 ? lastHeader : query.lastEventId;
    if (last !== undefined) for (const event of await events.replay(audiences, last)) send(event);
    return undefined as never; // a stream route answers through `res`
  });
  return router;
}
