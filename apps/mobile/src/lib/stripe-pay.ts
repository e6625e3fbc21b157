/**
 * The web preview of the app has no PaymentSheet (a native SDK); the shop's website takes Stripe
 * payments with the Payment Element instead. Card payments there, the sandbox here.
 */
export async function payWithStripe(_action: { clientSecret: string; publishableKey: string }): Promise<'paid' | 'canceled' | string> {
  return 'Card payments are taken in the iOS and Android apps and on the website.';
}

export const stripeAvailable = false;
