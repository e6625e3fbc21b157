/** Carts: guest and customer carts in the key-value store, priced on every read. */
export { CartService, type CartCaller } from './cart.service.js';
export { CartStore, type StoredCart } from './cart.store.js';
