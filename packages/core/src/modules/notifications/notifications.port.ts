/** A message for one person; adapters decide how it travels (file, SendGrid, SMTP). */
export interface OutgoingMessage {
  /** Set when the message comes from the outbox: a redelivery carries the same id, so adapters can drop it. */
  id?: string;
  channel: 'email';
  to: string;
  template:
    | 'password_reset'
    | 'welcome'
    | 'order_confirmed'
    | 'order_cancelled'
    | 'refund_issued'
    | 'payment_failed'
    | 'order_shipped'
    | 'order_delivered'
    | 'low_stock'
    | 'promotion';
  subject: string;
  text: string;
  /** Rendered from the text by the adapter when absent (see templates.ts). */
  html?: string;
  data: Record<string, string>;
}

/** The email port. The offline mailbox is the embedded default; SendGrid and SMTP are the real ones. */
export interface Notifier {
  readonly provider?: string;
  /** Resolves with the provider's message id once the provider has accepted the message. */
  send(message: OutgoingMessage): Promise<{ providerMessageId?: string | null } | void>;
}

/** A push notification to one customer's devices. */
export interface PushMessage {
  id: string;
  title: string;
  body: string;
  data: Record<string, string>;
  devices: { token: string; provider: 'fcm' | 'expo' }[];
}

/** The push port: FCM (HTTP v1) and Expo's push service, or the offline log. */
export interface PushSender {
  readonly provider: string;
  /** Returns the tokens the provider says are gone (uninstalled apps), so they can be forgotten. */
  send(message: PushMessage): Promise<{ invalidTokens: string[] }>;
}
