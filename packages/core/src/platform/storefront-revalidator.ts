import { createHmac } from 'node:crypto';
import type { Logger } from './logger.js';

/**
 * Asks the storefront (Next.js) to revalidate its statically generated pages after the catalogue,
 * a price, stock or a flash sale changed. Calls are debounced: many changes within `delayMs`
 * become one request listing every tag. The request carries an HMAC of its body under the shared
 * secret; a storefront that is down only serves its pages a little longer (ISR keeps a TTL).
 */
export class StorefrontRevalidator {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { url: string | undefined; secret: string | undefined; delayMs: number; log: Logger }) {}

  request(tags: string[]): void {
    if (!this.deps.url || !this.deps.secret) return;
    for (const t of tags) this.pending.add(t);
    this.timer ??= setTimeout(() => void this.flush(), this.deps.delayMs);
    this.timer.unref?.();
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    if (!this.pending.size || !this.deps.url || !this.deps.secret) return;
    const body = JSON.stringify({ tags: [...this.pending] });
    this.pending = new Set();
    try {
      const res = await fetch(this.deps.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': createHmac('sha256', this.deps.secret).update(body).digest('hex') },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) this.deps.log.warn({ status: res.status }, 'the storefront refused to revalidate');
    } catch (err) {
      this.deps.log.warn({ err }, 'the storefront could not be asked to revalidate; its pages expire by themselves');
    }
  }
}
