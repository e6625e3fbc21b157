/**
 * `npm run bench:web`: Lighthouse 12.2.3 (Debian's Chromium) on the storefront's production
 * build. A fresh database with the demo catalogue; one product gets a real raster photo through
 * the media pipeline (sharp: WebP and AVIF at several widths), as the shop's own products would.
 * Then Lighthouse's default mobile settings (simulated slow 4G, 4x CPU slowdown) on that product's
 * page and on its category's page, three runs each with the median kept, and the desktop preset on
 * the product page. Also: the JavaScript a product page sends (bytes over the wire, gzipped).
 * BENCH_VERBOSE=1 lists every request of each run; BENCH_WEB_RUNS sets the runs per page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import sharp from 'sharp';
import { demoImageSvg, migrate, openDatabase, seedDemoData } from '@tk/core';
import { adminToken, cleanupRedis, freshDatabase, machineDescription, startApiProcess, writeResults } from './lib.js';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const API_PORT = 4990;
const WEB_PORT = 3990;
const API = `http://127.0.0.1:${API_PORT}`;
const WEB = `http://127.0.0.1:${WEB_PORT}`;
const MEDIA_DIR = 'var/bench-web-media';
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 3);
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));

function run(cmd: string, args: string[], env: Record<string, string>, cwd?: string): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

function waitExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function waitFor(url: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer`);
}

/** The demo catalogue, and a real photo for one product through the media pipeline. */
async function prepare(): Promise<{ productSlug: string; categorySlug: string }> {
  rmSync(MEDIA_DIR, { recursive: true, force: true });
  const url = await freshDatabase(SERVER_URL, 'tk_bench_web');
  const db = await openDatabase({ url, pgliteDir: 'unused' });
  await migrate(db);
  await seedDemoData(db, { products: 240, mediaDir: MEDIA_DIR });
  await db.close();
  children.push(await startApiProcess({ port: API_PORT, databaseUrl: url, redisUrl: REDIS_URL, prefix: 'bench-web', env: { MEDIA_DIR, APP_BASE_URL: WEB } }));

  const token = await adminToken(API);
  const auth = { authorization: `Bearer ${token}` };
  const list = (await (await fetch(`${API}/v1/products?limit=1&inStock=true`)).json()) as { items: { id: string; slug: string; category: { slug: string } }[] };
  const product = list.items[0]!;
  const detail = (await (await fetch(`${API}/v1/admin/products/${product.id}`, { headers: auth })).json()) as { images: { id: string }[] };
  for (const image of detail.images) await fetch(`${API}/v1/admin/products/${product.id}/images/${image.id}`, { method: 'DELETE', headers: auth });
  // A 1600 px photo-sized picture (rendered from the demo artwork, then blurred a little so it
  // compresses like a photograph rather than flat vector shapes).
  const photo = await sharp(Buffer.from(demoImageSvg('T & K', 4242))).resize(1600, 1600).blur(1.2).jpeg({ quality: 88 }).toBuffer();
  const upload = await fetch(`${API}/v1/admin/products/${product.id}/images?alt=${encodeURIComponent('The product, photographed')}`, { method: 'POST', headers: { ...auth, 'content-type': 'image/jpeg' }, body: photo });
  if (!upload.ok) throw new Error(`image upload failed: ${upload.status} ${await upload.text()}`);
  return { productSlug: product.slug, categorySlug: product.category.slug };
}

interface Figures {
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  performance: number;
  seo: number;
  accessibility: number;
  scriptKb: number;
}

