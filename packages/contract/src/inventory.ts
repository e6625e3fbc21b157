import { z } from 'zod';
import { ZId, ZQueryBoolean, ZTimestamp } from './common.js';

export const ZVariantStock = z
  .object({
    variantId: ZId,
    levels: z.array(
      z.object({
        locationId: ZId,
        locationCode: z.string(),
        onHand: z.int(),
        reserved: z.int(),
        available: z.int(),
        lowStockThreshold: z.int(),
      }),
    ),
    /** Newest first: the ledger of every change, with its reason. */
    movements: z.array(
      z.object({
        locationId: ZId,
        onHandDelta: z.int(),
        reservedDelta: z.int(),
        reason: z.string(),
        reference: z.string().nullable(),
        createdAt: ZTimestamp,
      }),
    ),
  })
  .meta({ id: 'VariantStock' });

export const ZStockAdjustmentRequest = z.strictObject({
  variantId: ZId,
  /** Defaults to the main warehouse. */
  locationId: ZId.optional(),
  /** Units to add (positive) or remove (negative). */
  quantity: z.int().min(-1_000_000).max(1_000_000),
  reason: z.enum(['receive', 'correction', 'damage', 'return']),
  note: z.string().trim().max(200).optional(),
});

export const ZStockAdjustmentResponse = z.object({
  variantId: ZId,
  locationId: ZId,
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
});

/** Staff: stock levels per variant and location, searchable, optionally only those at or below their threshold. */
export const ZInventoryListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  lowStock: ZQueryBoolean.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const ZInventoryList = z
  .object({
    items: z.array(
      z.object({
        variantId: ZId,
        productId: ZId,
        productTitle: z.string(),
        variantTitle: z.string(),
        sku: z.string(),
        locationId: ZId,
        locationCode: z.string(),
        onHand: z.int(),
        reserved: z.int(),
        available: z.int(),
        lowStockThreshold: z.int(),
        low: z.boolean(),
      }),
    ),
    total: z.int(),
  })
  .meta({ id: 'InventoryList' });

export const ZLowStockThresholdRequest = z.strictObject({
  variantId: ZId,
  /** Defaults to the main warehouse. */
  locationId: ZId.optional(),
  /** Staff are told (and the dashboard lists it) once available stock falls to this or below. */
  threshold: z.int().min(0).max(1_000_000),
});
export type TInventoryList = z.infer<typeof ZInventoryList>;
export type TInventoryListItem = TInventoryList['items'][number];
