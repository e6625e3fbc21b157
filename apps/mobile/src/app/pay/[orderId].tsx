import { Stack, router, useLocalSearchParams } from 'expo-router';
import { ApiError, type TNextAction, type TOrder, type TPaymentOptions } from '@tk/sdk';
import { useCallback, useEffect, useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { Button, ErrorText, Loading, colors, styles } from '../../components/ui';
import { useCart } from '../../lib/cart';
import { formatMoney } from '../../lib/format';
import { openHostedCheckout } from '../../lib/hosted-checkout';
import { subscribeLive } from '../../lib/live';
import { api, session, useSession } from '../../lib/session';
import { payWithStripe, stripeAvailable } from '../../lib/stripe-pay';

const LABEL: Record<string, string> = { sandbox: 'Test payment (sandbox)', stripe: 'Card (Stripe)', payhere: 'PayHere' };
type Sandbox = Extract<TNextAction, { type: 'sandbox' }>;

/**
 * Paying for an order through the gateway its currency is routed to: Stripe's PaymentSheet,
 * PayHere's hosted page, or the sandbox. The screen says "paid" only when the API does (its
 * webhook applied), following the order's live events.
 */
export default function Pay() {
  const { orderId } = useLocalSearchParams<{ orderId: string }>();
  const { user } = useSession();
  const { refresh } = useCart();
  const [order, setOrder] = useState<TOrder | null>(null);
  const [options, setOptions] = useState<TPaymentOptions | null>(null);
  const [sandbox, setSandbox] = useState<Sandbox | null>(null);
  const [challenge, setChallenge] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const current = await api.getOrder({ params: { id: orderId } });
    setOrder(current);
    return current;
  }, [orderId]);

  useEffect(() => {
    load().then(() => api.paymentOptions({ params: { id: orderId } }).then(setOptions), setError);
    const stream = subscribeLive({
      orderId,
      getAccessToken: user ? () => session.accessToken() : undefined,
      onEvent: (event) => {
        if (event.type === 'order.updated' && event.data.orderId === orderId) void load();
      },
    });
    return () => stream.close();
  }, [orderId, user, load]);

  // Paid: the cart the order came from is empty now.
  const paid = order && ['paid', 'fulfilled', 'shipped', 'delivered'].includes(order.status);
  useEffect(() => {
    if (paid) void refresh().catch(() => undefined);
  }, [paid, refresh]);

  async function start(gateway: 'sandbox' | 'stripe' | 'payhere') {
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      const payment = await api.startPayment({ params: { id: orderId }, body: { gateway } });
      const action = payment.nextAction;
      if (action.type === 'sandbox') setSandbox(action);
      else if (action.type === 'stripe') {
        const outcome = await payWithStripe(action);
        setMessage(outcome === 'paid' ? 'Payment sent; waiting for the bank to confirm…' : outcome === 'canceled' ? 'Payment cancelled.' : outcome);
      } else if (action.type === 'redirect_form') {
        await openHostedCheckout(payment.id);
        setMessage('Checking the payment with PayHere…');
      }
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function sandboxOutcome(outcome: 'success' | 'decline' | 'challenge') {
    if (!sandbox) return;
    setBusy(true);
    try {
      const state = await api.sandboxConfirm({ params: { reference: sandbox.reference }, body: { outcome } });
      if (state.status === 'challenge') setChallenge(true);
      else setSandbox(null);
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function answerChallenge(result: 'pass' | 'fail') {
    if (!sandbox) return;
    setBusy(true);
    try {
      await api.sandboxChallenge({ params: { reference: sandbox.reference }, body: { result } });
      setChallenge(false);
      setSandbox(null);
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!order) return error ? <ErrorText error={error} /> : <Loading />;
  return (
    <ScrollView style={styles.screen}>
      <Stack.Screen options={{ title: `Order ${order.number}` }} />
      <View style={styles.pad}>
        <Text style={styles.h1}>Order {order.number}</Text>
        <Text style={styles.h2}>Total {formatMoney(order.totals.total)}</Text>
        <Text style={[styles.text, { marginBottom: 12 }]} testID="order-status" accessibilityLiveRegion="polite">
          {paid ? 'Paid. Thank you!' : order.status === 'payment_failed' ? 'The payment failed. You can try again.' : order.status === 'cancelled' ? 'This order was cancelled.' : 'Awaiting payment'}
        </Text>
        <ErrorText error={error} />
        {message && <Text style={styles.text}>{message}</Text>}
        {paid ? (
          <Button title="See the order" onPress={() => router.replace({ pathname: '/orders/[id]', params: { id: order.id } })} />
        ) : challenge ? (
          <View style={{ backgroundColor: colors.soft, padding: 12, borderRadius: 8 }} accessibilityLabel="Bank check">
            <Text style={styles.h2}>Your bank asks you to confirm</Text>
            <Text style={styles.text}>The sandbox's stand-in for a 3-D Secure check.</Text>
            <Button title="Confirm payment" onPress={() => answerChallenge('pass')} disabled={busy} testID="challenge-pass" />
            <Button title="Fail the check" kind="secondary" onPress={() => answerChallenge('fail')} disabled={busy} />
          </View>
        ) : sandbox ? (
          <View style={{ backgroundColor: colors.soft, padding: 12, borderRadius: 8 }} accessibilityLabel="Test payment">
            <Text style={styles.h2}>Test payment</Text>
            <Text style={styles.text}>No money moves: choose what the pretend card does.</Text>
            <Button title="Pay" onPress={() => sandboxOutcome('success')} disabled={busy} testID="sandbox-pay" />
            <Button title="Pay with a bank check" onPress={() => sandboxOutcome('challenge')} disabled={busy} testID="sandbox-challenge" />
            <Button title="Decline" kind="secondary" onPress={() => sandboxOutcome('decline')} disabled={busy} />
          </View>
        ) : (
          options?.gateways
            .filter((g) => g.gateway !== 'stripe' || stripeAvailable)
            .map((g) => <Button key={g.gateway} title={`Pay with ${LABEL[g.gateway] ?? g.label}`} onPress={() => start(g.gateway)} disabled={busy || order.status === 'cancelled'} testID={`pay-${g.gateway}`} />)
        )}
        {error instanceof ApiError && error.code === 'out_of_stock' && <Text style={styles.error}>Something in this order sold out while it waited.</Text>}
      </View>
    </ScrollView>
  );
}
