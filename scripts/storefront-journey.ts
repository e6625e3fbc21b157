/**
 * A shopper's journey through the storefront's own HTML, without a browser and without
 * JavaScript: every step is a plain GET or a form post of what the page rendered (server actions
 * work from HTML forms), with the cookies the site sets. It proves the pages and their forms work
 * end to end against a running API: product page → add to cart → cart → checkout (delivery
 * country, then address) → sandbox payment with a bank challenge → the order page showing it paid
 * with its timeline; then the same as a customer who creates an account on the way, whose guest
 * cart follows them in and whose account lists the order.
 *
 *   tsx scripts/storefront-journey.ts http://127.0.0.1:3000 http://127.0.0.1:4000
 * (`.ci/run` runs it against the embedded platform; scripts/e2e-storefront.ts is the browser test.)
 */
const [web = 'http://127.0.0.1:3000', apiBase = 'http://127.0.0.1:4000'] = process.argv.slice(2);
const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@tk.example', password: process.env.ADMIN_PASSWORD ?? 'demo-admin-password' };
const cookies = new Map<string, string>();

function remember(res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = pair!.split('=');
    if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name!.trim());
    else cookies.set(name!.trim(), value!);
  }
}
const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function get(path: string): Promise<{ url: string; html: string }> {
  let url = new URL(path, web).toString();
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(url, { headers: { cookie: cookieHeader() }, redirect: 'manual' });
    remember(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      continue;
    }
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    return { url, html: await res.text() };
  }
  throw new Error(`too many redirects from ${path}`);
}

/**
 * Submits a form of a page as a browser would: the first form whose markup contains `which` (a
 * button's label, say), with extra fields (the button pressed, inputs typed).
 */
async function submit(page: { url: string; html: string }, which: string, fields: Record<string, string>) {
  const forms = [...page.html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].filter((f) => !/role="search"/.test(f[1]!));
  const form = forms.find((f) => f[2]!.includes(which));
  if (!form) throw new Error(`no form with "${which}" on ${page.url}`);
  const formIndex = which;
  const data = new FormData();
  for (const input of form[2]!.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
    const value = /value="([^"]*)"/.exec(input[1]!)?.[1] ?? '';
    const type = /type="([^"]*)"/.exec(input[1]!)?.[1];
    // Radio buttons and checkboxes count only when checked, as in a browser.
    if ((type === 'radio' || type === 'checkbox') && !/\schecked=""/.test(input[1]!)) continue;
    if (name && (type === 'hidden' || !(name in fields))) data.set(name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
  }
  for (const select of form[2]!.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const first = /<option[^>]*value="([^"]*)"/.exec(select[2]!)?.[1];
    if (first !== undefined && !(select[1]! in fields)) data.set(select[1]!, first);
  }
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  const res = await fetch(page.url, { method: 'POST', body: data, headers: { cookie: cookieHeader(), accept: 'text/html' }, redirect: 'manual' });
  remember(res);
  const location = res.headers.get('location') ?? res.headers.get('x-action-redirect')?.split(';')[0];
  if (!location) throw new Error(`posting the form with "${formIndex}" on ${page.url} did not redirect (status ${res.status})`);
  return get(location);
}

function expect(condition: unknown, what: string) {
  if (!condition) throw new Error(`storefront journey: ${what}`);
  console.log(`  ✓ ${what}`);
}

/** The checkout's two steps: where it goes (which decides shipping), then the order. */
async function checkout(fields: Record<string, string>) {
  const step1 = await get('/checkout');
  const step2 = await submit(step1, 'Deliver to', { country: 'LK' });
  expect(/Total/.test(step2.html) && /Place order/.test(step2.html), 'choosing the delivery country shows shipping, tax and the total');
  return submit(step2, 'Place order', fields);
}

async function pay(page: { url: string; html: string }) {
  expect(/\/checkout\/pay\?order=/.test(page.url), 'placing the order leads to the payment page');
  const orderId = new URL(page.url).searchParams.get('order')!;
  const challenge = await submit(page, 'Pay, with a bank challenge', { outcome: 'challenge' });
  expect(/challenge=sbx_/.test(challenge.url), 'the bank challenge is shown');
  const done = await submit(challenge, 'Confirm the payment', { result: 'pass' });
  expect(done.url.endsWith(`/orders/${orderId}`) && /Status: <strong>Paid<\/strong>/.test(done.html), 'after the challenge the order page says Paid');
  expect(/Awaiting payment[\s\S]*Paid/.test(done.html), 'its timeline shows the way from awaiting payment to paid');
  return { orderId, html: done.html };
}

