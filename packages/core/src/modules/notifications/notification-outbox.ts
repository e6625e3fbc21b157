import type { Database, Queryable } from '../../platform/database.js';
import type { Logger } from '../../platform/logger.js';
import type { Notifier, OutgoingMessage } from './notifications.port.js';

const TYPE = 'notification.email';

/**
 * Writes a message to the transactional outbox inside the caller's transaction: it exists if and
 * only if the change it announces committed, so nobody is told about an order that is not there.
 */
export async function enqueueMessage(tx: Queryable, message: Omit<OutgoingMessage, 'id'>): Promise<void> {
  await tx.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2)', [TYPE, JSON.stringify(message)]);
}

/**
 * Sends the outbox's messages after their transaction committed: each row is claimed with
 * SKIP LOCKED (so copies of the API and the worker never send the same row at once), sent, and
 * marked dispatched in the same transaction. A crash after sending and before the mark sends it
 * again with the same id: delivery is at least once, and adapters drop repeats by id.
 */
export class NotificationDispatcher {
  constructor(private readonly deps: { db: Database; notifier: Notifier; log: Logger }) {}

  async dispatch(limit = 50): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: number; payload: OutgoingMessage }>(
        `SELECT id, payload FROM outbox_events WHERE type = $1 AND dispatched_at IS NULL
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [TYPE, limit],
      );
      const sent: number[] = [];
      for (const row of rows) {
        try {
          await this.deps.notifier.send({ ...row.payload, id: `outbox-${row.id}` });
          sent.push(row.id);
        } catch (err) {
          // Left for the next pass; the others still go.
          this.deps.log.warn({ err, outboxId: row.id }, 'sending a notification failed; will retry');
        }
      }
      if (sent.length) await tx.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [sent]);
      return sent.length;
    });
  }

  /** For callers right after a commit: never throws, the periodic pass picks up what is left. */
  async dispatchSoon(): Promise<void> {
    await this.dispatch().catch((err) => this.deps.log.warn({ err }, 'notification dispatch failed; the next pass retries'));
  }
}
