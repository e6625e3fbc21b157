/**
 * A shopper's journey through the storefront's own HTML, without a browser and without
 * JavaScript: every step is a plain GET or a form post of what the page rendered (server actions
 * work from HTML forms), with the cookies the site sets. It proves the pages and their forms work
 * end to end against a running API: product page → add to cart → cart → checkout → sandbox
 * payment with a bank challenge → the order page showing it paid with its timeline.
 *
 *   tsx scripts/storefront-journey.ts http://127.0.0.1:3000 http://127.0.0.1:4000
 * (`.ci/run` runs it against the embedded platform.) A real-browser test (Playwright) is still to come.
 */
const [web = 'http://127.0.0.1:3000', apiBase = 'http://127.0.0.1:4000'] = process.argv.slice(2);
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

/** Submits the n-th form of a page, as a browser would, with extra fields (the button pressed, inputs typed). */
async function submit(page: { url: string; html: string }, formIndex: number, fields: Record<string, string>) {
  const forms = [...page.html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].filter((f) => !/role="search"/.test(f[1]!));
  const form = forms[formIndex];
  if (!form) throw new Error(`no form #${formIndex} on ${page.url}`);
  const data = new FormData();
  for (const input of form[2]!.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
    const value = /value="([^"]*)"/.exec(input[1]!)?.[1] ?? '';
    const type = /type="([^"]*)"/.exec(input[1]!)?.[1];
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
  if (!location) throw new Error(`posting form #${formIndex} on ${page.url} did not redirect (status ${res.status})`);
  return get(location);
}

function expect(condition: unknown, what: string) {
  if (!condition) throw new Error(`storefront journey: ${what}`);
  console.log(`  ✓ ${what}`);
}

async function main() {
  const list = (await (await fetch(`${apiBase}/v1/products?limit=24&inStock=true`)).json()) as { items: { slug: string; title: string }[] };
  const product = list.items[0]!;
  const page = await get(`/p/${product.slug}`);
  expect(page.html.includes(product.title), `the product page shows "${product.title}"`);
  const cart = await submit(page, 0, { quantity: '2' });
  expect(cart.url.endsWith('/cart') && cart.html.includes(product.title), 'adding it leads to the cart, which lists it');
  expect(cookies.has('tk_cart'), 'the cart id is kept in a cookie');
  const checkout = await get('/checkout');
  const pay = await submit(checkout, 0, { email: 'journey@example.com', fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo' });
  expect(/\/checkout\/pay\?order=/.test(pay.url), 'placing the order leads to the payment page');
  const orderId = new URL(pay.url).searchParams.get('order')!;
  const challenge = await submit(pay, 0, { outcome: 'challenge' });
  expect(/challenge=sbx_/.test(challenge.url), 'the bank challenge is shown');
  const done = await submit(challenge, 0, { result: 'pass' });
  expect(done.url.endsWith(`/orders/${orderId}`) && /Status: <strong>Paid<\/strong>/.test(done.html), 'after the challenge the order page says Paid');
  expect(/Awaiting payment[\s\S]*Paid/.test(done.html), 'its timeline shows the way from awaiting payment to paid');
  const empty = await get('/cart');
  expect(/Your cart is empty/.test(empty.html), 'the cart is empty afterwards');
}

main().then(
  () => console.log('storefront journey passed'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
