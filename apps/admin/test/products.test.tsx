// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderAt, signedInSession } from './render';

let api: Awaited<ReturnType<typeof signedInSession>>['api'];
let ProductsPage: typeof import('../src/pages/products-list').ProductsPage;
let ProductEditorPage: typeof import('../src/pages/product-editor').ProductEditorPage;

beforeAll(async () => {
  ({ api } = await signedInSession());
  ({ ProductsPage } = await import('../src/pages/products-list'));
  ({ ProductEditorPage } = await import('../src/pages/product-editor'));
});
afterEach(cleanup);

const routes = () => [
  { path: '/products', element: <ProductsPage /> },
  { path: '/products/new', element: <ProductEditorPage /> },
  { path: '/products/:id', element: <ProductEditorPage /> },
];

describe('the products table', () => {
  it('shows the API\'s products, searches and filters through the URL, and pages', async () => {
    const tag = `CMP${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      await api.createProduct({ body: { title: `Lamp ${tag} ${i}`, status: i === 0 ? 'published' : 'draft', variants: [{ sku: `${tag}-${i}`, title: 'One', initialStock: i }] } });
    }
    const user = userEvent.setup();
    const { router } = renderAt('/products', routes());
    await user.type(await screen.findByLabelText('Search'), tag);
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(4)); // header + 3
    expect(router.state.location.search).toBe(`?q=${tag}`);
    const first = screen.getAllByRole('row')[1]!;
    expect(within(first).getByRole('link').textContent).toBe(`Lamp ${tag} 2`);
    expect(within(first).getByText('draft')).toBeTruthy();
    // Nothing in stock is marked.
    const empty = screen.getByRole('link', { name: `Lamp ${tag} 0` }).closest('tr')!;
    expect(within(empty).getAllByRole('cell')[4]!.className).toBe('error');

    await user.selectOptions(screen.getByLabelText('Status'), 'published');
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(new URLSearchParams(router.state.location.search).get('status')).toBe('published');
    expect(screen.getByText('1 in all')).toBeTruthy();
  });

  it('pages through more products than fit on one page', async () => {
    const user = userEvent.setup();
    renderAt('/products', routes());
    const pager = await screen.findByRole('navigation', { name: 'Pages' });
    expect(within(pager).getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', true);
    expect(pager.textContent).toMatch(/1–25 of \d+/);
    await user.click(within(pager).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByRole('navigation', { name: 'Pages' }).textContent).toMatch(/26–50 of/));
  });
});

describe('the new-product form', () => {
  it('shows a bad price next to its field before asking the API, and the API\'s errors next to theirs', async () => {
    const tag = `FRM${Date.now()}`;
    await api.createProduct({ body: { title: `Taken ${tag}`, variants: [{ sku: `${tag}-TAKEN`, title: 'One' }] } });
    const user = userEvent.setup();
    const { router } = renderAt('/products/new', routes());
    await user.type(await screen.findByLabelText('Title'), `Mug ${tag}`);
    await user.type(screen.getByLabelText('SKU of variant 1'), `${tag}-A`);
    await user.type(screen.getByLabelText('LKR price of variant 1'), '12.345');
    await user.click(screen.getByRole('button', { name: 'Create product' }));
    expect((await screen.findByText('an amount such as 4,500.00')).previousElementSibling).toBe(screen.getByLabelText('LKR price of variant 1'));
    expect(screen.getByLabelText('LKR price of variant 1').getAttribute('aria-invalid')).toBe('true');

    // Fixed price; a second variant with a SKU that is already taken: the API refuses, naming it.
    await user.clear(screen.getByLabelText('LKR price of variant 1'));
    await user.type(screen.getByLabelText('LKR price of variant 1'), '1,250.50');
    await user.click(screen.getByRole('button', { name: 'Add variant' }));
    await user.type(screen.getByLabelText('SKU of variant 2'), `${tag}-TAKEN`);
    await user.click(screen.getByRole('button', { name: 'Create product' }));
    await waitFor(() => expect(screen.getByLabelText('SKU of variant 2').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('already in use')).toBeTruthy();
    expect(screen.getByText('Please correct the field marked below.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/products/new');

    await user.clear(screen.getByLabelText('SKU of variant 2'));
    await user.type(screen.getByLabelText('SKU of variant 2'), `${tag}-B`);
    await user.click(screen.getByRole('button', { name: 'Create product' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/products\/[0-9a-f-]{36}$/));
    const created = await api.listAdminProducts({ query: { q: tag, status: 'draft' } });
    const mug = created.items.find((p) => p.title === `Mug ${tag}`);
    expect([mug?.variantCount, mug?.status]).toEqual([2, 'draft']);
    const detail = await api.getProductById({ params: { id: mug!.id }, query: { currency: 'LKR' } });
    expect(detail.variants.find((v) => v.sku === `${tag}-A`)?.price).toEqual({ amount: 125050, currency: 'LKR' });
  });
});

describe('the product editor', () => {
  it('edits every currency\'s price, corrects a variant and adds one, with the API\'s errors at their fields', async () => {
    const tag = `EDT${Date.now()}`;
    const product = await api.createProduct({
      body: { title: `Sarong ${tag}`, variants: [{ sku: `${tag}-M`, title: 'M', options: { Size: 'M' }, prices: [{ currency: 'LKR', amount: 450_000 }], initialStock: 2 }] },
    });
    const variantId = product.variants[0]!.id;
    const user = userEvent.setup();
    renderAt(`/products/${product.id}`, routes());
    const prices = await screen.findByRole('form', { name: `Prices of ${tag}-M` });
    expect((within(prices).getByLabelText('LKR') as HTMLInputElement).value).toBe('4500.00');
    await user.type(within(prices).getByLabelText('EUR'), '14.9');
    await user.click(within(prices).getByRole('button', { name: 'Save prices' }));
    expect(await screen.findByText('Prices saved.')).toBeTruthy();
    const saved = await api.listProductVariants({ params: { id: product.id } });
    expect(saved.items[0]!.prices.map((p) => [p.currency, p.amount])).toEqual([
      ['EUR', 1_490],
      ['LKR', 450_000],
    ]);

    // Renaming the size; then adding L with a SKU already taken, which the API marks.
    const details = screen.getByRole('form', { name: `Details of ${tag}-M` });
    await user.clear(within(details).getByLabelText('Size'));
    await user.type(within(details).getByLabelText('Size'), 'Medium');
    await user.click(within(details).getByRole('button', { name: 'Save details' }));
    await waitFor(async () => expect((await api.listProductVariants({ params: { id: product.id } })).items[0]!.options).toEqual({ Size: 'Medium' }));

    await user.click(screen.getByText('Add a variant'));
    await user.type(screen.getByLabelText('SKU', { selector: '#f-new-sku' }), `${tag}-M`);
    await user.type(screen.getByLabelText('Size', { selector: '#f-new-option-Size' }), 'L');
    await user.type(screen.getByLabelText('Price LKR'), '4,800.00');
    await user.click(screen.getByRole('button', { name: 'Add variant' }));
    expect(await screen.findByText('already in use')).toBeTruthy();
    expect(screen.getByLabelText('SKU', { selector: '#f-new-sku' }).getAttribute('aria-invalid')).toBe('true');
    await user.clear(screen.getByLabelText('SKU', { selector: '#f-new-sku' }));
    await user.type(screen.getByLabelText('SKU', { selector: '#f-new-sku' }), `${tag}-L`);
    await user.type(screen.getByLabelText('Opening stock'), '{Backspace}7');
    await user.click(screen.getByRole('button', { name: 'Add variant' }));
    expect(await screen.findByRole('form', { name: `Prices of ${tag}-L` })).toBeTruthy();
    const after = await api.listProductVariants({ params: { id: product.id } });
    expect(after.items.map((v) => [v.sku, v.title, v.options, v.available])).toEqual([
      [`${tag}-M`, 'M', { Size: 'Medium' }, 2],
      [`${tag}-L`, 'L', { Size: 'L' }, 7],
    ]);
    expect(variantId).toBe(after.items[0]!.id);
  });
});

