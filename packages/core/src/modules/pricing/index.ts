/** Pricing rules shared by cart, checkout and catalogue: the totals engine and flash-sale prices. */
export { computeTotals, type PromotionRule, type TotalsInput, type TotalsLine, type TotalsResult, type NotApplicableReason } from './totals.engine.js';
export { salePrice, isRunning, type SaleRule } from './flash-price.js';
