import { z } from 'zod';
import { ZId, ZTimestamp } from './common.js';

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
