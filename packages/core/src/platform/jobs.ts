import { Queue, Worker, type Job } from 'bullmq';
import type { KeyValueStore } from './kv.js';
import type { Logger } from './logger.js';

/** One kind of background work: a name, what it does, and optionally how often it runs by itself. */
export interface JobDefinition {
  name: string;
  run: (data: Record<string, unknown>) => Promise<unknown>;
  /** Run on a schedule, every this many milliseconds (0 or absent: only when enqueued). */
  everyMs?: number;
  /** Attempts before the job goes to the dead-letter list. */
  attempts?: number;
}

export interface DeadLetter {
  name: string;
  data: Record<string, unknown>;
  error: string;
  attempts: number;
  failedAt: string;
}

/**
 * Background jobs. With Redis they run on BullMQ (a queue any number of workers share, retries
 * with exponential backoff, schedules kept in Redis so one firing runs once across workers); in
 * embedded mode the same definitions run in-process with the same retry rule. Either way a job
 * that fails every attempt is kept in a dead-letter list staff can read.
 */
export interface JobRunner {
  readonly kind: 'bullmq' | 'in-process';
  start(): Promise<void>;
  enqueue(name: string, data?: Record<string, unknown>): Promise<void>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Stops taking jobs and waits for the running ones to finish (SIGTERM). */
  drain(): Promise<void>;
}

const DEAD_LETTERS = 'jobs:dead-letters';
const DEAD_LETTER_CAP = 1_000;
const BASE_BACKOFF_MS = 1_000;

async function recordDeadLetter(kv: KeyValueStore, letter: DeadLetter) {
  await kv.pushCapped(DEAD_LETTERS, JSON.stringify(letter), DEAD_LETTER_CAP);
}

async function readDeadLetters(kv: KeyValueStore, limit: number): Promise<DeadLetter[]> {
  return (await kv.listAll(DEAD_LETTERS)).slice(-limit).reverse().map((l) => JSON.parse(l) as DeadLetter);
}

export class BullJobRunner implements JobRunner {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private readonly byName: Map<string, JobDefinition>;

  constructor(
    private readonly deps: { redisUrl: string; prefix: string; kv: KeyValueStore; log: Logger; concurrency: number; backoffMs?: number },
    private readonly definitions: JobDefinition[],
  ) {
    this.byName = new Map(definitions.map((d) => [d.name, d]));
    // BullMQ's own key prefix keeps each deployment's (and each test run's) queues apart.
    this.queue = new Queue('tk-jobs', { connection: { url: deps.redisUrl }, prefix: `${deps.prefix}bull` });
  }

  async start(): Promise<void> {
    for (const d of this.definitions) {
      if (d.everyMs) {
        await this.queue.upsertJobScheduler(d.name, { every: d.everyMs }, { name: d.name, data: {}, opts: this.jobOptions(d) });
      } else {
        await this.queue.removeJobScheduler(d.name).catch(() => undefined);
      }
    }
    this.worker = new Worker(
      'tk-jobs',
      async (job: Job) => {
        const definition = this.byName.get(job.name);
        if (!definition) throw new Error(`no handler for job ${job.name}`);
        return definition.run((job.data ?? {}) as Record<string, unknown>);
      },
      { connection: { url: this.deps.redisUrl }, prefix: `${this.deps.prefix}bull`, concurrency: this.deps.concurrency },
    );
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade >= attempts) {
        this.deps.log.error({ err, job: job.name, attempts }, 'job failed every attempt: moved to the dead-letter list');
        void recordDeadLetter(this.deps.kv, { name: job.name, data: job.data, error: err.message, attempts: job.attemptsMade, failedAt: new Date().toISOString() });
      } else {
        this.deps.log.warn({ err, job: job.name, attempt: job.attemptsMade }, 'job failed; it will be retried');
      }
    });
    this.worker.on('error', (err) => this.deps.log.error({ err }, 'job worker error'));
  }

  async enqueue(name: string, data: Record<string, unknown> = {}): Promise<void> {
    const definition = this.byName.get(name);
    if (!definition) throw new Error(`unknown job ${name}`);
    await this.queue.add(name, data, this.jobOptions(definition));
  }

  deadLetters(limit = 100) {
    return readDeadLetters(this.deps.kv, limit);
  }

  async drain(): Promise<void> {
    await this.worker?.close(); // waits for active jobs
    await this.queue.close();
  }

  private jobOptions(d: JobDefinition) {
    return {
      attempts: d.attempts ?? 5,
      backoff: { type: 'exponential', delay: this.deps.backoffMs ?? BASE_BACKOFF_MS },
      removeOnComplete: 1_000,
      removeOnFail: 5_000,
    };
  }
}

/** The embedded runner: the same definitions on timers in this process, with the same retries. */
export class InProcessJobRunner implements JobRunner {
  readonly kind = 'in-process' as const;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly busy = new Set<string>();
  private stopping = false;
  private readonly byName: Map<string, JobDefinition>;

  constructor(
    private readonly deps: { kv: KeyValueStore; log: Logger; backoffMs?: number },
    private readonly definitions: JobDefinition[],
  ) {
    this.byName = new Map(definitions.map((d) => [d.name, d]));
  }

  async start(): Promise<void> {
    for (const d of this.definitions) {
      if (!d.everyMs) continue;
      // A scheduled job does not overlap itself: a slow run skips the next tick.
      const timer = setInterval(() => {
        if (this.busy.has(d.name)) return;
        this.busy.add(d.name);
        void this.track(this.attempt(d, {}, 1)).finally(() => this.busy.delete(d.name));
      }, d.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  async enqueue(name: string, data: Record<string, unknown> = {}): Promise<void> {
    const definition = this.byName.get(name);
    if (!definition) throw new Error(`unknown job ${name}`);
    if (this.stopping) throw new Error('the job runner is stopping');
    void this.track(this.attempt(definition, data, 1));
  }

  deadLetters(limit = 100) {
    return readDeadLetters(this.deps.kv, limit);
  }

  async drain(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([...this.running]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    return p.finally(() => this.running.delete(p));
  }

  private async attempt(d: JobDefinition, data: Record<string, unknown>, n: number): Promise<void> {
    const attempts = d.attempts ?? 5;
    try {
      await d.run(data);
    } catch (err) {
      if (n >= attempts || this.stopping) {
        this.deps.log.error({ err, job: d.name, attempts: n }, 'job failed every attempt: moved to the dead-letter list');
        await recordDeadLetter(this.deps.kv, { name: d.name, data, error: (err as Error).message, attempts: n, failedAt: new Date().toISOString() });
        return;
      }
      this.deps.log.warn({ err, job: d.name, attempt: n }, 'job failed; it will be retried');
      await new Promise((r) => setTimeout(r, (this.deps.backoffMs ?? BASE_BACKOFF_MS) * 2 ** (n - 1)));
      return this.attempt(d, data, n + 1);
    }
  }
}
