import { z } from 'zod';
import { ZId, ZTimestamp } from './common.js';
import { ORDER_STATUSES } from './orders.js';

/**
 * Server-Sent Events from GET /v1/events. Every event has a numeric id (resume with
 * Last-Event-ID) and one of these types; `data` is the JSON below.
 */
export const ZInventoryUpdated = z.object({ variantId: ZId, available: z.int() });
export const ZCartUpdated = z.object({ cartId: ZId, itemCount: z.int(), updatedAt: ZTimestamp });
export const ZOrderUpdated = z.object({ orderId: ZId, status: z.enum(ORDER_STATUSES) });
export const ZPriceUpdated = z.object({ productIds: z.array(ZId) });

export const ZServerEvent = z
  .discriminatedUnion('type', [
    z.object({ id: z.int(), type: z.literal('inventory.updated'), data: ZInventoryUpdated }),
    z.object({ id: z.int(), type: z.literal('cart.updated'), data: ZCartUpdated }),
    z.object({ id: z.int(), type: z.literal('order.updated'), data: ZOrderUpdated }),
    z.object({ id: z.int(), type: z.literal('price.updated'), data: ZPriceUpdated }),
  ])
  .meta({ id: 'ServerEvent' });
export type TServerEvent = z.infer<typeof ZServerEvent>;
export type TServerEventType = TServerEvent['type'];

export const ZEventsQuery = z.object({
  /** A guest's cart (its id is its key): its cart.updated events. */
  cartId: ZId.optional(),
  /** A guest's order: its order.updated events. */
  orderId: ZId.optional(),
  /** From POST /v1/events/ticket: the signed-in customer's cart and order events (EventSource cannot send headers). */
  ticket: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/).optional(),
  /** Staff: every order's order.updated events (a staff bearer token or a staff member's ticket). */
  scope: z.enum(['staff']).optional(),
  /** Resume after this event id (the Last-Event-ID header does the same). */
  lastEventId: z.coerce.number().int().min(0).optional(),
});
export const ZEventTicket = z.object({ ticket: z.string(), expiresAt: ZTimestamp });