async function audit(url: string, preset: 'mobile' | 'desktop'): Promise<Figures> {
  const userDataDir = path.resolve(`var/bench-web-chrome-${Date.now()}`);
  mkdirSync(userDataDir, { recursive: true });
  const chrome = await chromeLauncher.launch({
    chromePath,
    userDataDir,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'seo', 'accessibility'] }, preset === 'desktop' ? desktopConfig : undefined);
    const lhr = result!.lhr;
    const requests = (lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
    if (process.env.BENCH_VERBOSE) {
      // Every request with its size, priority and end time, and where the main thread's time went.
      for (const r of requests as { url?: string; transferSize?: number; resourceType?: string; networkEndTime?: number; priority?: string }[]) console.log(`  ${r.resourceType} ${r.transferSize} ${r.priority} ${Math.round(r.networkEndTime ?? 0)} ${r.url}`);
      for (const id of ['render-blocking-resources', 'bootup-time', 'mainthread-work-breakdown']) console.log(id, lhr.audits[id]?.displayValue);
    }
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    return {
      fcp: Math.round(lhr.audits['first-contentful-paint']!.numericValue!),
      lcp: Math.round(lhr.audits['largest-contentful-paint']!.numericValue!),
      tbt: Math.round(lhr.audits['total-blocking-time']!.numericValue!),
      cls: Math.round(lhr.audits['cumulative-layout-shift']!.numericValue! * 1000) / 1000,
      performance: score('performance'),
      seo: score('seo'),
      accessibility: score('accessibility'),
      scriptKb: Math.round((requests.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024) * 10) / 10,
    };
  } finally {
    await chrome.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** The run with the median performance score (Lighthouse's own advice for noisy figures). */
async function median(url: string, preset: 'mobile' | 'desktop', runs: number): Promise<Figures> {
  const all: Figures[] = [];
  for (let i = 0; i < runs; i++) all.push(await audit(url, preset));
  all.sort((a, b) => a.performance - b.performance || b.fcp - a.fcp);
  console.log(`${preset} ${url}:`, all.map((f) => `score ${f.performance} fcp ${f.fcp} lcp ${f.lcp} tbt ${f.tbt} cls ${f.cls}`).join(' | '));
  return all[Math.floor(all.length / 2)]!;
}

async function main() {
  mkdirSync('var', { recursive: true });
  const { productSlug, categorySlug } = await prepare();
  const webEnv = { API_URL: API, SITE_URL: WEB, NEXT_TELEMETRY_DISABLED: '1' };
  console.log('building the storefront (production)…');
  const next = new URL('../node_modules/.bin/next', import.meta.url).pathname;
  if ((await waitExit(run(next, ['build', '--webpack'], webEnv, 'apps/web'))) !== 0) throw new Error('next build failed');
  run(next, ['start', '--port', String(WEB_PORT)], { ...webEnv, NODE_ENV: 'production' }, 'apps/web');
  await waitFor(`${WEB}/robots.txt`);
  const productUrl = `${WEB}/p/${productSlug}`;
  const categoryUrl = `${WEB}/c/${categorySlug}`;
  // Generate the static pages (first visits) so Lighthouse measures what shoppers get.
  for (const url of [productUrl, categoryUrl, productUrl, categoryUrl]) await fetch(url).then((r) => r.text());

  const product = await median(productUrl, 'mobile', RUNS);
  const category = await median(categoryUrl, 'mobile', RUNS);
  const desktop = await median(productUrl, 'desktop', RUNS);
  writeResults('web', {
    product_fcp_ms: product.fcp,
    product_lcp_ms: product.lcp,
    product_tbt_ms: product.tbt,
    product_cls: product.cls,
    product_score: product.performance,
    category_fcp_ms: category.fcp,
    category_score: category.performance,
    seo_score: Math.min(product.seo, category.seo),
    a11y_score: Math.min(product.accessibility, category.accessibility),
    desktop_fcp_ms: desktop.fcp,
    product_js_kb: product.scriptKb,
    category_lcp_ms: category.lcp,
    desktop_score: desktop.performance,
    runs_per_page: RUNS,
    lighthouse: '12.2.3',
    machine: machineDescription(),
    date: new Date().toISOString(),
  });
}

main()
  .then(async () => {
    stopAll();
    await cleanupRedis(REDIS_URL, 'bench-web:*');
    process.exit(0);
  })
  .catch(async (err) => {
    console.error(err);
    stopAll();
    await cleanupRedis(REDIS_URL, 'bench-web:*').catch(() => undefined);
    process.exit(1);
  });
