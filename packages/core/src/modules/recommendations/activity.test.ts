import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../platform/database.js';
import { createMemoryStore } from '../../platform/kv.js';
import { createLogger } from '../../platform/logger.js';
import { openTestDatabase } from '../../platform/test-database.js';
import { ActivityLog } from './recommendations.service.js';

let db: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
});
afterAll(() => drop());

it('moves queued activity into PostgreSQL in one batch, and a search with odd characters cannot poison it', async () => {
  const kv = createMemoryStore();
  const activity = new ActivityLog({ db, kv, log: createLogger('silent') });
  activity.record({ kind: 'search', shopper: 'visitor:abc12345', query: 'tea\u0000 kettle \uD800' });
  activity.record({ kind: 'view', shopper: 'user:1', productId: '6f1c2d3e-1111-4222-8333-944455556666' });
  await kv.pushCapped('activity:queue', 'not json', 10);
  await new Promise((r) => setTimeout(r, 10));
  expect(await activity.flush()).toBe(3);
  const { rows } = await db.query<{ kind: string; query: string | null }>('SELECT kind, query FROM activity_events ORDER BY id');
  expect(rows).toEqual([
    { kind: 'search', query: 'tea kettle \uFFFD' },
    { kind: 'view', query: null },
  ]);
  expect(await activity.flush()).toBe(0);
  await kv.close();
});
