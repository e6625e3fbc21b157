import { ApiError, type TCart } from '@tk/sdk';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { subscribeLive } from './live';
import { isNetworkError, useOnline } from './network';
import { api, session, useSession } from './session';
import { readJson, removeKey, writeJson } from './storage';

export type Currency = 'LKR' | 'USD';

/** A cart change made without a connection, sent when the connection is back. */
export interface PendingChange {
  op: 'add' | 'set' | 'remove';
  variantId: string;
  quantity: number;
  /** For messages about it ("Batik sarong"). */
  title: string;
}

interface CartState {
  cart: TCart | null;
  currency: Currency;
  loading: boolean;
  /** The cart shown is the copy kept on the device: the API could not be reached. */
  offline: boolean;
  /** Changes made offline, waiting to be sent (they show in the cart already). */
  pending: PendingChange[];
  /** Something the shopper should know: a queued change the shop refused, a sync that happened. */
  notice: string | null;
  dismissNotice(): void;
  setCurrency(currency: Currency): void;
  add(variantId: string, quantity: number, title: string): Promise<void>;
  setQuantity(variantId: string, quantity: number, title: string): Promise<void>;
  /** One more or one fewer, counted from the quantity at the moment the change is made (taps queue up in order). */
  changeBy(variantId: string, delta: number, title: string): Promise<void>;
  refresh(): Promise<void>;
  /** After checkout steps that change the cart on the server (destination, shipping, codes). */
  replace(cart: TCart): void;
}

const CartContext = createContext<CartState | null>(null);
const guestKey = (currency: Currency) => `guest-cart:${currency}`;

/**
 * The shopper's cart, the same one the website shows: a guest's by its id (kept on the device),
 * a customer's from their account on every device. It follows the API's live events, so a change
 * made on the web appears here without a refresh. Without a connection the last copy stays
 * readable, and changes are queued on the device and replayed in order when the connection
 * returns; one the shop refuses then (sold out meanwhile) is reported, never dropped silently.
 */
