import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { importSPKI, jwtVerify } from 'jose';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/database.js';
import { createLogger } from '../../platform/logger.js';
import { openTestDatabase } from '../../platform/test-database.js';
import { SendGridNotifier, SmtpNotifier } from './email.adapters.js';
import { enqueueMessage, NotificationDispatcher } from './notification-outbox.js';
import { ExpoPushSender, FcmPushSender, PushRouter, PushUnavailable } from './push.adapters.js';

const log = createLogger('silent');
const confirmation = { channel: 'email' as const, to: 'kumari@example.com', template: 'order_confirmed' as const, subject: 'Order TK1001 is confirmed', text: 'Thank you.\n\nTotal paid: LKR 1,000.00', data: { url: 'https://shop.example/orders/1' } };

async function listen(server: Server | SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => (server as Server).listen(0, '127.0.0.1', () => resolve()));
  const address = (server as unknown as { server?: Server }).server?.address() ?? (server as Server).address();
  return typeof address === 'object' && address ? address.port : 0;
}

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

describe('SMTP adapter against a real SMTP server (smtp-server), through the outbox dispatcher', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let smtp: SMTPServer;
  let port: number;
  const received: string[] = [];
  let refuseNext = 1;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          if (refuseNext > 0) {
            refuseNext--;
            const err = new Error('451 Temporary local problem, try again') as Error & { responseCode: number };
            err.responseCode = 451;
            return callback(err);
          }
          received.push(data);
          callback();
        });
      },
    });
    port = await listen(smtp);
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await drop();
  });

  it('retries a refused confirmation and delivers it exactly once, as text and HTML', async () => {
    const notifier = new SmtpNotifier({ url: `smtp://127.0.0.1:${port}`, from: 'T & K <orders@tk.lk>' });
    const dispatcher = new NotificationDispatcher({ db, notifier, push: new PushRouter([]), log });
    await db.transaction((tx) => enqueueMessage(tx, confirmation));
    expect(await dispatcher.dispatch()).toBe(0); // the server refused it: kept for a retry
    const { rows } = await db.query<{ attempts: number }>(`SELECT attempts FROM outbox_events WHERE type = 'notification.email'`);
    expect(rows[0]!.attempts).toBe(1);
    expect(await dispatcher.dispatch()).toBe(0); // not before its backoff
    await db.query(`UPDATE outbox_events SET next_attempt_at = now() WHERE type = 'notification.email'`);
    expect(await dispatcher.dispatch()).toBe(1);
    expect(await dispatcher.dispatch()).toBe(0); // dispatched: never sent again
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/Subject: Order TK1001 is confirmed/);
    expect(received[0]).toMatch(/Content-Type: text\/html/);
    expect(received[0]).toMatch(/Message-ID: <outbox-\d+@tk\.lk>/);
    const logged = await db.query<{ status: string; provider: string }>('SELECT status, provider FROM notification_log');
    expect(logged.rows).toEqual([{ status: 'sent', provider: 'smtp' }]);
    notifier.close();
  });
});

describe('SendGrid adapter against a local server shaped like the v3 Mail Send API', () => {
  let server: Server;
  let url: string;
  const requests: { auth: string | undefined; body: Record<string, any> }[] = [];
  let failNext = 1;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const text = await body(req);
      if (req.method !== 'POST' || req.url !== '/v3/mail/send') return res.writeHead(404).end();
      if (failNext-- > 0) return res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'internal' }] }));
      requests.push({ auth: req.headers.authorization, body: JSON.parse(text) });
      res.writeHead(202, { 'x-message-id': 'sg-msg-1' }).end();
    });
    url = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the documented payload with the API key; a 500 surfaces for the dispatcher to retry', async () => {
    const notifier = new SendGridNotifier({ apiKey: 'SG.test-key-1234567890', from: 'orders@tk.lk', apiUrl: url });
    await expect(notifier.send({ ...confirmation, id: 'outbox-7' })).rejects.toThrow();
    const result = await notifier.send({ ...confirmation, id: 'outbox-7' });
    expect(result.providerMessageId).toBe('sg-msg-1');
    expect(requests).toHaveLength(1);
    const sent = requests[0]!;
    expect(sent.auth).toBe('Bearer SG.test-key-1234567890');
    expect(sent.body.personalizations[0].to).toEqual([{ email: 'kumari@example.com' }]);
    expect(sent.body.subject).toBe('Order TK1001 is confirmed');
    expect(sent.body.content.map((c: { type: string }) => c.type)).toEqual(['text/plain', 'text/html']);
    expect(sent.body.custom_args).toEqual({ message_id: 'outbox-7' });
  });
});

describe('push adapters against local servers shaped like FCM HTTP v1 and Expo', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  let server: Server;
  let url: string;
  const sends: { auth: string | undefined; message: Record<string, any> }[] = [];
  let unavailable = 1;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const text = await body(req);
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.url === '/token') {
        const assertion = new URLSearchParams(text).get('assertion')!;
        const { payload } = await jwtVerify(assertion, await importSPKI(publicKey, 'RS256'), { issuer: 'push@tk-test.iam.gserviceaccount.com', audience: `${url}/token` });
        expect(payload.scope).toBe('https://www.googleapis.com/auth/firebase.messaging');
        return json(200, { access_token: 'ya29.test', expires_in: 3600, token_type: 'Bearer' });
      }
      if (req.url === '/v1/projects/tk-test/messages:send') {
        if (unavailable-- > 0) return json(503, { error: { code: 503, status: 'UNAVAILABLE' } });
        const message = JSON.parse(text).message;
        sends.push({ auth: req.headers.authorization, message });
        if (message.token === 'gone-token-123') return json(404, { error: { code: 404, status: 'NOT_FOUND', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } });
        return json(200, { name: 'projects/tk-test/messages/1' });
      }
      if (req.url === '/--/api/v2/push/send') {
        const messages = JSON.parse(text) as { to: string }[];
        return json(200, { data: messages.map((m) => (m.to.includes('Gone') ? { status: 'error', message: 'not registered', details: { error: 'DeviceNotRegistered' } } : { status: 'ok', id: 'ticket-1' })) });
      }
      res.writeHead(404).end();
    });
    url = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('authorises with a service-account JWT, retries after a 503, and reports unregistered tokens of both providers', async () => {
    const fcm = new FcmPushSender({ account: { project_id: 'tk-test', client_email: 'push@tk-test.iam.gserviceaccount.com', private_key: privateKey, token_uri: `${url}/token` }, apiUrl: url });
    const router = new PushRouter([fcm, new ExpoPushSender({ apiUrl: url })]);
    const message = {
      id: 'outbox-9',
      title: 'Your order has shipped',
      body: 'Order TK1001 is on its way',
      data: { orderId: 'o-1' },
      devices: [
        { token: 'fcm-token-abc', provider: 'fcm' as const },
        { token: 'gone-token-123', provider: 'fcm' as const },
        { token: 'ExponentPushToken[Gone]', provider: 'expo' as const },
        { token: 'ExponentPushToken[ok]', provider: 'expo' as const },
      ],
    };
    await expect(router.send(message)).rejects.toBeInstanceOf(PushUnavailable);
    const { invalidTokens } = await router.send(message);
    expect(invalidTokens.sort()).toEqual(['ExponentPushToken[Gone]', 'gone-token-123']);
    expect(sends[0]).toMatchObject({ auth: 'Bearer ya29.test', message: { token: 'fcm-token-abc', notification: { title: 'Your order has shipped' }, data: { orderId: 'o-1' } } });
  });
});
