/** A message for one person; adapters decide how it travels (file, SendGrid, FCM). */
export interface OutgoingMessage {
  channel: 'email';
  to: string;
  template: 'password_reset' | 'welcome';
  subject: string;
  text: string;
  data: Record<string, string>;
}

/** The notifications port. The offline adapter is the embedded default; SendGrid comes later. */
export interface Notifier {
  send(message: OutgoingMessage): Promise<void>;
}
