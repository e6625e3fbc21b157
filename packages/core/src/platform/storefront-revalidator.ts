import { createHmac } from 'node:crypto';
import type { Logger } from './logger.js';

/**
 * Asks the storefront (Next.js) to revalidate its statically generated pages after the catalogue,
 * a price, stock or a flash sale changed. Calls are debounced: many changes within `delayMs`
 * become one request listing every tag. The request carries an HMAC of its body under the shared
 * secret. A storefront that is down, restarting or still compiling (dev) is asked again with
 * growing pauses, up to `retries` times; after that its pages only live a little longer (ISR
 * keeps a TTL).
 */
export class StorefrontRevalidator {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(private readonly deps: { url: string | undefined; secret: string | undefined; delayMs: number; log: Logger; retries?: number; retryBaseMs?: number; timeoutMs?: number }) {}

  request(tags: string[]): void {
    if (!this.deps.url || !this.deps.secret) return;
    for (const t of tags) this.pending.add(t);
    this.timer ??= setTimeout(() => void this.flush(), this.deps.delayMs);
    this.timer.unref?.();
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    if (!this.pending.size || !this.deps.url || !this.deps.secret) return;
    const tags = [...this.pending];
    const body = JSON.stringify({ tags });
    this.pending = new Set();
    let failed = false;
    try {
      const res = await fetch(this.deps.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': createHmac('sha256', this.deps.secret).update(body).digest('hex') },
        body,
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 5_000),
      });
      if (res.status >= 500) failed = true;
      else if (!res.ok) this.deps.log.warn({ status: res.status }, 'the storefront refused to revalidate'); // a wrong secret: retrying will not help
    } catch (err) {
      failed = true;
      this.deps.log.warn({ err }, 'the storefront could not be asked to revalidate');
    }
    if (!failed) {
      this.failures = 0;
      return;
    }
    this.failures++;
    if (this.failures > (this.deps.retries ?? 5)) {
      this.failures = 0;
      this.deps.log.warn({ tags }, 'gave up asking the storefront to revalidate; its pages expire by themselves');
      return;
    }
    // Ask again later, with whatever else changed meanwhile: after 1, 2, 4, 8, 16 s.
    for (const t of tags) this.pending.add(t);
    this.timer ??= setTimeout(() => void this.flush(), (this.deps.retryBaseMs ?? 1_000) * 2 ** (this.failures - 1));
    this.timer.unref?.();
  }
}
