import { redirect } from 'next/navigation';
import { signedIn } from './cart';
import { ORDER_STATUS_LABELS } from '@tk/sdk';

/** Account pages need a signed-in customer; anyone else signs in first and comes back. */
export async function requireCustomer(path: string) {
  if (!(await signedIn())) redirect(`/account/login?next=${encodeURIComponent(path)}`);
}

export const ORDER_STATUS: Record<string, string> = ORDER_STATUS_LABELS;
