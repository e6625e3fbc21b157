import { redirect } from 'next/navigation';
import { signedIn } from './cart';

/** Account pages need a signed-in customer; anyone else signs in first and comes back. */
export async function requireCustomer(path: string) {
  if (!(await signedIn())) redirect(`/account/login?next=${encodeURIComponent(path)}`);
}

export const ORDER_STATUS: Record<string, string> = {
  pending_payment: 'Awaiting payment',
  payment_failed: 'Payment failed',
  paid: 'Paid',
  fulfilled: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};
