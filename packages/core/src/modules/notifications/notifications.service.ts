import type { Database } from '../../platform/database.js';
import { notFound } from '../../platform/errors.js';
import { enqueueMessage, enqueuePush, type NotificationDispatcher } from './notification-outbox.js';

export interface Preferences {
  marketingEmail: boolean;
  marketingPush: boolean;
  orderPush: boolean;
}

/**
 * What customers control (marketing consent, order pushes, their devices) and what staff see and
 * send (the log of every message, promotional campaigns to those who opted in).
 */
export class NotificationsService {
  constructor(private readonly deps: { db: Database; dispatcher: NotificationDispatcher; appBaseUrl: string }) {}

  async preferences(userId: string): Promise<Preferences> {
    const { rows } = await this.deps.db.query<{ marketing_email: boolean; marketing_push: boolean; order_push: boolean }>(
      'SELECT marketing_email, marketing_push, order_push FROM notification_preferences WHERE user_id = $1',
      [userId],
    );
    const r = rows[0];
    // No row: the defaults, which send order updates and no marketing.
    return { marketingEmail: r?.marketing_email ?? false, marketingPush: r?.marketing_push ?? false, orderPush: r?.order_push ?? true };
  }

  async setPreferences(userId: string, change: Partial<Preferences>): Promise<Preferences> {
    const next = { ...(await this.preferences(userId)), ...change };
    await this.deps.db.query(
      `INSERT INTO notification_preferences (user_id, marketing_email, marketing_push, order_push) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET marketing_email = $2, marketing_push = $3, order_push = $4, updated_at = now()`,
      [userId, next.marketingEmail, next.marketingPush, next.orderPush],
    );
    return next;
  }

  /** A device's push token; registering it again (or from another account) moves it here. */
  async registerDevice(userId: string, device: { token: string; provider: 'fcm' | 'expo'; platform: 'ios' | 'android' | 'web' }) {
    await this.deps.db.query(
      `INSERT INTO device_tokens (token, user_id, provider, platform) VALUES ($1, $2, $3, $4)
       ON CONFLICT (token) DO UPDATE SET user_id = $2, provider = $3, platform = $4, last_seen_at = now()`,
      [device.token, userId, device.provider, device.platform],
    );
  }

  async removeDevice(userId: string, token: string) {
    const { rowCount } = await this.deps.db.query('DELETE FROM device_tokens WHERE token = $1 AND user_id = $2', [token, userId]);
    if (!rowCount) throw notFound('Device');
  }

  /** Staff: the log of messages sent (or skipped, or given up), newest first. */
  async log(limit: number) {
    const { rows } = await this.deps.db.query<{
      id: number; channel: 'email' | 'push'; recipient: string; template: string; subject: string; provider: string;
      status: 'sent' | 'failed' | 'skipped'; error: string | null; created_at: Date;
    }>('SELECT * FROM notification_log ORDER BY id DESC LIMIT $1', [limit]);
    const { rows: pending } = await this.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type IN ('notification.email', 'notification.push') AND dispatched_at IS NULL`,
    );
    return {
      pending: pending[0]!.n,
      items: rows.map((r) => ({
        id: r.id, channel: r.channel, recipient: r.recipient, template: r.template, subject: r.subject, provider: r.provider,
        status: r.status, error: r.error, createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** Staff: a promotional message to every customer who opted in to that channel. */
  async sendCampaign(input: { channel: 'email' | 'push'; subject: string; text: string; url?: string }): Promise<{ recipients: number }> {
    const recipients = await this.deps.db.transaction(async (tx) => {
      const column = input.channel === 'email' ? 'marketing_email' : 'marketing_push';
      const { rows } = await tx.query<{ id: string; email: string }>(
        `SELECT u.id, u.email FROM users u JOIN notification_preferences p ON p.user_id = u.id WHERE p.${column} AND u.role = 'customer'`,
      );
      for (const r of rows) {
        if (input.channel === 'email') {
          await enqueueMessage(tx, {
            channel: 'email', to: r.email, template: 'promotion', subject: input.subject,
            text: `${input.text}\n\nYou receive offers because you asked for them; turn them off in your account settings.`,
            data: { url: input.url ?? this.deps.appBaseUrl, action: 'Shop now' },
          });
        } else {
          await enqueuePush(tx, { userId: r.id, kind: 'marketing', template: 'promotion', title: input.subject, body: input.text, data: { url: input.url ?? this.deps.appBaseUrl } });
        }
      }
      return rows.length;
    });
    await this.deps.dispatcher.dispatchSoon();
    return { recipients };
  }
}
