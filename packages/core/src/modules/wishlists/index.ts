/** Wishlists: products a customer saved for later. */
export { WishlistService } from './wishlists.service.js';
