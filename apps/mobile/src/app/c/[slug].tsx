import { Stack, useLocalSearchParams } from 'expo-router';
import type { TProductSummary } from '@tk/sdk';
import { useEffect, useState } from 'react';
import { Switch, Text, View } from 'react-native';
import { ProductGrid, SortChips, type Sort } from '../../components/product-list';
import { ErrorText, OfflineBanner, styles } from '../../components/ui';
import { useCart } from '../../lib/cart';
import { api } from '../../lib/session';
import { useCached } from '../../lib/use-cached';

/** One category: sorting, "in stock only", and more pages on demand. */
export default function CategoryScreen() {
  const { slug } = useLocalSearchParams<{ slug: string }>();
  const { currency } = useCart();
  const [sort, setSort] = useState<Sort>('newest');
  const [inStock, setInStock] = useState(false);
  const first = useCached(`category:${slug}:${currency}:${sort}:${inStock}`, () => api.listProducts({ query: { category: slug, currency, sort, inStock: inStock ? 'true' : undefined, limit: 24 } }), [slug, currency, sort, inStock]);
  const [more, setMore] = useState<{ items: TProductSummary[]; cursor: string | null }>({ items: [], cursor: null });
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => setMore({ items: [], cursor: first.data?.nextCursor ?? null }), [first.data]);
  const loadMore = async () => {
    if (!more.cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.listProducts({ query: { category: slug, currency, sort, inStock: inStock ? 'true' : undefined, limit: 24, cursor: more.cursor } });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };
  const title = first.data?.items[0]?.category?.name ?? slug;
  return (
    <View style={styles.screen}>
      <Stack.Screen options={{ title }} />
      <OfflineBanner visible={first.offline} />
      <ErrorText error={first.error} />
      <ProductGrid
        items={[...(first.data?.items ?? []), ...more.items]}
        onMore={more.cursor ? loadMore : undefined}
        loadingMore={loadingMore}
        header={
          <View style={{ marginBottom: 8 }}>
            <SortChips value={sort} onChange={setSort} withRelevance={false} />
            <View style={styles.row}>
              <Switch value={inStock} onValueChange={setInStock} accessibilityLabel="In stock only" />
              <Text style={styles.text}>In stock only</Text>
            </View>
          </View>
        }
      />
    </View>
  );
}
