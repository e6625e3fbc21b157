import { cookies } from 'next/headers';
import { api } from '../../../lib/api';
import { CART_COOKIE } from '../../../lib/cart';
import { ACCESS_COOKIE } from '../../../lib/session';

export const dynamic = 'force-dynamic';

const apiUrl = process.env.API_URL ?? 'http://localhost:4000';

/**
 * The shopper's own live events (their cart, their orders) as a same-origin event stream. The
 * browser cannot present the httpOnly session to the API itself, so this route does: it trades
 * the access token for a one-time event ticket (or names the guest's cart) and relays the API's
 * stream. `?order=` adds one order's updates (a guest's order is reached by its id, as its page is).
 */
export async function GET(req: Request) {
  const jar = await cookies();
  const params = new URLSearchParams();
  if (jar.get(ACCESS_COOKIE)?.value) {
    params.set('ticket', (await api.eventTicket()).ticket);
  } else {
    const guestCart = jar.get(CART_COOKIE)?.value;
    if (guestCart) params.set('cartId', guestCart);
  }
  const order = new URL(req.url).searchParams.get('order');
  if (order && /^[0-9a-f-]{36}$/i.test(order)) params.set('orderId', order);
  const lastEventId = req.headers.get('last-event-id');
  const upstream = await fetch(`${apiUrl}/v1/events?${params}`, {
    headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: req.signal, // the browser left: close the upstream stream too
    cache: 'no-store',
  });
  if (!upstream.ok || !upstream.body) {
    // A guest cart that expired answers 404: the stream still serves the public events.
    return new Response(await upstream.text(), { status: upstream.status, headers: { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' } });
  }
  return new Response(upstream.body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
}
