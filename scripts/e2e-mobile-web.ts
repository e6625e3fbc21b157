/**
 * The mobile app's main journey in a real browser: the app's web export (`expo export --platform
 * web`, the same screens and code as on iOS and Android) served from a local static server and
 * driven in Debian's Chromium with playwright-core at a phone's size. Browse → product → add to
 * cart → checkout → sandbox payment with a bank check → paid; then a customer's cart changed
 * through the API appears in the open cart screen without a refresh. Screenshots of the key screens
 * go to docs/mobile/.
 *
 *   tsx scripts/e2e-mobile-web.ts <api>            (serves apps/mobile/dist on port 4103)
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createClient } from '@tk/sdk';

const [apiBase = 'http://127.0.0.1:4000'] = process.argv.slice(2);
const port = Number(process.env.MOBILE_WEB_PORT ?? 4103);
const dist = path.resolve('apps/mobile/dist');
const shots = path.resolve('docs/mobile');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function step(what: string) {
  console.log(`  ✓ ${what}`);
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.ttf': 'font/ttf' };

/** The export is a single-page app: unknown paths get index.html, as any static host is set up. */
function serve() {
  const server = createServer((req, res) => {
    const wanted = path.join(dist, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = wanted.startsWith(dist) && existsSync(wanted) && statSync(wanted).isFile() ? wanted : path.join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise<typeof server>((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function main() {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('apps/mobile/dist is missing: run `npm run export:web -w @tk/mobile` first');
  mkdirSync(shots, { recursive: true });
  const server = await serve();
  const appUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors: string[] = [];
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  try {

    // Home: the catalogue from the API.
    await page.goto(appUrl, { waitUntil: 'domcontentloaded' });
    await page.getByText('New in').waitFor({ timeout: 60_000 });
    const first = page.getByRole('link').filter({ hasText: /LKR|Rs/ }).first();
    await first.waitFor();
    await shot(page, '1-home');
    step('home lists new products with prices in rupees');

    // A product in stock, through search.
    const shop = createClient({ baseUrl: apiBase });
    const inStock = (await shop.listProducts({ query: { inStock: 'true', sort: 'newest', limit: 5 } })).items[0]!;
    await page.getByRole('tab', { name: /Search/ }).click();
    await page.getByLabel('Search products').fill(inStock.title);
    await page.getByLabel('Search products').press('Enter');
    await page.getByRole('link', { name: new RegExp(inStock.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
    await page.getByRole('heading', { name: inStock.title }).last().waitFor(); // the screen's header and its own title
    await page.getByTestId('add-to-cart').waitFor();
    await shot(page, '2-product');
    step(`search finds "${inStock.title}" and its screen opens with the variant picker and stock`);

    await page.getByTestId('add-to-cart').click();
    await page.getByText(/Added 1 to your cart/).waitFor();
    await page.getByRole('link', { name: 'View cart' }).click();
    await page.getByTestId('cart-total').waitFor();
    await shot(page, '3-cart');
    step('added to the cart, which shows the line and the total');

    // Checkout as a guest, delivered in Sri Lanka.
    await page.getByTestId('checkout').click();
    await page.getByLabel('Email').fill(`app-${randomUUID().slice(0, 8)}@example.com`);
    await page.getByLabel('Full name').fill('Nadeesha Perera');
    await page.getByLabel('Address', { exact: true }).fill('14 Temple Road');
    await page.getByLabel('City').fill('Kandy');
    await page.getByLabel('Phone').fill('0771234567');
    await page.getByTestId('shipping-option').first().waitFor(); // delivery options for LK
    await shot(page, '4-checkout');
    await page.getByTestId('place-order').click();
    await page.getByTestId('pay-sandbox').waitFor();
    step('checkout takes the address, offers delivery for the country and places the order');

    await page.getByTestId('pay-sandbox').click();
    await page.getByTestId('sandbox-challenge').click();
    await page.getByTestId('challenge-pass').waitFor();
    await shot(page, '5-bank-check');
    await page.getByTestId('challenge-pass').click();
    await page.getByText('Paid. Thank you!').waitFor({ timeout: 15_000 });
    await shot(page, '6-paid');
    step('the sandbox payment passes its bank check and the screen says paid once the API does');

    // A customer signed in on the app; their cart changed elsewhere (the API, as the website would).
    const email = `app-customer-${randomUUID().slice(0, 8)}@example.com`;
    const password = 'correct horse battery';
    await shop.register({ body: { email, password, name: 'Kasun Silva' } });
    await page.goto(`${appUrl}/login`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByTestId('sign-in').click();
    await page.getByText('Hello, Kasun Silva').waitFor();
    await page.getByRole('tab', { name: /Cart/ }).click();
    await page.getByText('Your cart is empty.').waitFor();
    const web = createClient({ baseUrl: apiBase, getAccessToken: async () => (await shop.login({ body: { email, password } })).tokens.accessToken });
    const cart = await web.getMyCart();
    const variant = (await shop.getProduct({ params: { slug: inStock.slug } })).variants.find((v) => v.inStock)!;
    await web.addCartLine({ params: { id: cart.id }, body: { variantId: variant.id, quantity: 2 } });
    await page.getByTestId('line-quantity').filter({ hasText: '2' }).waitFor({ timeout: 10_000 });
    await shot(page, '7-cart-synced');
    step('a line added to the customer\'s cart elsewhere appears in the open cart screen, no refresh');

    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    step('no script errors');
  } catch (err) {
    mkdirSync('var/e2e', { recursive: true });
    await page.screenshot({ path: 'var/e2e/mobile-failure.png' }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close();
    server.close();
  }
}

main().then(
  () => console.log('mobile web-export browser test passed'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
