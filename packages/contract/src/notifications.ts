import { z } from 'zod';
import { ZTimestamp } from './common.js';

export const ZNotificationPreferences = z
  .object({
    /** Offers by email (off until the customer turns it on). */
    marketingEmail: z.boolean(),
    marketingPush: z.boolean(),
    /** Order updates (confirmed, shipped, delivered) as pushes to the customer's devices. */
    orderPush: z.boolean(),
  })
  .meta({ id: 'NotificationPreferences' });
export const ZUpdateNotificationPreferences = z.strictObject({
  marketingEmail: z.boolean().optional(),
  marketingPush: z.boolean().optional(),
  orderPush: z.boolean().optional(),
});

export const ZRegisterDeviceRequest = z.strictObject({
  /** The FCM registration token or Expo push token the app got from the platform. */
  token: z.string().trim().min(10).max(4096),
  provider: z.enum(['fcm', 'expo']),
  platform: z.enum(['ios', 'android', 'web']),
});
export const ZDeviceParams = z.object({ token: z.string().min(10).max(4096) });

export const ZNotificationLog = z.object({
  /** Messages waiting to be sent (including ones waiting to be retried). */
  pending: z.int(),
  items: z.array(
    z.object({
      id: z.int(),
      channel: z.enum(['email', 'push']),
      recipient: z.string(),
      template: z.string(),
      subject: z.string(),
      provider: z.string(),
      status: z.enum(['sent', 'failed', 'skipped']),
      error: z.string().nullable(),
      createdAt: ZTimestamp,
    }),
  ),
});
export const ZNotificationLogQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const ZCampaignRequest = z.strictObject({
  channel: z.enum(['email', 'push']),
  subject: z.string().trim().min(1).max(150),
  text: z.string().trim().min(1).max(5000),
  url: z.url({ protocol: /^https?$/ }).optional(),
});
export const ZCampaignResult = z.object({ recipients: z.int() });
