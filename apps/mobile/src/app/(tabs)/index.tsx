import { Link } from 'expo-router';
import { FlatList, RefreshControl, ScrollView, Text, View } from 'react-native';
import { Countdown } from '../../components/countdown';
import { ErrorText, Loading, OfflineBanner, ProductCard, Section, colors, styles } from '../../components/ui';
import { useCart } from '../../lib/cart';
import { api, useSession } from '../../lib/session';
import { useCached } from '../../lib/use-cached';

/** Home: flash sales with their countdown, picks for this shopper, and what is new. */
export default function Home() {
  const { currency, setCurrency } = useCart();
  const { user } = useSession();
  const featured = useCached(`home:new:${currency}`, () => api.listProducts({ query: { currency, sort: 'newest', limit: 12 } }), [currency]);
  const sales = useCached('home:sales', () => api.currentFlashSales(), []);
  const picks = useCached(
    `home:picks:${currency}:${user?.id ?? 'guest'}`,
    () => (user ? api.myRecommendations({ query: { currency, limit: 10 } }) : api.trendingProducts({ query: { currency, limit: 10 } })),
    [currency, user?.id],
  );
  const offline = featured.offline || picks.offline;

  return (
    <ScrollView style={styles.screen} refreshControl={<RefreshControl refreshing={featured.loading} onRefresh={() => (featured.reload(), sales.reload(), picks.reload())} />}>
      <OfflineBanner visible={offline} />
      <View style={styles.pad}>
        <View style={[styles.row, { justifyContent: 'flex-end' }]} accessibilityRole="radiogroup" accessibilityLabel="Currency">
          {(['LKR', 'USD'] as const).map((c) => (
            <Text
              key={c}
              accessibilityRole="radio"
              accessibilityState={{ checked: c === currency }}
              onPress={() => setCurrency(c)}
              style={[styles.chip, c === currency && styles.chipOn]}
            >
              {c}
            </Text>
          ))}
        </View>
        {sales.data?.items.filter((s) => s.state === 'running').map((s) => (
          <View key={s.id} style={{ backgroundColor: '#fff7ed', padding: 12, borderRadius: 8, marginBottom: 8 }}>
            <Text style={[styles.h2, { color: colors.sale }]}>{s.name}</Text>
            <Countdown endsAt={s.endsAt} />
          </View>
        ))}
        {picks.data && picks.data.items.length > 0 && (
          <Section title={picks.data.source === 'personal' ? 'Picked for you' : 'Trending now'}>
            <FlatList horizontal data={picks.data.items} keyExtractor={(p) => p.id} renderItem={({ item }) => <ProductCard product={item} />} showsHorizontalScrollIndicator={false} />
          </Section>
        )}
        <Section title="New in">
          {featured.loading && !featured.data ? <Loading /> : null}
          <ErrorText error={featured.error} />
          <View style={{ flexDirection: 'row', flexWrap: 'wrap' }}>
            {featured.data?.items.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </View>
        </Section>
        <Link href="/categories" style={{ color: colors.brand, fontSize: 16 }}>
          Browse all categories
        </Link>
      </View>
    </ScrollView>
  );
}
