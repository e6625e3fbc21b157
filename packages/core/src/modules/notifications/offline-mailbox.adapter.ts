import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Notifier, OutgoingMessage } from './notifications.port.js';
import { renderHtml } from './templates.js';

/**
 * Delivers each message as a JSON file in a folder, like a local maildir: a developer opens the
 * file to follow a reset link, and tests read it the same way.
 */
export class OfflineMailbox implements Notifier {
  readonly provider = 'offline';

  constructor(private readonly dir: string) {}

  async send(message: OutgoingMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Outbox messages are named by their id, so a redelivered message replaces itself.
    const name = message.id ? `${message.id}.json` : `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.json`;
    await writeFile(path.join(this.dir, name), JSON.stringify({ ...message, html: message.html ?? renderHtml(message), sentAt: new Date().toISOString() }, null, 2), {
      // Messages carry sign-in links: readable by the service's own user only.
      mode: 0o600,
    });
  }

  /** Messages sent to one address, oldest first. */
  async messagesFor(to: string): Promise<(OutgoingMessage & { sentAt: string })[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.json')).sort();
    } catch {
      return [];
    }
    const all = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(this.dir, f), 'utf8'))));
    return all
      .filter((m) => m.to.toLowerCase() === to.toLowerCase())
      .sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
  }
}
