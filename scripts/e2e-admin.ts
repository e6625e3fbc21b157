/**
 * The admin dashboard in a real browser (Debian's Chromium via playwright-core). An operator signs
 * in, creates a product with two variants, prices and opening stock, uploads its picture, receives
 * more stock and publishes it; schedules a flash sale that starts now, and the storefront's product
 * page shows the sale price within seconds (the API's revalidation of the static page works). Then
 * a customer buys it, the operator ships the order with a tracking number, and the customer's
 * order page shows the shipment.
 *
 *   tsx scripts/e2e-admin.ts <admin> <web> <api>
 *   e.g. tsx scripts/e2e-admin.ts http://127.0.0.1:3001 http://127.0.0.1:3000 http://127.0.0.1:4000
 * (`.ci/run` runs it against the embedded platform.)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { createClient } from '@tk/sdk';

const [adminUrl = 'http://127.0.0.1:3001', web = 'http://127.0.0.1:3000', apiBase = 'http://127.0.0.1:4000'] = process.argv.slice(2);
const operator = { email: process.env.ADMIN_EMAIL ?? 'admin@tk.example', password: process.env.ADMIN_PASSWORD ?? 'demo-admin-password' };
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function step(what: string) {
  console.log(`  ✓ ${what}`);
}

async function main() {
  mkdirSync('var/e2e', { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors: string[] = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('dialog', (dialog) => void dialog.accept());

    await page.goto(`${adminUrl}/products/new`, { waitUntil: 'domcontentloaded' });
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'New product' }).waitFor();
    step('signing in as staff returns to the page asked for');

    // A product with two sizes, prices in rupees and opening stock; a wrong SKU first, to see the API's error by its field.
    const tag = randomUUID().slice(0, 6).toUpperCase();
    const title = `Batik Sarong ${tag}`;
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Brand').fill('T & K');
    await page.getByLabel('Description', { exact: true }).fill('Hand-drawn batik on soft cotton, made in Kandy.');
    await page.getByLabel('Status').selectOption('published');
    await page.getByLabel('SKU of variant 1').fill(`SAR-${tag}-M`);
    await page.getByLabel('Size of variant 1').fill('M');
    await page.getByLabel('LKR price of variant 1').fill('4,500.00');
    await page.getByLabel('Opening stock of variant 1').fill('10');
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.getByLabel('SKU of variant 2').fill(`SAR-${tag}-M`); // the same SKU twice
    await page.getByLabel('Size of variant 2').fill('L');
    await page.getByLabel('LKR price of variant 2').fill('4,800.00');
    await page.getByLabel('Opening stock of variant 2').fill('6');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText(`Variants: SKU 'SAR-${tag}-M' appears twice`).waitFor();
    step("a duplicate SKU is refused with the API's explanation next to the variants");
    await page.getByLabel('SKU of variant 2').fill(`SAR-${tag}-L`);
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    const productId = page.url().split('/').at(-1)!;
    step('the product is created with two variants, prices and stock');

    // Its picture: a real JPEG through the upload, which the media pipeline turns into WebP and AVIF.
    const photo = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: { r: 180, g: 90, b: 40 } } }).jpeg().toBuffer();
    await page.locator('#image-files').setInputFiles({ name: 'sarong.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.images img').first().waitFor({ timeout: 30_000 });
    step('an image is uploaded and shown');

    const firstRow = page.locator('table.variants tbody tr').first();
    await firstRow.getByLabel('Units').fill('3');
    await firstRow.getByRole('button', { name: 'Adjust' }).click();
    await page.getByText('Stock now 13 available.').waitFor();
    step('receiving 3 more units brings the first size to 13');
    await page.screenshot({ path: 'var/e2e/admin-product.png', fullPage: true });

    // The storefront has the product; then a flash sale that starts now takes 20 % off within seconds.
    const slug = (await page.locator('code').first().innerText()).replace('/p/', '');
    const storefront = await (await browser.newContext()).newPage();
    await storefront.goto(`${web}/p/${slug}`, { waitUntil: 'domcontentloaded' });
    await storefront.getByRole('heading', { level: 1, name: title }).waitFor();
    step('the storefront shows the new product');

    await page.getByRole('link', { name: 'Flash sales' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flash sales' }).waitFor(); // the section is open before its fields are used
    await page.getByLabel('Name', { exact: true }).fill(`Sarong hour ${tag}`);
    await page.getByLabel('Percent off').fill('20');
    await page.getByLabel('Find products').fill(tag);
    await page.getByRole('button', { name: 'Add all its variants' }).first().click();
    await page.getByRole('list', { name: 'On sale' }).getByText(`SAR-${tag}-L`).waitFor();
    await page.getByRole('button', { name: 'Schedule sale' }).click();
    await page.getByText(`Scheduled "Sarong hour ${tag}".`).waitFor();
    const scheduledAt = Date.now();
    step('a flash sale starting now is scheduled on both sizes');

    // 20 % off Rs 4,500 is Rs 3,600: the static page is revalidated by the API, not by waiting a minute.
    let shown = false;
    while (!shown && Date.now() - scheduledAt < 15_000) {
      await storefront.reload({ waitUntil: 'domcontentloaded' });
      shown = (await storefront.locator('main').innerText()).includes('3,600.00');
      if (!shown) await storefront.waitForTimeout(1000);
    }
    if (!shown) throw new Error('the storefront did not show the sale price within 15 s');
    step(`the storefront's product page shows the sale price ${((Date.now() - scheduledAt) / 1000).toFixed(1)} s after scheduling`);

    // A customer buys one (through the API, as the app would), and the operator ships it.
    const shopper = createClient({ baseUrl: apiBase });
    const product = await shopper.getProduct({ params: { slug } });
    const cart = await shopper.createCart({ body: { currency: 'LKR' } });
    await shopper.addCartLine({ params: { id: cart.id }, body: { variantId: product.variants[0]!.id, quantity: 1 } });
    const order = await shopper.checkout(
      { body: { cartId: cart.id, email: `buyer-${tag.toLowerCase()}@example.com`, shippingAddress: { fullName: 'Dilani Fernando', line1: '3 Lake Road', city: 'Kandy', country: 'LK' } } },
      { idempotencyKey: randomUUID() },
    );
    const payment = await shopper.startPayment({ params: { id: order.id }, body: { gateway: 'sandbox' } });
    if (payment.nextAction.type !== 'sandbox') throw new Error('expected the sandbox gateway');
    await shopper.sandboxConfirm({ params: { reference: payment.nextAction.reference }, body: { outcome: 'success' } });

    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor(); // the section is open before its fields are used
    await page.getByLabel('Number or email').fill(`buyer-${tag.toLowerCase()}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: order.number }).click();
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
    await page.getByText('Paid', { exact: true }).first().waitFor({ timeout: 10_000 });
    const tracking = `LK${tag}SL`;
    await page.getByLabel('Tracking number').fill(tracking);
    await page.getByRole('button', { name: 'Ship and tell the customer' }).click();
    await page.getByText(`tracking ${tracking}`).waitFor();
    await page.screenshot({ path: 'var/e2e/admin-order.png', fullPage: true });
    step(`the operator ships order ${order.number} with tracking number ${tracking}`);

    await storefront.goto(`${web}/orders/${order.id}`, { waitUntil: 'domcontentloaded' });
    await storefront.getByText(`tracking number ${tracking}`).waitFor();
    await storefront.getByText('Status: Shipped').waitFor();
    step("the customer's order page shows it shipped with the tracking number");

    // ----- the rest of the operations team's day -----
    // The dashboard follows orders live: another sale moves its order count without a reload.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor(); // the section is open before its fields are used
    await page.getByText('Live: updates as orders arrive').waitFor({ timeout: 15_000 });
    const ordersStat = page.locator('.stats div').filter({ has: page.getByText('Orders', { exact: true }) }).locator('dd');
    await page.waitForFunction(() => !document.querySelector('.stats')?.getAttribute('aria-busy')?.includes('true'));
    const before = Number(await ordersStat.innerText());
    if (!(before >= 1)) throw new Error(`the dashboard counts ${before} orders today; the sale above is missing`);
    await page.locator('.chart svg').waitFor();
    const again = await shopper.createCart({ body: { currency: 'LKR' } });
    await shopper.addCartLine({ params: { id: again.id }, body: { variantId: product.variants[1]!.id, quantity: 1 } });
    const second = await shopper.checkout(
      { body: { cartId: again.id, email: `buyer2-${tag.toLowerCase()}@example.com`, shippingAddress: { fullName: 'Dilani Fernando', line1: '3 Lake Road', city: 'Kandy', country: 'LK' } } },
      { idempotencyKey: randomUUID() },
    );
    const pay2 = await shopper.startPayment({ params: { id: second.id }, body: { gateway: 'sandbox' } });
    if (pay2.nextAction.type !== 'sandbox') throw new Error('expected the sandbox gateway');
    await shopper.sandboxConfirm({ params: { reference: pay2.nextAction.reference }, body: { outcome: 'success' } });
    await page.waitForFunction(
      (n) => Number([...document.querySelectorAll('.stats dt')].find((dt) => dt.textContent === 'Orders')?.nextElementSibling?.textContent) > n,
      before,
      { timeout: 15_000 },
    );
    await page.screenshot({ path: 'var/e2e/admin-dashboard.png', fullPage: true });
    step('the dashboard counts a new paid order by itself, over the live event stream');

    // Inventory: 4 more of the large size received, with its reason, seen in the ledger.
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inventory' }).waitFor(); // the section is open before its fields are used
    await page.getByLabel('Product or SKU').fill(`SAR-${tag}-L`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: `Adjust SAR-${tag}-L` }).click();
    await page.getByLabel('Units (+ to add, − to remove)').fill('4');
    await page.getByLabel('Note').fill('Delivery 118');
    await page.getByRole('button', { name: 'Save adjustment' }).click();
    await page.getByText('Saved: 9 available now.').waitFor();
    await page.getByRole('cell', { name: 'receive Delivery 118', exact: true }).waitFor();
    step('stock received in Inventory shows in its movements with the note');

    // Catalogue import: a CSV with two new products, checked, then written under a progress bar.
    await page.goto(`${adminUrl}/products/import-export`);
    const csvFile = [
      'handle,title,status,sku,variant_title,options,price_LKR,stock',
      `kandy-tea-${tag.toLowerCase()},Kandy tea ${tag},published,TEA-${tag},250 g,Weight=250 g,1450.00,40`,
      `clay-pot-${tag.toLowerCase()},Clay pot ${tag},draft,POT-${tag},,,3200.00,5`,
    ].join('\n');
    await page.getByLabel('Catalogue CSV').setInputFiles({ name: 'new-products.csv', mimeType: 'text/csv', buffer: Buffer.from(csvFile) });
    await page.getByText('2 products — 2 to create, 0 to update').waitFor();
    await page.getByRole('button', { name: 'Import 2 products' }).click();
    await page.getByText('Imported new-products.csv: 2 created, 0 updated.').waitFor();
    if ((await page.locator('#import-progress').getAttribute('value')) !== '2') throw new Error('the progress bar did not reach the end');
    step('a catalogue CSV is checked, then imported with a progress bar');

    // A discount code with every field the form offers.
    await page.getByRole('link', { name: 'Promotions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Promotions' }).waitFor(); // the section is open before its fields are used
    await page.getByRole('link', { name: 'New promotion' }).click();
    await page.getByRole('heading', { level: 1, name: 'New promotion' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`Avurudu ${tag}`);
    await page.getByLabel('Code', { exact: true }).fill(`AVURUDU${tag}`);
    await page.getByLabel('Percent off').fill('12.5');
    await page.getByRole('group', { name: /Least order subtotal/ }).getByLabel('LKR').fill('5,000.00');
    await page.getByLabel('Uses per customer (empty for no limit)').fill('1');
    await page.getByRole('button', { name: 'Create promotion' }).click();
    await page.getByRole('link', { name: `Avurudu ${tag}` }).waitFor();
    await page.getByText(`Code AVURUDU${tag}`).waitFor();
    step('a 12.5 % code with a minimum order and a per-customer limit is created');

    // A member of staff: added by the admin, signs in, and cannot reach staff or payment settings.
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor(); // the section is open before its fields are used
    const staffEmail = `nimal-${tag.toLowerCase()}@tk.example`;
    await page.getByLabel('Name').fill('Nimal Silva');
    await page.getByLabel('Email').fill(staffEmail);
    await page.getByLabel('Password').fill('staff password 123');
    await page.getByRole('button', { name: 'Add to the team' }).click();
    await page.getByText(`${staffEmail} can now sign in as staff.`).waitFor();
    const staffPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    staffPage.on('pageerror', (err) => errors.push(err.message));
    await staffPage.goto(`${adminUrl}/login`);
    await staffPage.getByLabel('Email').fill(staffEmail);
    await staffPage.getByLabel('Password').fill('staff password 123');
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    await staffPage.getByRole('link', { name: 'Inventory' }).waitFor();
    if (await staffPage.getByRole('link', { name: 'Staff' }).count()) throw new Error('staff see the staff section');
    await staffPage.goto(`${adminUrl}/settings`);
    await staffPage.getByText('Only admins see the payment settings.').waitFor();
    step('staff sign in and see neither staff accounts nor payment settings');

    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    step('no script errors');
  } finally {
    await browser.close();
  }
}

main().then(
  () => console.log('admin browser test passed'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
