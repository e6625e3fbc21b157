/** Inventory: stock per variant per location, reservations, adjustments and the movement ledger. */
export {
  ensureDefaultLocation,
  receiveInitialStock,
  availableByVariant,
  variantInStockCondition,
} from './inventory.repository.js';
export {
  InventoryService,
  ADJUSTMENT_REASONS,
  type AdjustmentReason,
  type ReservationLine,
  type Shortage,
} from './inventory.service.js';
