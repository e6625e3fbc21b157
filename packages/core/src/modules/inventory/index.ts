/** Inventory: stock per variant per location. Reservations and checkout build on this (issue 3). */
export {
  ensureDefaultLocation,
  receiveInitialStock,
  availableByVariant,
  variantInStockCondition,
} from './inventory.repository.js';
