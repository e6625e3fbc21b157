import { Stack } from 'expo-router';
import { View } from 'react-native';
import { ProductGrid } from '../components/product-list';
import { ErrorText, Loading, OfflineBanner, styles } from '../components/ui';
import { useCart } from '../lib/cart';
import { api } from '../lib/session';
import { useCached } from '../lib/use-cached';

/** Products the customer saved, on every device. */
export default function Wishlist() {
  const { currency } = useCart();
  const list = useCached(`wishlist:${currency}`, () => api.getWishlist({ query: { currency } }), [currency]);
  return (
    <View style={styles.screen}>
      <Stack.Screen options={{ title: 'Wishlist' }} />
      <OfflineBanner visible={list.offline} />
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorText error={list.error} />
      {list.data && <ProductGrid items={list.data.items} />}
    </View>
  );
}
