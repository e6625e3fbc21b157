/** Orders: the record of what was bought, and its state machine. */
export { OrdersService, toOrder, reservationReference } from './orders.service.js';
export { canTransition, ORDER_STATUSES, type OrderStatus } from './order-state.js';
export { insertOrder, findOrder, hasPurchased, type NewOrder } from './orders.repository.js';
