import { Link, router } from 'expo-router';
import { ApiError } from '@tk/sdk';
import { useState } from 'react';
import { Image, Pressable, ScrollView, Text, View } from 'react-native';
import { Button, Loading, OfflineBanner, colors, imageUrl, styles } from '../../components/ui';
import { useCart } from '../../lib/cart';
import { formatMoney } from '../../lib/format';

/**
 * The cart: the same one as on the website and the customer's other devices, updated live.
 * Offline it shows the copy on the device; changes made then wait and are sent on reconnecting.
 */
export default function CartScreen() {
  const { cart, loading, offline, pending, notice, dismissNotice, setQuantity, changeBy } = useCart();
  const [error, setError] = useState<string | null>(null);

  async function change(variantId: string, quantity: number | { by: number }, title: string) {
    setError(null);
    try {
      await (typeof quantity === 'number' ? setQuantity(variantId, quantity, title) : changeBy(variantId, quantity.by, title));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That change could not be made.');
    }
  }

  if (loading && !cart) return <Loading />;
  const lines = cart?.lines ?? [];
  return (
    <ScrollView style={styles.screen} testID="cart-screen">
      <OfflineBanner visible={offline} text={pending.length ? `You are offline: ${pending.length} ${pending.length === 1 ? 'change waits' : 'changes wait'} to be sent. Totals update when you are back online.` : undefined} />
      {notice && (
        <Pressable onPress={dismissNotice} accessibilityRole="alert" style={{ backgroundColor: '#ecfdf5', padding: 10 }}>
          <Text style={styles.text}>{notice} (tap to close)</Text>
        </Pressable>
      )}
      <View style={styles.pad}>
        {!lines.length && (
          <View>
            <Text style={styles.text}>Your cart is empty.</Text>
            <Link href="/" style={{ color: colors.brand, marginTop: 8 }}>
              Continue shopping
            </Link>
          </View>
        )}
        {lines.map((l) => (
          <View key={l.variantId} style={[styles.line, styles.row]} testID={`cart-line-${l.sku || l.variantId}`}>
            {l.image ? <Image source={{ uri: imageUrl(l.image.url) }} style={{ width: 64, height: 64, borderRadius: 6 }} accessibilityIgnoresInvertColors /> : null}
            <View style={{ flex: 1 }}>
              <Text style={styles.text}>{l.title}</Text>
              <Text style={styles.muted}>
                {l.variantTitle} {l.unitPrice ? `· ${formatMoney(l.unitPrice)}` : ''}
              </Text>
              {l.productId ? <Text style={styles.text}>{formatMoney(l.lineTotal)}</Text> : <Text style={styles.muted}>Price when back online</Text>}
              {!l.purchasable && l.productId && <Text style={styles.error}>{l.available ? `Only ${l.available} left` : 'No longer available'}</Text>}
              <View style={styles.row}>
                <Button title="−" kind="secondary" onPress={() => change(l.variantId, { by: -1 }, l.title)} />
                <Text style={styles.text} accessibilityLabel={`Quantity of ${l.title}: ${l.quantity}`} testID="line-quantity">
                  {l.quantity}
                </Text>
                <Button title="+" kind="secondary" onPress={() => change(l.variantId, { by: 1 }, l.title)} />
                <Button title="Remove" kind="secondary" onPress={() => change(l.variantId, 0, l.title)} />
              </View>
            </View>
          </View>
        ))}
        {error && (
          <Text style={styles.error} accessibilityRole="alert">
            {error}
          </Text>
        )}
        {cart && lines.length > 0 && (
          <View style={{ marginTop: 12 }}>
            <Text style={styles.text}>Subtotal {formatMoney(cart.totals.subtotal)}</Text>
            {cart.totals.discount.amount > 0 && <Text style={styles.text}>Discount −{formatMoney(cart.totals.discount)}</Text>}
            <Text style={styles.h2} testID="cart-total">
              Total {formatMoney(cart.totals.total)}
            </Text>
            <Button title={offline ? 'Checkout needs a connection' : 'Checkout'} onPress={() => router.push('/checkout')} disabled={offline} testID="checkout" />
          </View>
        )}
      </View>
    </ScrollView>
  );
}
