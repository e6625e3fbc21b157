import { z } from 'zod';
import { ZId, ZTimestamp } from './common.js';

export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;

export const ZReview = z
  .object({
    id: ZId,
    productId: ZId,
    /** First name and initial only: reviews are public. */
    author: z.string(),
    rating: z.int().min(1).max(5),
    title: z.string(),
    /** Exactly as written; clients must render it as text, never as HTML. */
    body: z.string(),
    status: z.enum(REVIEW_STATUSES),
    verifiedPurchase: z.boolean(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Review' });

export const ZCreateReviewRequest = z.strictObject({
  productId: ZId,
  rating: z.int().min(1).max(5),
  title: z.string().trim().max(120).default(''),
  body: z.string().trim().min(1).max(5000),
});
export const ZProductReviews = z.object({
  average: z.number(),
  count: z.int(),
  items: z.array(ZReview),
});
export const ZReviewList = z.object({ items: z.array(ZReview) });
export const ZReviewIdParams = z.object({ id: ZId });
export const ZModerateReviewRequest = z.strictObject({ status: z.enum(['approved', 'rejected']) });
export const ZAdminReviewQuery = z.object({
  status: z.enum(REVIEW_STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
/** Staff's moderation queue: pending oldest first (first come, first served), decided ones newest first. */
export const ZAdminReviewList = z
  .object({ items: z.array(ZReview.extend({ productTitle: z.string() })), total: z.int() })
  .meta({ id: 'AdminReviewList' });