async function main() {
  const list = (await (await fetch(`${apiBase}/v1/products?limit=24&inStock=true`)).json()) as { items: { slug: string; title: string }[] };
  const product = list.items[0]!;
  const page = await get(`/p/${product.slug}`);
  expect(page.html.includes(product.title), `the product page shows "${product.title}"`);
  const cart = await submit(page, 'Add to cart', { quantity: '2' });
  expect(cart.url.endsWith('/cart') && cart.html.includes(product.title), 'adding it leads to the cart, which lists it');
  expect(cookies.has('tk_cart'), 'the cart id is kept in a cookie');
  const guestPaid = await pay(await checkout({ email: 'journey@example.com', fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo' }));
  const empty = await get('/cart');
  expect(/Your cart is empty/.test(empty.html), 'the cart is empty afterwards');
  const guestOrder = /<h1>Order (?:<!-- -->)?([^<]+)<\/h1>/.exec(guestPaid.html)?.[1] ?? '';
  const found = await submit(await get('/orders/lookup'), 'Find order', { number: guestOrder, email: 'journey@example.com' });
  expect(/\/orders\/[0-9a-f-]{36}$/.test(found.url) && found.html.includes(guestOrder), `a guest finds order ${guestOrder} by its number and email`);

  // Prices in dollars: the switcher's cookie picks the USD page at the same address.
  const usd = await submit(await get(`/p/${product.slug}`), 'Change currency', { currency: 'USD' });
  expect(usd.url.endsWith('/') && cookies.get('tk_currency') === 'USD', 'the currency switcher remembers dollars');
  expect(/US\$|USD/.test((await get(`/p/${product.slug}`)).html), 'the product page then shows prices in dollars');
  cookies.delete('tk_currency');

  // A guest fills a cart, creates an account on the way to checkout, and the cart comes along.
  const second = list.items[1] ?? product;
  await submit(await get(`/p/${second.slug}`), 'Add to cart', { quantity: '1' });
  const email = `journey-${Date.now()}@example.com`;
  const signedIn = await submit(await get('/account/login?next=/cart'), 'Create account', { name: 'Nimal Silva', email, password: 'a long enough passphrase' });
  expect(signedIn.url.endsWith('/cart') && signedIn.html.includes(second.title), 'after creating an account the guest cart is the account cart');
  expect(cookies.has('tk_rt') && cookies.has('tk_at') && !cookies.has('tk_cart'), 'the session lives in httpOnly cookies and the guest cart cookie is gone');
  const placed = await checkout({ fullName: 'Nimal Silva', line1: '5 Temple Road', city: 'Kandy' });
  const { orderId } = await pay(placed);
  const account = await get('/account');
  expect(account.html.includes(`/orders/${orderId}`), 'the account lists the order');
  cookies.delete('tk_at'); // the access token ran out: the next page refreshes the session silently
  const again = await get('/account');
  expect(again.html.includes(`/orders/${orderId}`) && cookies.has('tk_at'), 'an expired access token is refreshed silently from the refresh cookie');

  // The rest of the account: an address, the wishlist, a review, and a code that does not exist.
  const addresses = await submit(await get('/account/addresses'), 'Save address', { fullName: 'Nimal Silva', line1: '5 Temple Road', city: 'Kandy', country: 'LK', label: 'Home' });
  expect(addresses.html.includes('5 Temple Road'), 'a saved address is listed');
  const productPage = await get(`/p/${second.slug}`);
  const wishlist = await submit(productPage, 'Save to wishlist', {});
  expect(wishlist.url.includes(`/p/${second.slug}`) && (await get('/wishlist')).html.includes(second.title), 'saving to the wishlist lists the product there');
  const reviewed = await submit(productPage, 'Send review', { rating: '4', title: 'Lovely', body: 'Fits well and the colour is as shown.' });
  expect(reviewed.url.includes('/account/reviews') && reviewed.html.includes('Lovely') && reviewed.html.includes('Waiting for our team'), 'a review is sent and waits for moderation');
  await submit(await get(`/p/${second.slug}`), 'Add to cart', { quantity: '1' });
  const badCode = await submit(await get('/cart'), 'Discount code', { code: 'NO-SUCH-CODE' });
  expect(/role="alert"[^>]*>code: There is no promotion with the code NO-SUCH-CODE/.test(badCode.html), "an unknown discount code is refused with the API's reason");

  // A real code, made by the operations team: the cart shows what it takes off and the checkout's
  // total (the one the API must confirm before charging) includes it.
  const adminLogin = (await (await fetch(`${apiBase}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) })).json()) as { tokens: { accessToken: string } };
  const code = `JOURNEY${Date.now() % 100000}`;
  const created = await fetch(`${apiBase}/v1/admin/promotions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminLogin.tokens.accessToken}` },
    body: JSON.stringify({ name: 'Journey ten off', code, kind: 'percentage', percentOff: 10, startsAt: new Date(Date.now() - 60_000).toISOString() }),
  });
  if (!created.ok) throw new Error(`creating the promotion failed: ${created.status} ${await created.text()}`);
  const discounted = await submit(await get('/cart'), 'Discount code', { code });
  expect(discounted.html.includes(`(${code})`) && /−/.test(discounted.html), `the code ${code} applies in the cart and shows what it takes off`);
  const withCode = await checkout({ fullName: 'Nimal Silva', line1: '5 Temple Road', city: 'Kandy', addressId: '' });
  await pay(withCode);

  const out = await submit(again, 'Sign out', {});
  expect(!cookies.has('tk_rt') && out.url.endsWith('/'), 'signing out ends the session');
}

main().then(
  () => console.log('storefront journey passed'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
