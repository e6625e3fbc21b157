import { importPKCS8, SignJWT } from 'jose';
import type { PushMessage, PushSender } from './notifications.port.js';

export interface FcmServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri?: string;
}

/**
 * A provider's 5xx or network failure: the message is tried again later. `sent` lists the
 * devices that did get it before the failure, so the retry does not send to them twice.
 */
export class PushUnavailable extends Error {
  override name = 'PushUnavailable';
  sent: string[] = [];
}

/**
 * Firebase Cloud Messaging, HTTP v1 API: one request per device token, authorised with an OAuth
 * access token obtained from the service account by a signed JWT (cached until shortly before it
 * expires). Tokens FCM reports as unregistered are returned for deletion.
 */
export class FcmPushSender implements PushSender {
  readonly provider = 'fcm';
  private token: { value: string; expiresAt: number } | undefined;

  constructor(private readonly settings: { account: FcmServiceAccount; apiUrl?: string }) {}

  async send(message: PushMessage): Promise<{ invalidTokens: string[] }> {
    const invalidTokens: string[] = [];
    const sent: string[] = [];
    const base = this.settings.apiUrl ?? 'https://fcm.googleapis.com';
    for (const device of message.devices.filter((d) => d.provider === 'fcm')) {
      try {
        const res = await fetch(`${base}/v1/projects/${encodeURIComponent(this.settings.account.project_id)}/messages:send`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await this.accessToken()}`, 'content-type': 'application/json' },
          body: JSON.stringify({ message: { token: device.token, notification: { title: message.title, body: message.body }, data: message.data } }),
          signal: AbortSignal.timeout(15_000),
        }).catch((err: Error) => {
          throw new PushUnavailable(`FCM could not be reached (${err.message})`);
        });
        if (res.ok) {
          sent.push(device.token);
          continue;
        }
        const body = (await res.json().catch(() => ({}))) as { error?: { status?: string; details?: { errorCode?: string }[] } };
        const code = body.error?.details?.find((d) => d.errorCode)?.errorCode ?? body.error?.status;
        // A token FCM no longer knows, or never could (malformed): forget it rather than retry.
        if (res.status === 404 || res.status === 400 || code === 'UNREGISTERED' || code === 'NOT_FOUND' || code === 'INVALID_ARGUMENT') invalidTokens.push(device.token);
        else throw new PushUnavailable(`FCM answered ${res.status} ${code ?? ''}`);
      } catch (err) {
        if (err instanceof PushUnavailable) err.sent = sent;
        throw err;
      }
    }
    return { invalidTokens };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const { account } = this.settings;
    const tokenUri = account.token_uri ?? 'https://oauth2.googleapis.com/token';
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: 'https://www.googleapis.com/auth/firebase.messaging' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(account.client_email)
      .setAudience(tokenUri)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(await importPKCS8(account.private_key, 'RS256'));
    const res = await fetch(tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
      signal: AbortSignal.timeout(15_000),
    }).catch((err: Error) => {
      throw new PushUnavailable(`Google's token endpoint could not be reached (${err.message})`);
    });
    if (!res.ok) throw new PushUnavailable(`Google's token endpoint answered ${res.status}`);
    const json = (await res.json()) as { access_token: string; expires_in: number };
    this.token = { value: json.access_token, expiresAt: Date.now() + (json.expires_in - 60) * 1000 };
    return json.access_token;
  }
}

/** Expo's push service (for apps built with Expo): one batched request; unregistered devices returned. */
export class ExpoPushSender implements PushSender {
  readonly provider = 'expo';

  constructor(private readonly settings: { accessToken?: string; apiUrl?: string } = {}) {}

  async send(message: PushMessage): Promise<{ invalidTokens: string[] }> {
    const devices = message.devices.filter((d) => d.provider === 'expo');
    if (!devices.length) return { invalidTokens: [] };
    const res = await fetch(`${this.settings.apiUrl ?? 'https://exp.host'}/--/api/v2/push/send`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(this.settings.accessToken ? { authorization: `Bearer ${this.settings.accessToken}` } : {}),
      },
      body: JSON.stringify(devices.map((d) => ({ to: d.token, title: message.title, body: message.body, data: message.data, sound: 'default' }))),
      signal: AbortSignal.timeout(15_000),
    }).catch((err: Error) => {
      throw new PushUnavailable(`Expo could not be reached (${err.message})`);
    });
    if (res.status >= 500 || res.status === 429) throw new PushUnavailable(`Expo answered ${res.status}`);
    if (!res.ok) throw new Error(`Expo refused the messages: ${res.status}`);
    const { data } = (await res.json()) as { data: { status: 'ok' | 'error'; details?: { error?: string } }[] };
    return { invalidTokens: devices.filter((_d, i) => data[i]?.status === 'error' && data[i]?.details?.error === 'DeviceNotRegistered').map((d) => d.token) };
  }
}

/** Sends to each device through its own provider; providers that are not configured are skipped. */
export class PushRouter implements PushSender {
  readonly provider: string;

  constructor(private readonly senders: PushSender[]) {
    this.provider = senders.map((s) => s.provider).join('+') || 'offline';
  }

  async send(message: PushMessage): Promise<{ invalidTokens: string[] }> {
    const invalid: string[] = [];
    const sent: string[] = [];
    for (const sender of this.senders) {
      const mine = message.devices.filter((d) => d.provider === sender.provider);
      if (!mine.length) continue;
      try {
        invalid.push(...(await sender.send({ ...message, devices: mine })).invalidTokens);
        sent.push(...mine.map((d) => d.token));
      } catch (err) {
        // What the other providers already delivered must not be sent again on the retry.
        const failure = err instanceof PushUnavailable ? err : Object.assign(new PushUnavailable((err as Error).message), {});
        failure.sent = [...sent, ...failure.sent];
        throw failure;
      }
    }
    return { invalidTokens: invalid };
  }
}
