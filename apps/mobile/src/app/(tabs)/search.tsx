import type { TSearchResponse } from '@tk/sdk';
import { useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { ProductGrid, SortChips, type Sort } from '../../components/product-list';
import { ErrorText, Loading, colors, styles } from '../../components/ui';
import { useCart } from '../../lib/cart';
import { api } from '../../lib/session';

/** Search with the API's facets (category, brand) as filters, and sorting. */
export default function Search() {
  const { currency } = useCart();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState<{ q: string; category?: string; brand?: string; sort: Sort } | null>(null);
  const [result, setResult] = useState<TSearchResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  async function run(next: { q: string; category?: string; brand?: string; sort: Sort }) {
    if (!next.q.trim()) return;
    setQuery(next);
    setLoading(true);
    setError(null);
    try {
      setResult(await api.searchProducts({ query: { q: next.q.trim(), category: next.category, brand: next.brand ? [next.brand] : undefined, sort: next.sort, currency, limit: 24 } }));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }

  const facets = result?.facets;
  return (
    <View style={styles.screen}>
      <View style={[styles.pad, { paddingBottom: 0 }]}>
        <TextInput
          accessibilityLabel="Search products"
          placeholder="Search: batik, linen shirt…"
          value={typed}
          onChangeText={setTyped}
          onSubmitEditing={() => run({ q: typed, sort: 'relevance' })}
          returnKeyType="search"
          style={styles.input}
          testID="search-input"
        />
      </View>
      {loading && <Loading />}
      <ErrorText error={error} />
      {result && query && (
        <ProductGrid
          items={result.items}
          header={
            <View>
              <Text style={styles.muted}>
                {result.total} {result.total === 1 ? 'result' : 'results'}
                {result.correctedQuery ? ` for “${result.correctedQuery}”` : ''}
              </Text>
              <SortChips value={query.sort} onChange={(sort) => run({ ...query, sort })} withRelevance />
              {facets && facets.categories.length > 1 && (
                <View style={{ flexDirection: 'row', flexWrap: 'wrap' }} accessibilityLabel="Category">
                  {facets.categories.map((c) => (
                    <Text key={c.slug} accessibilityRole="button" accessibilityState={{ selected: query.category === c.slug }} onPress={() => run({ ...query, category: query.category === c.slug ? undefined : c.slug })} style={[styles.chip, query.category === c.slug && styles.chipOn]}>
                      {c.name} ({c.count})
                    </Text>
                  ))}
                </View>
              )}
              {facets && facets.brands.length > 1 && (
                <View style={{ flexDirection: 'row', flexWrap: 'wrap' }} accessibilityLabel="Brand">
                  {facets.brands.map((b) => (
                    <Text key={b.value} accessibilityRole="button" accessibilityState={{ selected: query.brand === b.value }} onPress={() => run({ ...query, brand: query.brand === b.value ? undefined : b.value })} style={[styles.chip, query.brand === b.value && styles.chipOn, { color: colors.text }]}>
                      {b.value} ({b.count})
                    </Text>
                  ))}
                </View>
              )}
            </View>
          }
        />
      )}
    </View>
  );
}
