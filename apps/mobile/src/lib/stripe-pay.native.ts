/**
 * Stripe's PaymentSheet: card entry in Stripe's own UI, 3-D Secure 2 challenges run by the SDK,
 * no card data in our app or on our servers. The order becomes paid by Stripe's webhook, which the
 * order screen then shows.
 */
export async function payWithStripe(action: { clientSecret: string; publishableKey: string }): Promise<'paid' | 'canceled' | string> {
  // Loaded when a card payment starts, not with the screen: the native SDK is large.
  const { initPaymentSheet, initStripe, presentPaymentSheet } = await import('@stripe/stripe-react-native');
  await initStripe({ publishableKey: action.publishableKey, merchantIdentifier: 'merchant.lk.tkcommerce.shop', urlScheme: 'tkcommerce' });
  const init = await initPaymentSheet({ paymentIntentClientSecret: action.clientSecret, merchantDisplayName: 'T & K', returnURL: 'tkcommerce://stripe-redirect' });
  if (init.error) return init.error.message;
  const result = await presentPaymentSheet();
  if (!result.error) return 'paid';
  return result.error.code === 'Canceled' ? 'canceled' : result.error.message;
}

export const stripeAvailable = true;
