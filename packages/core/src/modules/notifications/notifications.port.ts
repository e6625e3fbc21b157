/** A message for one person; adapters decide how it travels (file, SendGrid, FCM). */
export interface OutgoingMessage {
  /** Set when the message comes from the outbox: a redelivery carries the same id, so adapters can drop it. */
  id?: string;
  channel: 'email';
  to: string;
  template: 'password_reset' | 'welcome' | 'order_confirmed' | 'order_cancelled' | 'refund_issued';
  subject: string;
  text: string;
  data: Record<string, string>;
}

/** The notifications port. The offline adapter is the embedded default; SendGrid comes later. */
export interface Notifier {
  send(message: OutgoingMessage): Promise<void>;
}
