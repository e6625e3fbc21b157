import type { InventoryService } from '../modules/inventory/index.js';
import type { OrdersService } from '../modules/orders/index.js';

/**
 * Returns the stock of unpaid orders whose hold ran out and cancels those orders; each order in
 * its own transaction, locking the order before its stock as payments do. Run it every minute
 * from the worker (or the API in embedded mode). Returns the variants whose stock came back, so
 * the caller can refresh what shoppers see.
 */
export async function expireReservations(deps: { inventory: InventoryService; orders: OrdersService }) {
  const orderId = (reference: string) => (reference.startsWith('order:') ? reference.slice('order:'.length) : undefined);
  const result = await deps.inventory.expireDue(
    async (tx, reference) => {
      const id = orderId(reference);
      return id ? deps.orders.claimForExpiry(tx, id) : true;
    },
    async (tx, reference) => {
      const id = orderId(reference);
      if (id) await deps.orders.cancelExpired(tx, id);
    },
  );
  // Orders whose payment failed and were not paid again hold no stock, but may hold promotion uses.
  const abandoned = await deps.orders.cancelAbandoned();
  return { ...result, abandoned };
}
