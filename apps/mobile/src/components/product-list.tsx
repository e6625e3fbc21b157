import type { TProductSummary } from '@tk/sdk';
import { FlatList, Text, View } from 'react-native';
import { Button, ProductCard, styles } from './ui';

export const SORTS = [
  ['relevance', 'Best match'],
  ['newest', 'Newest'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
  ['rating', 'Rating'],
] as const;
export type Sort = (typeof SORTS)[number][0];

/** Sort choices as chips. */
export function SortChips({ value, onChange, withRelevance }: { value: Sort; onChange: (s: Sort) => void; withRelevance: boolean }) {
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap' }} accessibilityRole="radiogroup" accessibilityLabel="Sort by">
      {SORTS.filter(([s]) => withRelevance || s !== 'relevance').map(([s, label]) => (
        <Text key={s} accessibilityRole="radio" accessibilityState={{ checked: s === value }} onPress={() => onChange(s)} style={[styles.chip, s === value && styles.chipOn]}>
          {label}
        </Text>
      ))}
    </View>
  );
}

/** A two-column grid of products with "Show more" for the next page. */
export function ProductGrid({ items, onMore, loadingMore, header }: { items: TProductSummary[]; onMore?: () => void; loadingMore?: boolean; header?: React.ReactElement }) {
  return (
    <FlatList
      data={items}
      numColumns={2}
      keyExtractor={(p) => p.id}
      contentContainerStyle={styles.pad}
      ListHeaderComponent={header}
      renderItem={({ item }) => <ProductCard product={item} />}
      ListEmptyComponent={<Text style={styles.muted}>No products match.</Text>}
      ListFooterComponent={onMore ? <Button title={loadingMore ? 'Loading…' : 'Show more'} kind="secondary" onPress={onMore} disabled={loadingMore} /> : null}
    />
  );
}
