'use client';

import { loadStripe, type Stripe, type StripeElements } from '@stripe/stripe-js';
import { useEffect, useRef, useState } from 'react';

/**
 * Stripe's Payment Element: card details go from this frame straight to Stripe, never to us, and
 * Stripe runs any 3-D Secure 2 challenge itself. Afterwards the shopper lands on the order page,
 * which shows "paid" only once our API has the gateway's signed webhook.
 */
export function StripePayment({ clientSecret, publishableKey, returnUrl }: { clientSecret: string; publishableKey: string; returnUrl: string }) {
  const mount = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState<{ stripe: Stripe; elements: StripeElements } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    loadStripe(publishableKey)
      .then((stripe) => {
        if (cancelled || !stripe || !mount.current) return;
        const elements = stripe.elements({ clientSecret });
        elements.create('payment').mount(mount.current);
        setReady({ stripe, elements });
      })
      .catch(() => setMessage('The card form could not load. Check your connection and reload the page.'));
    return () => {
      cancelled = true;
    };
  }, [clientSecret, publishableKey]);

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    const { error } = await ready.stripe.confirmPayment({ elements: ready.elements, confirmParams: { return_url: returnUrl } });
    // Only reached when the payment could not be confirmed; success leaves for returnUrl.
    setMessage(error?.message ?? 'The payment did not go through.');
    setBusy(false);
  }

  return (
    <form onSubmit={pay}>
      <div ref={mount} aria-label="Card details" />
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <button type="submit" disabled={!ready || busy}>
        {busy ? 'Paying…' : 'Pay now'}
      </button>
    </form>
  );
}
