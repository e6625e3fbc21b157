import type { Metadata } from 'next';
import { api, formatMoney } from '../../../lib/api';
import { paySandbox } from '../../actions';

export const metadata: Metadata = { title: 'Payment | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

/**
 * Paying with the sandbox gateway (the embedded default). Stripe's Payment Element and PayHere's
 * hosted page take this place when those gateways are configured (still to come).
 */
export default async function PayPage({ searchParams }: { searchParams: Promise<{ order?: string; challenge?: string }> }) {
  const { order: orderId = '', challenge } = await searchParams;
  const order = await api.getOrder({ params: { id: orderId } });
  return (
    <main>
      <h1>Pay for order {order.number}</h1>
      <p>
        Total: <strong>{formatMoney(order.totals.total)}</strong>
      </p>
      {challenge ? (
        <form action={paySandbox}>
          <p>Your bank asks you to confirm this payment (a 3-D Secure style challenge).</p>
          <input type="hidden" name="orderId" value={order.id} />
          <input type="hidden" name="step" value="challenge" />
          <input type="hidden" name="reference" value={challenge} />
          <button type="submit" name="result" value="pass">
            Confirm the payment
          </button>{' '}
          <button type="submit" name="result" value="fail">
            Cancel
          </button>
        </form>
      ) : (
        <form action={paySandbox}>
          <p>Sandbox card (no real money moves): choose what the card does.</p>
          <input type="hidden" name="orderId" value={order.id} />
          <input type="hidden" name="step" value="pay" />
          <button type="submit" name="outcome" value="success">
            Pay
          </button>{' '}
          <button type="submit" name="outcome" value="challenge">
            Pay, with a bank challenge
          </button>{' '}
          <button type="submit" name="outcome" value="decline">
            Pay with a card that is declined
          </button>
        </form>
      )}
    </main>
  );
}
