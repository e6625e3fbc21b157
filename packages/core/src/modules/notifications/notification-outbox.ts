import type { Database, Queryable } from '../../platform/database.js';
import type { Logger } from '../../platform/logger.js';
import type { Notifier, OutgoingMessage, PushSender } from './notifications.port.js';

const EMAIL = 'notification.email';
const PUSH = 'notification.push';
/** After this many failed tries a message is given up and logged as failed. */
const MAX_ATTEMPTS = 8;

/** A push for one customer's devices, written to the outbox like an email. */
export interface OutgoingPush {
  userId: string;
  template: OutgoingMessage['template'];
  title: string;
  body: string;
  data: Record<string, string>;
  /** Order updates respect `order_push`; promotions respect `marketing_push`. */
  kind: 'order' | 'marketing';
}

/**
 * Writes a message to the transactional outbox inside the caller's transaction: it exists if and
 * only if the change it announces committed, so nobody is told about an order that is not there.
 */
export async function enqueueMessage(tx: Queryable, message: Omit<OutgoingMessage, 'id'>): Promise<void> {
  await tx.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2)', [EMAIL, JSON.stringify(message)]);
}

export async function enqueuePush(tx: Queryable, push: OutgoingPush): Promise<void> {
  await tx.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2)', [PUSH, JSON.stringify(push)]);
}

/**
 * Sends the outbox's messages after their transaction committed. Each row is claimed with
 * SKIP LOCKED (API copies and workers never send the same row at once), sent, and recorded in
 * `notification_log` under its outbox id in the same transaction as it is marked dispatched.
 * A provider failure leaves the row for a later pass with exponential backoff; a message is
 * never sent again once its log row exists. (A crash between the provider accepting and the commit
 * can still send one message twice; the message id header lets mail clients drop the repeat.)
 */
export class NotificationDispatcher {
  constructor(private readonly deps: { db: Database; notifier: Notifier; push: PushSender; log: Logger }) {}

  async dispatch(limit = 50): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: number; type: string; payload: unknown; attempts: number }>(
        `SELECT id, type, payload, attempts FROM outbox_events
          WHERE type = ANY($1::text[]) AND dispatched_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [[EMAIL, PUSH], limit],
      );
      let sent = 0;
      for (const row of rows) {
        const done = await tx.query('SELECT 1 FROM notification_log WHERE outbox_id = $1', [row.id]);
        if (done.rowCount) {
          await this.markDispatched(tx, row.id);
          continue;
        }
        try {
          const log = row.type === EMAIL ? await this.sendEmail(row.id, row.payload as OutgoingMessage) : await this.sendPush(tx, row.id, row.payload as OutgoingPush);
          await tx.query(
            `INSERT INTO notification_log (outbox_id, channel, recipient, template, subject, provider, provider_message_id, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [row.id, log.channel, log.recipient, log.template, log.subject, log.provider, log.providerMessageId, log.status],
          );
          await this.markDispatched(tx, row.id);
          if (log.status === 'sent') sent++;
        } catch (err) {
          const attempts = row.attempts + 1;
          if (attempts >= MAX_ATTEMPTS) {
            this.deps.log.error({ err, outboxId: row.id }, 'a notification failed every attempt; given up');
            const p = row.payload as { to?: string; userId?: string; template: string; subject?: string; title?: string };
            await tx.query(
              `INSERT INTO notification_log (outbox_id, channel, recipient, template, subject, provider, status, error)
               VALUES ($1, $2, $3, $4, $5, $6, 'failed', $7)`,
              [row.id, row.type === EMAIL ? 'email' : 'push', p.to ?? p.userId ?? '', p.template, p.subject ?? p.title ?? '', this.provider(row.type), (err as Error).message.slice(0, 500)],
            );
            await this.markDispatched(tx, row.id);
          } else {
            this.deps.log.warn({ err, outboxId: row.id, attempts }, 'sending a notification failed; will retry');
            await tx.query(
              `UPDATE outbox_events SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
              [row.id, attempts, Math.min(3600, 5 * 2 ** attempts)],
            );
          }
        }
      }
      return sent;
    });
  }

  /** For callers right after a commit: never throws, the periodic pass picks up what is left. */
  async dispatchSoon(): Promise<void> {
    await this.dispatch().catch((err) => this.deps.log.warn({ err }, 'notification dispatch failed; the next pass retries'));
  }

  private async sendEmail(outboxId: number, message: OutgoingMessage) {
    const result = await this.deps.notifier.send({ ...message, id: `outbox-${outboxId}` });
    return {
      channel: 'email',
      recipient: message.to,
      template: message.template,
      subject: message.subject,
      provider: this.deps.notifier.provider ?? 'offline',
      providerMessageId: (result && result.providerMessageId) ?? null,
      status: 'sent' as const,
    };
  }

  private async sendPush(tx: Queryable, outboxId: number, push: OutgoingPush) {
    const { rows: prefs } = await tx.query<{ order_push: boolean; marketing_push: boolean }>(
      'SELECT order_push, marketing_push FROM notification_preferences WHERE user_id = $1',
      [push.userId],
    );
    const allowed = push.kind === 'order' ? (prefs[0]?.order_push ?? true) : (prefs[0]?.marketing_push ?? false);
    const { rows: devices } = await tx.query<{ token: string; provider: 'fcm' | 'expo' }>('SELECT token, provider FROM device_tokens WHERE user_id = $1', [push.userId]);
    const base = { channel: 'push', recipient: push.userId, template: push.template, subject: push.title, provider: this.deps.push.provider, providerMessageId: null };
    if (!allowed || !devices.length) return { ...base, status: 'skipped' as const };
    const { invalidTokens } = await this.deps.push.send({ id: `outbox-${outboxId}`, title: push.title, body: push.body, data: push.data, devices });
    if (invalidTokens.length) await tx.query('DELETE FROM device_tokens WHERE token = ANY($1::text[])', [invalidTokens]);
    return { ...base, status: 'sent' as const };
  }

  private provider(type: string) {
    return type === EMAIL ? (this.deps.notifier.provider ?? 'offline') : this.deps.push.provider;
  }

  private async markDispatched(tx: Queryable, id: number) {
    await tx.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = $1', [id]);
  }
}
