import { act, fireEvent, screen, waitFor } from 'expo-router/testing-library';
import { renderApp } from './render';
import { session } from '../src/lib/session';
import { adminClient, client, newCustomer, product } from './api';
import { goOffline, goOnline } from './network';

const AsyncStorage = require('@react-native-async-storage/async-storage');

beforeEach(async () => {
  goOnline();
  await session.signOut();
  await AsyncStorage.clear();
});

describe('catalogue offline', () => {
  it('shows the pages seen before from the device, with a banner, when there is no connection', async () => {
    const first = renderApp('/');
    await screen.findAllByText(/LKR\s?[\d,]+\.\d{2}/);
    const titles = screen.getAllByRole('link').map((l) => l.props.accessibilityLabel).filter(Boolean);
    first.unmount();

    goOffline();
    renderApp('/');
    expect(await screen.findByTestId('offline-banner')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('link').map((l) => l.props.accessibilityLabel).filter(Boolean)).toEqual(titles));
  });

  it('says so, rather than showing a blank page, for a page never seen', async () => {
    goOffline();
    renderApp('/c/never-opened-category');
    expect(await screen.findByText(/could not be reached/)).toBeTruthy();
  });
});

describe('the product screen', () => {
  it('picks a variant, shows stock changing live, and adds to the cart', async () => {
    const item = await product(8);
    renderApp(`/p/${item.slug}`);
    expect(await screen.findByTestId('add-to-cart')).toBeTruthy();
    expect(screen.getByTestId('price').props.children[0]).toMatch(/2,500\.00/);
    expect(screen.getByTestId('stock').props.children).toBe('In stock');

    // Six sold elsewhere: the screen follows the stock without a reload.
    await item.admin.adjustStock({ body: { variantId: item.variantId, quantity: -6, reason: 'correction' } });
    await waitFor(() => expect(screen.getByTestId('stock').props.children).toBe('Only 2 left'));

    fireEvent.press(screen.getByTestId('add-to-cart'));
    expect(await screen.findByText(/Added 1 to your cart/)).toBeTruthy();
  });

  it('opens from a storefront link (deep link), currency prefix and all', async () => {
    const item = await product(2);
    const { redirectSystemPath } = require('../src/app/+native-intent');
    const target = redirectSystemPath({ path: `https://shop.tkcommerce.lk/lkr/p/${item.slug}?utm_source=share`, initial: true });
    expect(target).toBe(`/p/${item.slug}`);
    renderApp(target);
    expect(await screen.findAllByText(item.title)).not.toHaveLength(0);
  });
});

describe('checkout and payment on the app', () => {
  it("places a signed-in customer's order with the sandbox and a bank check, then shows it paid with its timeline", async () => {
    const customer = await newCustomer();
    await customer.api.createAddress({ body: { label: 'Home', fullName: 'Sithara Fernando', line1: '7 Lake Drive', city: 'Colombo', country: 'LK', phone: '0712345678', isDefaultShipping: true } });
    const item = await product(5);
    const cart = await customer.api.getMyCart();
    await customer.api.addCartLine({ params: { id: cart.id }, body: { variantId: item.variantId, quantity: 1 } });
    await session.signIn(customer.email, customer.password);

    const router = renderApp('/checkout');
    // The saved address fills the form; delivery for Sri Lanka is chosen, the total includes it.
    await waitFor(() => expect(screen.getByDisplayValue('7 Lake Drive')).toBeTruthy());
    await waitFor(() => expect(screen.getAllByTestId('shipping-option').length).toBeGreaterThan(0));
    await waitFor(() => expect(screen.getByTestId('checkout-total').props.children.join('')).not.toMatch(/2,500\.00$/));
    fireEvent.press(screen.getByTestId('place-order'));
    await waitFor(() => expect(screen.queryByTestId('place-order') === null || screen.queryByTestId('checkout-error') !== null).toBe(true));
    expect(screen.queryByTestId('checkout-error')?.props.children).toBeUndefined();

    fireEvent.press(await screen.findByTestId('pay-sandbox'));
    fireEvent.press(await screen.findByTestId('sandbox-challenge'));
    fireEvent.press(await screen.findByTestId('challenge-pass'));
    expect(await screen.findByText('Paid. Thank you!')).toBeTruthy();
    const orderId = router.getPathname().split('/').pop()!;

    const order = await customer.api.getOrder({ params: { id: orderId } });
    expect([order.status, order.shippingAddress.line1]).toEqual(['paid', '7 Lake Drive']);
    // The website's cart is empty now too: the same cart.
    expect((await customer.api.getMyCart()).lines).toEqual([]);

    fireEvent.press(screen.getByText('See the order'));
    expect(await screen.findByTestId('timeline')).toBeTruthy();
    expect(screen.getAllByText('Paid').length).toBeGreaterThan(0);

    // Shipped by the shop: the open order screen shows it without a reload.
    await (await adminClient()).shipOrder({ params: { id: orderId }, body: { carrier: 'Pronto', trackingNumber: 'PR123456LK' } });
    // The shipment reaches the open screen through the API's outbox and event stream; on a busy machine that takes a while in fake-clock polls.
    expect(await screen.findByText(/tracking number PR123456LK/, {}, { timeout: 600_000 })).toBeTruthy();
  });

  it('refuses to place an order without a connection, and says why', async () => {
    const item = await product(5);
    renderApp('/cart');
    await screen.findByText('Your cart is empty.');
    const { readJson } = require('../src/lib/storage');
    await client().addCartLine({ params: { id: await readJson('guest-cart:LKR') }, body: { variantId: item.variantId, quantity: 1 } });
    await screen.findByTestId(`cart-line-${item.sku}`);
    act(() => goOffline());
    fireEvent.press(screen.getByText('+'));
    expect(await screen.findByText('Checkout needs a connection')).toBeTruthy();
  });
});
