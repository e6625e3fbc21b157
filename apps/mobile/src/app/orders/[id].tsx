import { Link, Stack, useLocalSearchParams } from 'expo-router';
import { ORDER_STATUS_LABELS } from '@tk/sdk';
import { useEffect } from 'react';
import { Linking, ScrollView, Text, View } from 'react-native';
import { ErrorText, Loading, OfflineBanner, colors, styles } from '../../components/ui';
import { formatDate, formatMoney } from '../../lib/format';
import { subscribeLive } from '../../lib/live';
import { api, session, useSession } from '../../lib/session';
import { useCached } from '../../lib/use-cached';

export const STATUS: Record<string, string> = ORDER_STATUS_LABELS;

/** One order: what was bought, its tracking timeline (live), shipments with tracking links. */
export default function OrderScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const { user } = useSession();
  const order = useCached(`order:${id}`, () => api.getOrder({ params: { id } }), [id]);
  useEffect(() => {
    const stream = subscribeLive({
      orderId: id,
      getAccessToken: user ? () => session.accessToken() : undefined,
      onEvent: (event) => {
        if (event.type === 'order.updated' && event.data.orderId === id) order.reload();
      },
    });
    return () => stream.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, user]);
  const o = order.data;
  if (!o) return order.loading ? <Loading /> : <ErrorText error={order.error} />;
  return (
    <ScrollView style={styles.screen}>
      <Stack.Screen options={{ title: `Order ${o.number}` }} />
      <OfflineBanner visible={order.offline} />
      <View style={styles.pad}>
        <Text style={styles.h1}>Order {o.number}</Text>
        <Text style={styles.h2} testID="order-status">
          {STATUS[o.status] ?? o.status}
        </Text>
        {o.status === 'pending_payment' || o.status === 'payment_failed' ? (
          <Link href={{ pathname: '/pay/[orderId]', params: { orderId: o.id } }} style={{ color: colors.brand, marginBottom: 8 }}>
            Pay for this order
          </Link>
        ) : null}
        {o.shipments.map((s) => (
          <View key={s.trackingNumber} style={{ backgroundColor: colors.soft, padding: 10, borderRadius: 8, marginBottom: 8 }}>
            <Text style={styles.text}>
              Shipped with {s.carrier}, tracking number {s.trackingNumber}
            </Text>
            {s.trackingUrl && (
              <Text style={{ color: colors.brand }} accessibilityRole="link" onPress={() => void Linking.openURL(s.trackingUrl!)}>
                Track the parcel
              </Text>
            )}
          </View>
        ))}
        <Text style={styles.h2}>Timeline</Text>
        <View accessibilityRole="list" testID="timeline">
          {o.history.map((h, n) => (
            <View key={n} style={styles.line}>
              <Text style={styles.text}>{STATUS[h.to] ?? h.to}</Text>
              <Text style={styles.muted}>
                {formatDate(h.at)}
                {h.reason ? ` · ${h.reason}` : ''}
              </Text>
            </View>
          ))}
        </View>
        <Text style={styles.h2}>Items</Text>
        {o.lines.map((l) => (
          <Text key={l.variantId} style={styles.text}>
            {l.quantity} × {l.title} ({l.variantTitle}) · {formatMoney(l.lineTotal)}
          </Text>
        ))}
        <Text style={[styles.h2, { marginTop: 8 }]}>Total {formatMoney(o.totals.total)}</Text>
      </View>
    </ScrollView>
  );
}
