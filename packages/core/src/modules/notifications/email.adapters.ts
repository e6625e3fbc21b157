import { Client } from '@sendgrid/client';
import sendgrid from '@sendgrid/mail';
import nodemailer from 'nodemailer';
import type { Notifier, OutgoingMessage } from './notifications.port.js';
import { renderHtml } from './templates.js';

/**
 * SendGrid through its official package (its v3 Mail Send HTTP API). The outbox id travels as a
 * custom argument, so a message can be traced, and as the Message-ID header, so mail clients
 * collapse the rare duplicate of a redelivered message.
 */
export class SendGridNotifier implements Notifier {
  readonly provider = 'sendgrid';
  private readonly client: typeof sendgrid;

  constructor(private readonly settings: { apiKey: string; from: string; apiUrl?: string }) {
    // A service of our own rather than the package's shared instance, with its own HTTP client.
    const MailService = (sendgrid as unknown as { MailService: new () => typeof sendgrid }).MailService;
    this.client = new MailService();
    const http = new Client();
    http.setApiKey(settings.apiKey);
    // Only for tests: a local server that answers like api.sendgrid.com.
    if (settings.apiUrl) http.setDefaultRequest('baseUrl', settings.apiUrl);
    this.client.setClient(http);
  }

  async send(message: OutgoingMessage) {
    const [response] = await this.client.send({
      to: message.to,
      from: this.settings.from,
      subject: message.subject,
      text: message.text,
      html: message.html ?? renderHtml(message),
      customArgs: message.id ? { message_id: message.id } : undefined,
      headers: message.id ? { 'Message-ID': `<${message.id}@tk.lk>` } : undefined,
    });
    return { providerMessageId: (response.headers['x-message-id'] as string | undefined) ?? null };
  }
}

/** Any SMTP server (a relay, SES SMTP, Mailgun SMTP…) through nodemailer. */
export class SmtpNotifier implements Notifier {
  readonly provider = 'smtp';
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(private readonly settings: { url: string; from: string }) {
    this.transport = nodemailer.createTransport(settings.url);
  }

  async send(message: OutgoingMessage) {
    const info = await this.transport.sendMail({
      to: message.to,
      from: this.settings.from,
      subject: message.subject,
      text: message.text,
      html: message.html ?? renderHtml(message),
      messageId: message.id ? `<${message.id}@tk.lk>` : undefined,
    });
    return { providerMessageId: info.messageId ?? null };
  }

  close() {
    this.transport.close();
  }
}
