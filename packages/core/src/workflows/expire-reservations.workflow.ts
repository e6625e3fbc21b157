import type { InventoryService } from '../modules/inventory/index.js';
import type { OrdersService } from '../modules/orders/index.js';

/**
 * Returns the stock of unpaid orders whose hold ran out and cancels those orders, in one
 * transaction per batch. Run it every minute from the worker (or the API in embedded mode).
 */
export async function expireReservations(deps: { inventory: InventoryService; orders: OrdersService }): Promise<number> {
  const expired = await deps.inventory.expireDue(100, async (tx, reference) => {
    if (reference.startsWith('order:')) await deps.orders.cancelExpired(tx, reference.slice('order:'.length));
  });
  return expired.length;
}
