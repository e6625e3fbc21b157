import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ApiError } from '@tk/sdk';
import { api, formatMoney } from '../../../lib/api';
import { paySandbox, startPayment } from '../../actions';
import { StripePayment } from './stripe-payment';

export const metadata: Metadata = { title: 'Payment | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

/**
 * Paying for a placed order through the gateways that take its currency: the sandbox (the
 * embedded default, with a bank challenge to try), Stripe's Payment Element (which runs 3-D
 * Secure 2 itself) or PayHere's hosted page. The order page says "paid" only once the API does.
 */
export default async function PayPage({ searchParams }: { searchParams: Promise<{ order?: string; challenge?: string; gateway?: string; error?: string }> }) {
  const { order: orderId = '', challenge, gateway, error } = await searchParams;
  const order = await api.getOrder({ params: { id: orderId } }).catch((err) => {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) notFound();
    throw err;
  });
  if (order.status !== 'pending_payment' && order.status !== 'payment_failed') redirect(`/orders/${order.id}`);
  const options = await api.paymentOptions({ params: { id: order.id } });
  // After the shopper picked Stripe or PayHere: resume that attempt (the API hands back the same
  // one) for what the browser must do next.
  const next = gateway === 'stripe' || gateway === 'payhere' ? (await api.startPayment({ params: { id: order.id }, body: { gateway } })).nextAction : null;
  const origin = process.env.SITE_URL ?? 'http://localhost:3000';
  return (
    <main>
      <h1>Pay for order {order.number}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
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
          <button type="submit" name="result" value="fail" className="secondary">
            Cancel
          </button>
        </form>
      ) : next?.type === 'stripe' ? (
        <StripePayment clientSecret={next.clientSecret} publishableKey={next.publishableKey} returnUrl={`${origin.replace(/\/$/, '')}/orders/${order.id}`} />
      ) : next?.type === 'redirect_form' ? (
        // PayHere's hosted checkout: the fields (with their hash) go there by a plain POST.
        <form action={next.url} method="post">
          {Object.entries(next.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <p>You will finish paying on PayHere&apos;s secure page, then come back here.</p>
          <button type="submit">Continue to PayHere</button>
        </form>
      ) : (
        options.gateways.map((g) =>
          g.gateway === 'sandbox' ? (
            <form key={g.gateway} action={paySandbox}>
              <h2>{g.label}</h2>
              <p>Sandbox card (no real money moves): choose what the card does.</p>
              <input type="hidden" name="orderId" value={order.id} />
              <input type="hidden" name="step" value="pay" />
              <button type="submit" name="outcome" value="success">
                Pay
              </button>{' '}
              <button type="submit" name="outcome" value="challenge">
                Pay, with a bank challenge
              </button>{' '}
              <button type="submit" name="outcome" value="decline" className="secondary">
                Pay with a card that is declined
              </button>
            </form>
          ) : (
            <form key={g.gateway} action={startPayment}>
              <input type="hidden" name="orderId" value={order.id} />
              <input type="hidden" name="gateway" value={g.gateway} />
              <button type="submit">Pay with {g.label}</button>
            </form>
          ),
        )
      )}
    </main>
  );
}
