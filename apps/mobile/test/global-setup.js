// Starts one API for the app's tests: the repository's own API process on embedded PGlite (a
// fresh data directory) with the demo catalogue, on a free port. Its address reaches the tests as
// EXPO_PUBLIC_API_URL, which the app reads like any build does.
const { spawn } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const { createServer } = require('node:net');
const os = require('node:os');
const path = require('node:path');

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  if (process.env.TK_MOBILE_TEST_API) {
    process.env.EXPO_PUBLIC_API_URL = process.env.TK_MOBILE_TEST_API;
    return;
  }
  const root = path.resolve(__dirname, '../../..');
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-mobile-test-'));
  const env = { ...process.env, API_PORT: String(port), API_HOST: '127.0.0.1', PGLITE_DATA_DIR: path.join(dir, 'pglite'), MEDIA_DIR: path.join(dir, 'media'), MAIL_OUTBOX_DIR: path.join(dir, 'mail'), LOG_LEVEL: 'warn', NODE_ENV: 'test', ADMIN_EMAIL: 'admin@test.tk', ADMIN_PASSWORD: 'test-admin-password' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  globalThis.__TK_API__ = child;
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 120000;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/v1/products?limit=1`);
      if (res.ok && (await res.json()).items.length) {
        process.env.EXPO_PUBLIC_API_URL = url;
        return;
      }
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`the test API exited with code ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error('the test API did not start within two minutes');
};
