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
 * Sends the outbox's messages after their transaction committed. A pass first **claims** a batch
 * in one short statement (`SKIP LOCKED`, and a five-minute lease in `next_attempt_at`, so API
 * copies and workers never take the same row), then talks to the providers **outside any
 * transaction**, then records each message in `notification_log` and marks it dispatched in a
 * transaction of its own. A provider failure leaves the row for a later pass with exponential
 * backoff; a message whose log row exists is never sent again. Order messages go before
 * promotional ones. (A crash between a provider accepting a message and its log row committing
 * can still send it twice; the Message-ID header lets mail clients drop the repeat.)
 */
export class NotificationDispatcher {
  constructor(private readonly deps: { db: Database; notifier: Notifier; push: PushSender; log: Logger }) {}

  async dispatch(limit = 50): Promise<number> {
    const { rows } = await this.deps.db.query<{ id: number; type: string; payload: Record<string, unknown>; attempts: number }>(
      `UPDATE outbox_events SET next_attempt_at = now() + interval '5 minutes'
        WHERE id IN (SELECT id FROM outbox_events
                      WHERE type = ANY($1::text[]) AND dispatched_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                      ORDER BY (payload->>'template' = 'promotion'), id
                      LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, payload, attempts`,
      [[EMAIL, PUSH], limit],
    );
    let sent = 0;
    for (const row of rows.sort((a, b) => a.id - b.id)) {
      const done = await this.deps.db.query('SELECT 1 FROM notification_log WHERE outbox_id = $1', [row.id]);
      if (done.rowCount) {
        await this.markDispatched(this.deps.db, row.id);
        continue;
      }
      try {
        const log = row.type === EMAIL ? await this.sendEmail(row.id, row.payload as unknown as OutgoingMessage) : await this.sendPush(row.id, row.payload as unknown as OutgoingPush & { sentTokens?: string[] });
        await this.deps.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO notification_log (outbox_id, channel, recipient, template, subject, provider, provider_message_id, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (outbox_id) DO NOTHING`,
            [row.id, log.channel, log.recipient, log.template, log.subject, log.provider, log.providerMessageId, log.status],
          );
          if (log.invalidTokens.length) await tx.query('DELETE FROM device_tokens WHERE token = ANY($1::text[])', [log.invalidTokens]);
          await this.markDispatched(tx, row.id);
        });
        if (log.status === 'sent') sent++;
      } catch (err) {
        await this.failed(row, err as Error & { sent?: string[] });
      }
    }
    return sent;
  }

  /** Passes until nothing is due (bounded): a large campaign drains without starving later passes. */
  async dispatchAll(maxPasses = 200): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < maxPasses; pass++) {
      const before = total;
      total += await this.dispatch(100);
      if (total === before) break;
    }
    return total;
  }

  private async failed(row: { id: number; type: string; payload: Record<string, unknown>; attempts: number }, err: Error & { sent?: string[] }) {
    const attempts = row.attempts + 1;
    const p = row.payload as { to?: string; userId?: string; template?: string; subject?: string; title?: string; sentTokens?: string[] };
    if (attempts >= MAX_ATTEMPTS) {
      this.deps.log.error({ err, outboxId: row.id }, 'a notification failed every attempt; given up');
      await this.deps.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO notification_log (outbox_id, channel, recipient, template, subject, provider, status, error)
           VALUES ($1, $2, $3, $4, $5, $6, 'failed', $7) ON CONFLICT (outbox_id) DO NOTHING`,
          [row.id, row.type === EMAIL ? 'email' : 'push', p.to ?? p.userId ?? '', p.template ?? '', p.subject ?? p.title ?? '', this.provider(row.type), err.message.slice(0, 500)],
        );
        await this.markDispatched(tx, row.id);
      });
      return;
    }
    this.deps.log.warn({ err, outboxId: row.id, attempts }, 'sending a notification failed; will retry');
    // Devices that already got a push are remembered, so the retry does not repeat it to them.
    const sentTokens = [...new Set([...(p.sentTokens ?? []), ...(err.sent ?? [])])];
    await this.deps.db.query(
      `UPDATE outbox_events SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3),
              payload = CASE WHEN $4::jsonb IS NULL THEN payload ELSE jsonb_set(payload, '{sentTokens}', $4::jsonb) END
        WHERE id = $1`,
      [row.id, attempts, Math.min(3600, 5 * 2 ** attempts), sentTokens.length ? JSON.stringify(sentTokens) : null],
    );
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
      invalidTokens: [] as string[],
    };
  }

  private async sendPush(outboxId: number, push: OutgoingPush & { sentTokens?: string[] }) {
    const { rows: prefs } = await this.deps.db.query<{ order_push: boolean; marketing_push: boolean }>(
      'SELECT order_push, marketing_push FROM notification_preferences WHERE user_id = $1',
      [push.userId],
    );
    const allowed = push.kind === 'order' ? (prefs[0]?.order_push ?? true) : (prefs[0]?.marketing_push ?? false);
    const already = new Set(push.sentTokens ?? []);
    const { rows: devices } = await this.deps.db.query<{ token: string; provider: 'fcm' | 'expo' }>('SELECT token, provider FROM device_tokens WHERE user_id = $1', [push.userId]);
    const due = devices.filter((d) => !already.has(d.token));
    const base = { channel: 'push', recipient: push.userId, template: push.template, subject: push.title, provider: this.deps.push.provider, providerMessageId: null };
    if (!allowed || !due.length) return { ...base, status: (already.size ? 'sent' : 'skipped') as 'sent' | 'skipped', invalidTokens: [] as string[] };
    const { invalidTokens } = await this.deps.push.send({ id: `outbox-${outboxId}`, title: push.title, body: push.body, data: push.data, devices: due });
    return { ...base, status: 'sent' as const, invalidTokens };
  }

  private provider(type: string) {
    return type === EMAIL ? (this.deps.notifier.provider ?? 'offline') : this.deps.push.provider;
  }

  private async markDispatched(tx: Queryable, id: number) {
    // dispatched_at ends the row's life; the lease in next_attempt_at no longer matters.
    await tx.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = $1', [id]);
  }
}
