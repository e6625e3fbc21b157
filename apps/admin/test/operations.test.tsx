// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderAt, signedInSession } from './render';

let api: Awaited<ReturnType<typeof signedInSession>>['api'];
let pages: {
  InventoryPage: typeof import('../src/pages/inventory').InventoryPage;
  PromotionsPage: typeof import('../src/pages/promotions').PromotionsPage;
  PromotionEditorPage: typeof import('../src/pages/promotions').PromotionEditorPage;
  PricesPage: typeof import('../src/pages/prices').PricesPage;
  CsvProblems: typeof import('../src/pages/prices').CsvProblems;
  parseRate: typeof import('../src/pages/shipping').parseRate;
};

beforeAll(async () => {
  ({ api } = await signedInSession());
  pages = { ...(await import('../src/pages/inventory')), ...(await import('../src/pages/promotions')), ...(await import('../src/pages/prices')), ...(await import('../src/pages/shipping')) };
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function product(tag: string, stock: number, lkr = 100_000) {
  return api.createProduct({ body: { title: `Item ${tag}`, status: 'published', variants: [{ sku: `${tag}-1`, title: 'One', prices: [{ currency: 'LKR', amount: lkr }], initialStock: stock }] } });
}

describe('the inventory table', () => {
  it('lists stock, marks what is low, and adjusts with a reason, refusing a bad quantity before asking', async () => {
    const tag = `INV${Date.now()}`;
    await product(tag, 2);
    const user = userEvent.setup();
    renderAt(`/inventory?q=${tag}`, [{ path: '/inventory', element: <pages.InventoryPage /> }]);
    const row = (await screen.findByRole('link', { name: `Item ${tag}` })).closest('tr')!;
    const cells = within(row).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual([`Item ${tag}One · ${tag}-1`, 'main', '2', '0', '2 (low)', '5', `Adjust ${tag}-1`]);
    expect(cells[4]!.className).toBe('error');

    await user.click(within(row).getByRole('button', { name: `Adjust ${tag}-1` }));
    await user.type(screen.getByLabelText('Units (+ to add, − to remove)'), '0');
    await user.click(screen.getByRole('button', { name: 'Save adjustment' }));
    expect(screen.getByText(/a whole number of units, not zero/)).toBeTruthy();

    // Damage must remove stock: the API says so next to the quantity.
    await user.clear(screen.getByLabelText('Units (+ to add, − to remove)'));
    await user.type(screen.getByLabelText('Units (+ to add, − to remove)'), '3');
    await user.selectOptions(screen.getByLabelText('Reason'), 'damage');
    await user.click(screen.getByRole('button', { name: 'Save adjustment' }));
    expect(await screen.findByText('damage removes stock: use a negative quantity')).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Reason'), 'receive');
    await user.click(screen.getByRole('button', { name: 'Save adjustment' }));
    expect(await screen.findByText('Saved: 5 available now.')).toBeTruthy();
    await waitFor(() => expect(within(screen.getByRole('link', { name: `Item ${tag}` }).closest('tr')!).getAllByRole('cell')[4]!.textContent).toBe('5 (low)')); // at the alert level of 5
  });
});

describe('the promotion form', () => {
  it("shows the engine's rules as field errors, then saves a code the list shows", async () => {
    const tag = `P${Date.now()}`;
    const user = userEvent.setup();
    const { router } = renderAt('/promotions/new', [
      { path: '/promotions', element: <pages.PromotionsPage /> },
      { path: '/promotions/new', element: <pages.PromotionEditorPage /> },
    ]);
    await user.type(await screen.findByLabelText('Name'), `Ten off ${tag}`);
    await user.type(screen.getByLabelText('Code'), `TEN${tag}`);
    await user.selectOptions(screen.getByLabelText('Discount'), 'fixed');
    await user.type(screen.getByLabelText('LKR', { selector: '#f-amount-LKR' }), '1,000.00');
    await user.click(screen.getByRole('button', { name: 'Create promotion' }));
    // A fixed amount off the whole order needs a minimum order at least that large.
    const error = await screen.findByText(/larger than the order/);
    expect(error.closest('.field')?.querySelector('input')?.id).toBe('f-amount-LKR');

    await user.type(screen.getByLabelText('LKR', { selector: '#f-min-LKR' }), '5,000.00');
    await user.click(screen.getByRole('button', { name: 'Create promotion' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/promotions'));
    const row = (await screen.findByRole('link', { name: `Ten off ${tag}` })).closest('tr')!;
    expect(within(row).getByText(`Code TEN${tag}`)).toBeTruthy();
    expect(within(row).getByText(/1,000\.00 off/)).toBeTruthy();
    expect(within(row).getByText('Running')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(within(screen.getByRole('link', { name: `Ten off ${tag}` }).closest('tr')!).getByText('Paused')).toBeTruthy());
  });
});

describe('bulk prices', () => {
  it('previews every new price and changes nothing until applied, then records the run', async () => {
    const tag = `BULK${Date.now()}`;
    const created = await product(tag, 1, 200_000);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const user = userEvent.setup();
    renderAt('/prices', [{ path: '/prices', element: <pages.PricesPage /> }]);
    await user.selectOptions(await screen.findByLabelText('Products'), 'skus');
    await user.type(screen.getByLabelText('SKUs'), `${tag}-1`);
    await user.type(screen.getByLabelText('Percent'), '10');
    await user.type(screen.getByLabelText(/^Description/), `Test ${tag}`);
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByRole('table', { name: '1 price changes' });
    expect(within(preview).getAllByRole('row')[1]!.textContent).toContain('2,200.00');
    // Still the old price.
    expect((await api.getProductById({ params: { id: created.id }, query: { currency: 'LKR' } })).variants[0]!.price?.amount).toBe(200_000);
    await user.click(screen.getByRole('button', { name: 'Apply 1 changes' }));
    expect(await screen.findByText(/Applied: 1 prices changed/)).toBeTruthy();
    expect((await api.getProductById({ params: { id: created.id }, query: { currency: 'LKR' } })).variants[0]!.price?.amount).toBe(220_000);
    expect(await screen.findByText(`Test ${tag}`)).toBeTruthy();
  });

  it('lists CSV problems by line and column, in line order', () => {
    render(
      <pages.CsvProblems
        errors={[
          ['csv.12.price', 'line 12, price: not an amount'],
          ['csv.3.sku', 'line 3, sku: unknown SKU'],
        ]}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      ['3', 'sku', 'line 3, sku: unknown SKU'],
      ['12', 'price', 'line 12, price: not an amount'],
    ]);
    expect(screen.getByRole('alert').querySelector('caption')?.textContent).toBe('2 problems in the file; nothing was changed.');
  });

  it('reads tax rates as percentages', () => {
    expect([pages.parseRate('18'), pages.parseRate('2.5'), pages.parseRate('0'), pages.parseRate('100')]).toEqual([1800, 250, 0, 10_000]);
    expect([pages.parseRate('101'), pages.parseRate('-1'), pages.parseRate('1.234'), pages.parseRate('x')]).toEqual([null, null, null, null]);
  });
});
