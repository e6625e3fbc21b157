import * as WebBrowser from 'expo-web-browser';
import { API_URL } from './config';

/**
 * PayHere's hosted checkout takes a form POST. The API serves a page that posts the signed fields
 * (it builds them; the app never sees the merchant secret), opened in the system browser sheet;
 * PayHere returns to the app's order screen through its return URL.
 */
export async function openHostedCheckout(paymentId: string): Promise<void> {
  await WebBrowser.openAuthSessionAsync(new URL(`/v1/payments/${paymentId}/hosted-checkout`, API_URL).toString(), 'tkcommerce://');
}
