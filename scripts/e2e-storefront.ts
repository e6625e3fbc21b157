/**
 * The storefront in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download). A shopper browses from the home page, searches, opens a product, adds it to the cart,
 * checks out as a guest, pays with the sandbox card through its bank challenge and sees the order
 * paid with its timeline. Screenshots go to var/e2e/.
 *
 * With the API's address as well, it also checks that a stock change made through the API (as the
 * demo admin) shows on the open product page within 2 s.
 *
 *   tsx scripts/e2e-storefront.ts http://127.0.0.1:3000 http://127.0.0.1:4000
 * (`.ci/run` runs it against the embedded platform.) Still to come with the rest of the storefront:
 * a second signed-in context seeing the cart change live, and axe-core.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const web = process.argv[2] ?? 'http://127.0.0.1:3000';
const apiBase = process.argv[3];
const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@tk.example', password: process.env.ADMIN_PASSWORD ?? 'demo-admin-password' };
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function step(what: string) {
  console.log(`  ✓ ${what}`);
}

async function main() {
  mkdirSync('var/e2e', { recursive: true });
  // The flags a closed network needs: no background connections, no component updates.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(web, { waitUntil: 'domcontentloaded' });
    const firstProduct = page.locator('ul.grid a[href^="/p/"]').first();
    const title = (await firstProduct.innerText()).trim();
    step(`the home page lists products ("${title}")`);

    await page.getByRole('searchbox').or(page.locator('#site-search')).first().fill(title.split(' ').slice(0, 2).join(' '));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('link', { name: title }).first().click();
    await page.waitForURL(/\/p\//);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    step('search finds it and its page opens');
    await page.screenshot({ path: 'var/e2e/product.png', fullPage: true });

    if (apiBase) {
      // Stock changed elsewhere (another channel, the warehouse) shows on the open page within 2 s.
      const cell = page.locator('td[data-stock]').filter({ hasText: 'in stock' }).first();
      const variantId = (await cell.getAttribute('data-stock'))!;
      const before = Number((await cell.innerText()).match(/\d+/)![0]);
      await page.waitForTimeout(500); // the page's event stream is open
      const login = (await (await fetch(`${apiBase}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) })).json()) as { tokens: { accessToken: string } };
      const res = await fetch(`${apiBase}/v1/admin/inventory/adjustments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.tokens.accessToken}` },
        body: JSON.stringify({ variantId, quantity: 5, reason: 'receive' }),
      });
      if (!res.ok) throw new Error(`stock adjustment failed: ${res.status}`);
      const changedAt = Date.now();
      await page.locator(`td[data-stock="${variantId}"]`).getByText(`${before + 5} in stock`).waitFor({ timeout: 2000 });
      step(`a stock change made through the API shows on the open page (${Date.now() - changedAt} ms)`);
    }

    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart$/);
    await page.getByRole('link', { name: title }).waitFor();
    step('adding two puts them in the cart');

    await page.getByRole('link', { name: 'Check out' }).click();
    await page.getByLabel('Email').fill('browser@example.com');
    await page.getByLabel('Full name').fill('Kumari Perera');
    await page.getByLabel('Address').fill('12 Galle Road');
    await page.getByLabel('City').fill('Colombo');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/checkout\/pay\?order=/);
    step('the checkout form places the order');

    await page.getByRole('button', { name: 'Pay, with a bank challenge' }).click();
    await page.waitForURL(/challenge=sbx_/);
    await page.screenshot({ path: 'var/e2e/challenge.png', fullPage: true });
    await page.getByRole('button', { name: 'Confirm the payment' }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByText('Status: Paid').waitFor();
    const timeline = await page.locator('.timeline').innerText();
    if (!/Awaiting payment[\s\S]*Paid/.test(timeline)) throw new Error(`the timeline does not show the payment: ${timeline}`);
    await page.screenshot({ path: 'var/e2e/order.png', fullPage: true });
    step('the bank challenge passes and the order page shows it paid, with its timeline');

    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    step('no script errors on any page');
  } finally {
    await browser.close();
  }
}

main().then(
  () => console.log('storefront browser test passed'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
