/**
 * The storefront in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download). A shopper creates an account, browses from the home page, searches, opens a product,
 * adds it to the cart, checks out, pays with the sandbox card through its bank challenge, and finds
 * the order paid in their account with its timeline. A second browser context signed in as the
 * same customer sees a cart change made in the first without reloading. axe-core checks every page
 * on the way: no serious or critical accessibility violation. Screenshots go to var/e2e/.
 *
 * With the API's address as well, it also checks that a stock change made through the API (as the
 * demo admin) shows on the open product page within 2 s.
 *
 *   tsx scripts/e2e-storefront.ts http://127.0.0.1:3000 http://127.0.0.1:4000
 * (`.ci/run` runs it against the embedded platform.)
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Page } from 'playwright-core';

const web = process.argv[2] ?? 'http://127.0.0.1:3000';
const apiBase = process.argv[3];
const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@tk.example', password: process.env.ADMIN_PASSWORD ?? 'demo-admin-password' };
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function step(what: string) {
  console.log(`  ✓ ${what}`);
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const axeChecked: string[] = [];
/** axe-core on the page as it stands: any serious or critical violation fails the test. */
async function checkAccessibility(page: Page, name: string) {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  if (violations.length) throw new Error(`accessibility violations on the ${name} page:\n  ${violations.join('\n  ')}`);
  axeChecked.push(name);
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
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    // A new customer signs up first (the account then holds the cart and the order).
    const email = `browser-${Date.now()}@example.com`;
    const password = 'a long enough passphrase';
    await page.goto(`${web}/account/login`, { waitUntil: 'domcontentloaded' });
    await checkAccessibility(page, 'sign-in');
    await page.getByLabel('Name').fill('Kumari Perera');
    await page.locator('#register-email').fill(email);
    await page.getByLabel('Password (at least 10 characters)').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'Hello, Kumari Perera' }).waitFor();
    step('a new customer creates an account and lands in it');

    await page.goto(web, { waitUntil: 'domcontentloaded' });
    const firstProduct = page.locator('ul.grid a[href^="/p/"]').first();
    const title = (await firstProduct.innerText()).trim();
    await checkAccessibility(page, 'home');
    step(`the home page lists products ("${title}")`);

    const category = page.locator('nav[aria-label="Categories"] a').first();
    if (await category.count()) {
      await category.click();
      await page.waitForURL(/\/c\//);
      await page.locator('ul.grid').first().waitFor();
      await checkAccessibility(page, 'category');
      step('a category page lists its products with filters and sorting');
    }

    await page.locator('#site-search').fill(title.split(' ').slice(0, 2).join(' '));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await checkAccessibility(page, 'search');
    await page.getByRole('link', { name: title }).first().click();
    await page.waitForURL(/\/p\//);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await checkAccessibility(page, 'product');
    step('search finds it and its page opens');
    await page.screenshot({ path: 'var/e2e/product.png', fullPage: true });

    // The narrowest phones: nothing wider than the screen. Then the keyboard alone reaches the buy button.
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) throw new Error(`the product page is ${overflow} px wider than a 320 px screen`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Add to cart');
    }
    if (!reached) throw new Error('the Add to cart button cannot be reached with the keyboard');
    step('the product page fits a 320 px screen and its buy button is reachable by keyboard');

    if (apiBase) {
      // Stock changed elsewhere (another channel, the warehouse) shows on the open page within 2 s.
      await page.locator('table[data-live="open"]').waitFor({ timeout: 30_000 }); // its event stream is open and its stock caught up
      const cell = page.locator('td[data-stock]').filter({ hasText: 'in stock' }).first();
      const variantId = (await cell.getAttribute('data-stock'))!;
      const before = Number((await cell.innerText()).match(/\d+/)![0]);
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
    await checkAccessibility(page, 'cart');
    step('adding two puts them in the cart');

    // The same customer on another device: signs in, opens the cart, and sees a change made on
    // the first device arrive without reloading.
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const second = await other.newPage();
    second.on('pageerror', (err) => errors.push(err.message));
    await second.goto(`${web}/account/login?next=/cart`, { waitUntil: 'domcontentloaded' });
    await second.locator('#login-email').fill(email);
    await second.locator('#login-password').fill(password);
    await second.getByRole('button', { name: 'Sign in' }).click();
    await second.waitForURL(/\/cart$/);
    await second.getByRole('link', { name: title }).waitFor();
    await second.locator('[data-live="open"]').waitFor({ state: 'attached', timeout: 30_000 }); // its event stream is open
    // A mark on the page's window survives an in-place update but not a reload.
    await second.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const quantityInput = page.locator('input[name="quantity"]').first();
    await quantityInput.fill('3');
    await page.getByRole('button', { name: 'Update' }).first().click();
    await page.waitForURL(/\/cart$/);
    const changedAt = Date.now();
    await second.locator('input[name="quantity"][value="3"]').first().waitFor({ timeout: 5000 });
    if (!(await second.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded))) throw new Error('the second device reloaded the page instead of updating it');
    step(`the same customer's other browser sees the cart change without a reload (${Date.now() - changedAt} ms)`);
    await other.close();

    await page.getByRole('link', { name: 'Check out' }).click();
    await page.waitForURL(/\/checkout$/);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    await checkAccessibility(page, 'checkout');
    await page.getByLabel('Full name').fill('Kumari Perera');
    await page.getByLabel('Address', { exact: true }).fill('12 Galle Road');
    await page.getByLabel('City').fill('Colombo');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/checkout\/pay\?order=/);
    await checkAccessibility(page, 'payment');
    step('the checkout takes the delivery country, shipping and address, and places the order');

    await page.getByRole('button', { name: 'Pay, with a bank challenge' }).click();
    await page.waitForURL(/challenge=sbx_/);
    await page.screenshot({ path: 'var/e2e/challenge.png', fullPage: true });
    await page.getByRole('button', { name: 'Confirm the payment' }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByText('Status: Paid').waitFor();
    const orderUrl = page.url();
    step('the bank challenge passes and the order page shows it paid');

    await page.goto(`${web}/account`, { waitUntil: 'domcontentloaded' });
    await checkAccessibility(page, 'account');
    await page.locator(`a[href="${new URL(orderUrl).pathname}"]`).click();
    await page.waitForURL(/\/orders\//);
    const timeline = await page.locator('.timeline').innerText();
    if (!/Awaiting payment[\s\S]*Paid/.test(timeline)) throw new Error(`the timeline does not show the payment: ${timeline}`);
    await checkAccessibility(page, 'order');
    await page.screenshot({ path: 'var/e2e/order.png', fullPage: true });
    step('the account lists the order, and its page shows the timeline from awaiting payment to paid');

    step(`axe-core: no serious or critical violation on ${axeChecked.join(', ')}`);
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
