import type { TServerEvent, TServerEventType } from '@tk/contract';
import type { KeyValueStore } from '../../platform/kv.js';
import type { Logger } from '../../platform/logger.js';

/** Who receives an event: everyone, one account's devices, one cart or one order. */
/** Who receives an event: everyone, one customer, a cart's or order's holders, or staff (every order). */
export type Audience = 'all' | 'staff' | `user:${string}` | `cart:${string}` | `order:${string}`;

interface Envelope {
  event: TServerEvent;
  audiences: Audience[];
}

type Listener = (event: TServerEvent) => void;

const CHANNEL = 'events';
const RECENT = 'events:recent';
const SEQUENCE = 'events:seq';
/** How many recent events are kept for clients that reconnect with Last-Event-ID. */
const REPLAY_LENGTH = 5_000;

/**
 * Real-time events across every API copy. `publish` numbers the event (one Redis counter for all
 * copies), keeps it in a capped replay list and sends it on Redis pub/sub; each copy's single
 * subscription hands it to its own connected clients by audience. A reconnecting client replays
 * what it missed from the list. Delivery is at least once: clients drop ids they have seen.
 */
export class EventBus {
  private readonly listeners = new Map<Audience, Set<Listener>>();
  private unsubscribe: (() => Promise<void>) | undefined;
  /**
   * The in-process store forgets its counter on restart: ids are then offset by the start time,
   * so they keep growing and a reconnecting client's Last-Event-ID stays meaningful.
   */
  private readonly offset: number;

  constructor(private readonly deps: { kv: KeyValueStore; log: Logger }) {
    this.offset = deps.kv.kind === 'memory' ? Math.floor(Date.now() / 1000) * 1_000_000 : 0;
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.deps.kv.subscribe(CHANNEL, (message) => {
      try {
        const { event, audiences } = JSON.parse(message) as Envelope;
        const seen = new Set<Listener>();
        for (const audience of audiences) {
          for (const listener of this.listeners.get(audience) ?? []) {
            if (seen.has(listener)) continue;
            seen.add(listener);
            listener(event);
          }
        }
      } catch (err) {
        this.deps.log.warn({ err }, 'dropped a malformed real-time event');
      }
    });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  async publish<T extends TServerEventType>(type: T, data: Extract<TServerEvent, { type: T }>['data'], audiences: Audience[]): Promise<void> {
    const id = this.offset + (await this.deps.kv.incrWithTtl(SEQUENCE, 10 * 365 * 86_400));
    const message = JSON.stringify({ event: { id, type, data }, audiences } satisfies { event: unknown; audiences: Audience[] });
    await this.deps.kv.pushCapped(RECENT, message, REPLAY_LENGTH);
    await this.deps.kv.publish(CHANNEL, message);
  }

  /** Listens for one client; returns the function that stops listening. */
  listen(audiences: Audience[], listener: Listener): () => void {
    for (const audience of audiences) {
      const set = this.listeners.get(audience) ?? new Set();
      set.add(listener);
      this.listeners.set(audience, set);
    }
    return () => {
      for (const audience of audiences) {
        const set = this.listeners.get(audience);
        set?.delete(listener);
        if (set && !set.size) this.listeners.delete(audience);
      }
    };
  }

  /** What a client with these audiences missed after `lastId`, oldest first. */
  async replay(audiences: Audience[], lastId: number): Promise<TServerEvent[]> {
    const wanted = new Set(audiences);
    return (await this.deps.kv.listAll(RECENT))
      .map((m) => JSON.parse(m) as Envelope)
      .filter((e) => e.event.id > lastId && e.audiences.some((a) => wanted.has(a)))
      .map((e) => e.event)
      .sort((a, b) => a.id - b.id);
  }

  /** Connected clients in this process, for metrics. */
  get connections(): number {
    const all = new Set<Listener>();
    for (const set of this.listeners.values()) for (const l of set) all.add(l);
    return all.size;
  }
}
