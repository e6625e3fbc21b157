import { z } from 'zod';
import { ZTimestamp } from './common.js';

export const JOB_NAMES = [
  'reservations.sweep',
  'payments.reconcile',
  'flash-sales.fire',
  'activity.flush',
  'recommendations.rebuild',
  'notifications.dispatch',
  'sessions.purge',
] as const;

export const ZDeadLetter = z
  .object({ name: z.string(), data: z.record(z.string(), z.unknown()), error: z.string(), attempts: z.int(), failedAt: ZTimestamp })
  .meta({ id: 'DeadLetter' });
export const ZDeadLetterList = z.object({ items: z.array(ZDeadLetter) });
export const ZJobParams = z.object({ name: z.enum(JOB_NAMES) });
export const ZJobQueued = z.object({ name: z.enum(JOB_NAMES), runner: z.enum(['bullmq', 'in-process']) });
