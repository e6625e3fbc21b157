import { type ChildProcess, spawn } from 'node:child_process';
import { inject } from 'vitest';

/**
 * Starts a second API process on the same PostgreSQL database and Redis prefix as the test run's
 * API, as a load balancer would run several copies. Only possible against real servers.
 */
export async function startSecondApi(port: number, extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => void; pid: number; exited: Promise<number | null> }> {
  const env = inject('apiEnv');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    env: { ...process.env, ...env, NODE_ENV: 'test', API_PORT: String(port), API_HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', TRUST_PROXY_HOPS: '1', RATE_LIMIT_CHECKOUT_PER_IP: '1000', SHUTDOWN_DRAIN_SECONDS: '0', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { url, stop: () => child.kill('SIGTERM'), pid: child.pid!, exited };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the second API process did not become ready');
}

/** Starts a worker process (BullMQ jobs: sweeps, reconciliation, dispatch) on the test run's database and Redis prefix. */
export function startWorker(extraEnv: Record<string, string> = {}): { stop: () => void; pid: number; exited: Promise<number | null> } {
  const env = inject('apiEnv');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    env: { ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { stop: () => child.kill('SIGTERM'), pid: child.pid!, exited };
}