export function CartProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const online = useOnline();
  const [currency, setCurrencyState] = useState<Currency>('LKR');
  const [cart, setCart] = useState<TCart | null>(null);
  const [loading, setLoading] = useState(true);
  const [offline, setOffline] = useState(false);
  const [pending, setPending] = useState<PendingChange[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const pendingRef = useRef<PendingChange[]>([]);
  const cartRef = useRef<TCart | null>(null);
  const scope = user ? `user:${user.id}:${currency}` : `guest:${currency}`;

  const show = useCallback(
    (next: TCart) => {
      cartRef.current = next;
      setCart(next);
      setOffline(false);
      void writeJson(`cart:${scope}`, next).catch(() => undefined);
    },
    [scope],
  );

  // Changes wait per cart (a guest's LKR cart, a customer's USD cart): never replayed into another.
  const savePending = useCallback((next: PendingChange[]) => {
    pendingRef.current = next;
    setPending(next);
    void writeJson(`cart-queue:${scope}`, next).catch(() => undefined);
  }, [scope]);

  /** The cart from the API: the customer's, or the guest's (created on first use). */
  const fetchCart = useCallback(async (): Promise<TCart> => {
    if (user) {
      const guestId = await readJson<string>(guestKey(currency));
      if (guestId) {
        // Signed in on this device with a guest cart: its lines move into the customer's cart.
        const merged = await api.mergeCart({ body: { cartId: guestId } }).catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        });
        await removeKey(guestKey(currency));
        if (merged && merged.currency === currency) return merged;
      }
      return api.getMyCart({ query: { currency } });
    }
    const id = await readJson<string>(guestKey(currency));
    if (id) {
      try {
        return await api.getCart({ params: { id } });
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err; // expired: start a new one
      }
    }
    const created = await api.createCart({ body: { currency } });
    await writeJson(guestKey(currency), created.id);
    return created;
  }, [user, currency]);

  const refresh = useCallback(async () => {
    try {
      show(await fetchCart());
    } catch (err) {
      if (!isNetworkError(err)) {
        // The shop answered but refused (a session that just ended, say): keep what is shown and say so.
        setNotice(err instanceof ApiError ? err.message : 'The cart could not be loaded.');
        return;
      }
      const copy = await readJson<TCart>(`cart:${scope}`);
      if (copy) {
        cartRef.current = copy;
        setCart(copy);
      }
      setOffline(true);
    } finally {
      setLoading(false);
    }
  }, [fetchCart, scope, show]);

  /** Sends one change to the API. */
  const send = useCallback(
    async (change: PendingChange, cartId: string): Promise<TCart> => {
      if (change.op === 'add') return api.addCartLine({ params: { id: cartId }, body: { variantId: change.variantId, quantity: change.quantity } });
      if (change.op === 'set') return api.setCartLine({ params: { id: cartId, variantId: change.variantId }, body: { quantity: change.quantity } });
      return api.removeCartLine({ params: { id: cartId, variantId: change.variantId } });
    },
    [],
  );

  /** Replays queued changes in order; stops at the first that cannot reach the API. */
  const replayNow = useCallback(async () => {
    if (!pendingRef.current.length) return;
    let current: TCart;
    try {
      current = await fetchCart();
    } catch {
      return; // still offline
    }
    const refused: string[] = [];
    let stalled = false;
    while (pendingRef.current.length) {
      const change = pendingRef.current[0]!;
      try {
        current = await send(change, current.id);
      } catch (err) {
        if (isNetworkError(err)) {
          stalled = true;
          break;
        }
        refused.push(`${change.title}: ${err instanceof ApiError ? err.message : 'refused'}`);
      }
      // Taken off the live queue (not a snapshot of it): a change queued meanwhile stays queued.
      savePending(pendingRef.current.slice(1));
    }
    show(current);
    if (stalled) setOffline(true);
    if (refused.length) setNotice(`Some changes made offline could not be applied. ${refused.join('; ')}`);
    else if (!stalled) setNotice('Changes made offline are saved to your cart.');
  }, [fetchCart, savePending, send, show]);

  const apply = useCallback(
    async (next: PendingChange) => {
      const current = cartRef.current;
      if (current && !pendingRef.current.length) {
        try {
          show(await send(next, current.id));
          return;
        } catch (err) {
          if (!isNetworkError(err)) throw err;
        }
      }
      // No connection (or earlier changes still waiting): queued, and shown at once.
      savePending([...pendingRef.current, next]);
      setOffline(true);
    },
    [savePending, send, show],
  );

  // Changes run one after another, each reading the cart as the ones before left it.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const change = useCallback(
    (make: PendingChange | (() => PendingChange | null)) => {
      const run = chain.current.then(async () => {
        const next = typeof make === 'function' ? make() : make;
        if (next) await apply(next);
      });
      chain.current = run.catch(() => undefined);
      return run;
    },
    [apply],
  );
  // Replays run in the same line as taps, so the two never interleave.
  const replay = useCallback(() => {
    const run = chain.current.then(replayNow);
    chain.current = run.catch(() => undefined);
    return run;
  }, [replayNow]);

  // Start-up and on sign-in, sign-out or currency change.
  useEffect(() => {
    if (user === undefined) return;
    void (async () => {
      const stored = (await readJson<PendingChange[]>(`cart-queue:${scope}`)) ?? [];
      pendingRef.current = stored;
      setPending(stored);
      await refresh();
      // Changes left from an earlier run go out as soon as the cart is back.
      if (stored.length) await replay();
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user, currency, refresh]);

  // Back online: send what waited.
  useEffect(() => {
    if (online) void replay();
  }, [online, replay]);

  // Live: the same cart changed on another device or the website.
  const cartId = cart?.id;
  useEffect(() => {
    if (!cartId || user === undefined) return;
    const stream = subscribeLive({
      cartId,
      getAccessToken: user ? () => session.accessToken() : undefined,
      onEvent: (event) => {
        if (event.type !== 'cart.updated' || event.data.cartId !== cartId) return;
        if (event.data.updatedAt === cartRef.current?.updatedAt || pendingRef.current.length) return;
        void api.getCart({ params: { id: cartId } }).then(show, () => undefined);
      },
    });
    return () => stream.close();
  }, [cartId, user, show]);

  const value = useMemo<CartState>(
    () => ({
      cart: cart && pending.length ? applyPending(cart, pending) : cart,
      currency,
      loading,
      offline,
      pending,
      notice,
      dismissNotice: () => setNotice(null),
      setCurrency: (c) => {
        setLoading(true);
        setCurrencyState(c);
      },
      add: (variantId, quantity, title) => change({ op: 'add', variantId, quantity, title }),
      setQuantity: (variantId, quantity, title) => change(quantity > 0 ? { op: 'set', variantId, quantity, title } : { op: 'remove', variantId, quantity: 0, title }),
      changeBy: (variantId, delta, title) =>
        change(() => {
          const current = cartRef.current && applyPending(cartRef.current, pendingRef.current).lines.find((l) => l.variantId === variantId);
          const quantity = (current?.quantity ?? 0) + delta;
          return quantity > 0 ? { op: 'set', variantId, quantity, title } : { op: 'remove', variantId, quantity: 0, title };
        }),
      refresh,
      replace: show,
    }),
    [cart, pending, currency, loading, offline, notice, change, refresh, show],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart outside CartProvider');
  return value;
}

/**
 * The cart as it will be once the queued changes are sent: quantities only (prices and totals are
 * the server's to compute; the screen says they update when the connection returns).
 */
export function applyPending(cart: TCart, pending: PendingChange[]): TCart {
  let lines = cart.lines.map((l) => ({ ...l }));
  for (const p of pending) {
    const line = lines.find((l) => l.variantId === p.variantId);
    if (p.op === 'remove') lines = lines.filter((l) => l.variantId !== p.variantId);
    else if (line) line.quantity = p.op === 'add' ? line.quantity + p.quantity : p.quantity;
    else if (p.op === 'add' || p.quantity > 0) {
      lines.push({
        variantId: p.variantId,
        productId: '',
        productSlug: '',
        title: p.title,
        variantTitle: '',
        sku: '',
        image: null,
        unitPrice: null,
        quantity: p.quantity,
        lineTotal: { amount: 0, currency: cart.currency },
        discount: { amount: 0, currency: cart.currency },
        flashSale: null,
        available: 0,
        purchasable: false,
      });
    }
  }
  return { ...cart, lines, itemCount: lines.reduce((n, l) => n + l.quantity, 0) };
}
