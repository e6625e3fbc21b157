import type { ReactNode } from 'react';
import { SHOP_CURRENCIES, routeCurrency } from '../../lib/currency';
import { chooseCurrency } from '../actions';

/**
 * Catalogue pages exist once per currency (proxy.ts picks one from the shopper's cookie). None is
 * rendered at build time (the build has no API to read from): each is generated on first visit
 * and then served statically until the API asks for a refresh.
 */
export function generateStaticParams() {
  return [];
}

export default async function CurrencyLayout({ children, params }: { children: ReactNode; params: Promise<{ currency: string }> }) {
  const currency = routeCurrency((await params).currency);
  return (
    <>
      {children}
      <footer>
        <form action={chooseCurrency} className="currency">
          <input type="hidden" name="from" value="/" />
          <label htmlFor="currency">Prices in</label>{' '}
          <select id="currency" name="currency" defaultValue={currency}>
            {SHOP_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>{' '}
          <button type="submit">Change currency</button>
        </form>
      </footer>
    </>
  );
}
