import { act, fireEvent, screen, waitFor, within } from 'expo-router/testing-library';
import { renderApp } from './render';
import { session } from '../src/lib/session';
import { readJson } from '../src/lib/storage';
import { client, newCustomer, product } from './api';
import { goOffline, goOnline } from './network';

const AsyncStorage = require('@react-native-async-storage/async-storage');

beforeEach(async () => {
  goOnline();
  await session.signOut();
  await AsyncStorage.clear();
});

describe('the cart screen', () => {
  it("shows a change made to the customer's cart elsewhere (the website) without a refresh", async () => {
    const customer = await newCustomer();
    const item = await product(10);
    await session.signIn(customer.email, customer.password);
    renderApp('/cart');
    expect(await screen.findByText('Your cart is empty.')).toBeTruthy();

    // The same customer adds two on the website.
    const cart = await customer.api.getMyCart();
    await customer.api.addCartLine({ params: { id: cart.id }, body: { variantId: item.variantId, quantity: 2 } });
    const line = await screen.findByTestId(`cart-line-${item.sku}`);
    expect(within(line).getByText(item.title)).toBeTruthy();
    expect(within(line).getByTestId('line-quantity').props.children).toBe(2);
    expect(screen.getByTestId('cart-total').props.children.join('')).toMatch(/5,000\.00/);
  });

  it('keeps the cart readable offline, queues changes made then, and sends them when back online', async () => {
    const item = await product(10);
    // A guest's cart with one item, seen once online.
    renderApp('/cart');
    await screen.findByText('Your cart is empty.');
    const cartId = (await readJson<string>('guest-cart:LKR'))!;
    await client().addCartLine({ params: { id: cartId }, body: { variantId: item.variantId, quantity: 1 } });
    const line = await screen.findByTestId(`cart-line-${item.sku}`);

    act(() => goOffline());
    fireEvent.press(within(line).getByText('+'));
    fireEvent.press(within(screen.getByTestId(`cart-line-${item.sku}`)).getByText('+'));
    await waitFor(() => expect(screen.getByTestId('offline-banner')).toBeTruthy());
    expect(screen.getByText(/2 changes wait to be sent/)).toBeTruthy();
    expect(within(screen.getByTestId(`cart-line-${item.sku}`)).getByTestId('line-quantity').props.children).toBe(3);
    expect(screen.getByText('Checkout needs a connection')).toBeTruthy();
    // Nothing reached the shop yet; the queue survives on the device.
    expect((await client().getCart({ params: { id: cartId } })).lines[0]!.quantity).toBe(1);
    expect(await readJson('cart-queue:guest:LKR')).toHaveLength(2);

    act(() => goOnline());
    expect(await screen.findByText(/Changes made offline are saved to your cart/)).toBeTruthy();
    expect((await client().getCart({ params: { id: cartId } })).lines[0]!.quantity).toBe(3);
    expect(await readJson('cart-queue:guest:LKR')).toEqual([]);
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('reports a queued change the shop refuses when it is sent, instead of losing it silently', async () => {
    const item = await product(3);
    renderApp('/cart');
    await screen.findByText('Your cart is empty.');
    const cartId = (await readJson<string>('guest-cart:LKR'))!;
    await client().addCartLine({ params: { id: cartId }, body: { variantId: item.variantId, quantity: 3 } });
    const line = await screen.findByTestId(`cart-line-${item.sku}`);

    act(() => goOffline());
    fireEvent.press(within(line).getByText('+')); // a fourth, while only three exist
    await screen.findByText(/1 change waits to be sent/);
    act(() => goOnline());
    expect(await screen.findByText(/could not be applied.*App test/)).toBeTruthy();
    expect((await client().getCart({ params: { id: cartId } })).lines[0]!.quantity).toBe(3);
    expect(await readJson('cart-queue:guest:LKR')).toEqual([]);
  });
});
