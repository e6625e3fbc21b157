import { Link, Stack } from 'expo-router';
import { ScrollView, Text, View } from 'react-native';
import { ErrorText, Loading, OfflineBanner, colors, styles } from '../../components/ui';
import { formatDate, formatMoney } from '../../lib/format';
import { api, useSession } from '../../lib/session';
import { useCached } from '../../lib/use-cached';
import { STATUS } from './[id]';

/** The customer's orders, newest first, the same list as on the website. */
export default function Orders() {
  const { user } = useSession();
  const orders = useCached(user ? `orders:${user.id}` : null, () => api.listMyOrders(), [user?.id]);
  return (
    <ScrollView style={styles.screen}>
      <Stack.Screen options={{ title: 'Your orders' }} />
      <OfflineBanner visible={orders.offline} />
      <View style={styles.pad}>
        {orders.loading && !orders.data ? <Loading /> : null}
        <ErrorText error={orders.error} />
        {orders.data?.items.map((o) => (
          <Link key={o.id} href={{ pathname: '/orders/[id]', params: { id: o.id } }} style={styles.line}>
            <Text style={styles.text}>
              {o.number} · {STATUS[o.status] ?? o.status}
            </Text>
            {'\n'}
            <Text style={styles.muted}>
              {formatDate(o.createdAt)} · {formatMoney(o.totals.total)}
            </Text>
          </Link>
        ))}
        {orders.data && !orders.data.items.length && <Text style={[styles.text, { color: colors.muted }]}>No orders yet.</Text>}
      </View>
    </ScrollView>
  );
}
