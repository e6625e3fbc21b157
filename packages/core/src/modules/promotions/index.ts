/** Promotions (codes and automatic), flash sales, collections and bulk price runs: every campaign, no developer. */
export { PromotionsService, customerIdentity, lockCustomer, type CustomerIdentity, type UnavailablePromotion } from './promotions.service.js';
export { FlashSaleService, type FlashBadge } from './flash-sales.service.js';
export { CollectionsService } from './collections.service.js';
export { PriceRunsService, applyOperation } from './price-runs.service.js';
