/**
 * `npm start`: the whole platform on one machine. With no DATABASE_URL / REDIS_URL it runs on
 * embedded PGlite (kept under var/) and the in-process cache, loads the demo catalogue on first
 * run, and prints where everything is.
 */
import { loadDotEnv } from './load-env.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

loadDotEnv();

const env = { ...process.env };
// A demo admin so the dashboard can be tried at once; set ADMIN_EMAIL/ADMIN_PASSWORD to choose your own.
if (!env.ADMIN_EMAIL && !env.ADMIN_PASSWORD && env.NODE_ENV !== 'production') {
  env.ADMIN_EMAIL = 'admin@tk.example';
  env.ADMIN_PASSWORD = 'demo-admin-password';
}
const apiPort = Number(env.API_PORT ?? 4000);
const webPort = Number(env.WEB_PORT ?? 3000);
const adminPort = Number(env.ADMIN_PORT ?? 3001);
env.API_URL ??= `http://localhost:${apiPort}`;
env.VITE_API_URL ??= env.API_URL;
// The Expo dev server (`npm run mobile`, press w) previews the app in a browser on port 8081.
env.CORS_ORIGINS ??= `http://localhost:${webPort},http://localhost:${adminPort},http://localhost:8081`;
env.APP_BASE_URL ??= `http://localhost:${webPort}`;
env.NEXT_TELEMETRY_DISABLED ??= '1';
// The API asks the storefront to refresh its static pages after catalogue, price, stock and sale
// changes; both sides share a secret, made up per run unless one is set.
env.STOREFRONT_REVALIDATE_URL ??= `http://localhost:${webPort}/api/revalidate`;
env.REVALIDATE_SECRET ??= randomBytes(24).toString('hex');
env.SITE_URL ??= `http://localhost:${webPort}`;
const children: ChildProcess[] = [];

function run(name: string, args: string[], options: { cwd?: string; node?: boolean } = {}) {
  const child =
    options.node === false
      ? spawn(args[0]!, args.slice(1), { env, stdio: 'inherit', cwd: options.cwd })
      : spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: 'inherit', cwd: options.cwd });
  child.on('exit', (code) => {
    console.error(`${name} exited with code ${code}`);
    for (const c of children) if (c !== child) c.kill('SIGTERM');
    process.exit(code ?? 1);
  });
  children.push(child);
}

run('api', ['apps/api/src/main.ts']);
// The clients run as development servers here; deployments build them (npm run build).
const bin = (name: string) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
run('web', [bin('next'), 'dev', '--webpack', '--port', String(webPort)], { cwd: 'apps/web', node: false });
run('admin', [bin('vite'), '--port', String(adminPort), '--strictPort'], { cwd: 'apps/admin', node: false });

async function waitReady(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (await waitReady(`http://localhost:${apiPort}/readyz`, 120_000)) {
  console.log(`
  T & K commerce is running
    Storefront     http://localhost:${webPort}
    Admin          http://localhost:${adminPort}
    API            http://localhost:${apiPort}/v1/products
    API docs       http://localhost:${apiPort}/docs
    OpenAPI        http://localhost:${apiPort}/v1/openapi.json
    Health         http://localhost:${apiPort}/readyz
    Admin login    ${env.ADMIN_EMAIL ?? '(set ADMIN_EMAIL and ADMIN_PASSWORD)'}${env.ADMIN_EMAIL === 'admin@tk.example' ? ' / demo-admin-password' : ''}
  Data: ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.PGLITE_DATA_DIR ?? 'var/pglite'}`}, cache: ${env.REDIS_URL ? 'Redis (REDIS_URL)' : 'in-process'}
  Stop with Ctrl+C.
`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const c of children) c.kill(signal);
  });
}
