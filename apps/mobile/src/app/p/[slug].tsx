import { Link, Stack, router, useLocalSearchParams } from 'expo-router';
import { ApiError, type TProductDetail } from '@tk/sdk';
import { useEffect, useMemo, useState } from 'react';
import { Dimensions, FlatList, Image, ScrollView, Text, View } from 'react-native';
import { Countdown } from '../../components/countdown';
import { Button, ErrorText, Loading, OfflineBanner, ProductCard, Section, colors, imageUrl, styles } from '../../components/ui';
import { useCart } from '../../lib/cart';
import { formatMoney } from '../../lib/format';
import { subscribeLive } from '../../lib/live';
import { api, useSession } from '../../lib/session';
import { useCached } from '../../lib/use-cached';

const WIDTH = Math.min(Dimensions.get('window').width, 640);

/** The first variant whose options match every chosen value (the chosen values start from the first variant in stock). */
function pick(product: TProductDetail, chosen: Record<string, string>) {
  return product.variants.find((v) => Object.entries(chosen).every(([name, value]) => v.options[name] === value)) ?? product.variants[0];
}

/**
 * A product: gallery, variant picker, price in the shopper's currency (with a running flash sale's
 * countdown), stock that updates live, add to cart, wishlist, reviews and recommendations. Opened
 * by its web address too (https://shop…/p/<slug>), so shared links land here in the app.
 */
export default function ProductScreen() {
  const { slug } = useLocalSearchParams<{ slug: string }>();
  const { currency, add } = useCart();
  const { user } = useSession();
  const product = useCached(`product:${slug}:${currency}`, () => api.getProduct({ params: { slug }, query: { currency } }), [slug, currency]);
  const reviews = useCached(`reviews:${slug}`, () => api.listProductReviews({ params: { slug } }), [slug]);
  const p = product.data;
  const recs = useCached(p ? `recs:${p.id}:${currency}` : null, () => (p ? api.productRecommendations({ params: { id: p.id }, query: { currency, limit: 8 } }) : Promise.resolve(null)), [p?.id, currency]);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [stock, setStock] = useState<Record<string, number>>({});
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<boolean | null>(null);

  // Start from the first variant in stock.
  useEffect(() => {
    if (!p) return;
    setChosen((p.variants.find((v) => v.inStock) ?? p.variants[0])?.options ?? {});
    setStock(Object.fromEntries(p.variants.map((v) => [v.id, v.available])));
  }, [p]);

  // Stock changes from every channel arrive over the event stream.
  useEffect(() => {
    if (!p) return;
    const ids = new Set(p.variants.map((v) => v.id));
    const stream = subscribeLive({
      onEvent: (event) => {
        if (event.type === 'inventory.updated' && ids.has(event.data.variantId)) setStock((s) => ({ ...s, [event.data.variantId]: event.data.available }));
        if (event.type === 'price.updated' && event.data.productIds.includes(p.id)) product.reload();
      },
    });
    return () => stream.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p?.id]);

  useEffect(() => {
    if (!user || !p) return setSaved(null);
    api.getWishlist({ query: { currency } }).then((w) => setSaved(w.items.some((i) => i.id === p.id)), () => setSaved(null));
  }, [user, p, currency]);

  const variant = useMemo(() => (p ? pick(p, chosen) : undefined), [p, chosen]);
  if (!p) {
    return (
      <View style={styles.screen}>
        <Stack.Screen options={{ title: '' }} />
        {product.loading ? <Loading /> : <ErrorText error={product.error} />}
      </View>
    );
  }
  const available = variant ? (stock[variant.id] ?? variant.available) : 0;

  async function addToCart() {
    if (!variant) return;
    setMessage(null);
    try {
      await add(variant.id, quantity, `${p!.title} (${variant.title})`);
      setMessage(`Added ${quantity} to your cart.`);
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'Could not add it; try again.');
    }
  }

  async function toggleWishlist() {
    if (!user) return router.push('/login');
    const next = saved ? await api.removeFromWishlist({ params: { productId: p!.id }, query: { currency } }) : await api.addToWishlist({ params: { productId: p!.id }, query: { currency } });
    setSaved(next.items.some((i) => i.id === p!.id));
  }

  return (
    <ScrollView style={styles.screen}>
      <Stack.Screen options={{ title: p.title }} />
      <OfflineBanner visible={product.offline} />
      <FlatList
        horizontal
        pagingEnabled
        data={p.images}
        keyExtractor={(i) => i.url}
        showsHorizontalScrollIndicator={false}
        renderItem={({ item }) => <Image source={{ uri: imageUrl(item.url) }} accessibilityLabel={item.alt || p.title} style={{ width: WIDTH, height: WIDTH, backgroundColor: colors.soft }} />}
      />
      <View style={styles.pad}>
        <Text style={styles.h1} accessibilityRole="header">
          {p.title}
        </Text>
        {p.brand && <Text style={styles.muted}>{p.brand}</Text>}
        <Text style={[styles.h2, { marginTop: 8 }]} testID="price">
          {formatMoney(variant?.price ?? p.price)}
          {variant?.compareAtPrice ? <Text style={styles.was}> {formatMoney(variant.compareAtPrice)}</Text> : null}
        </Text>
        {p.flashSale && (
          <View style={{ marginBottom: 8 }}>
            <Text style={{ color: colors.sale }}>{p.flashSale.name}</Text>
            <Countdown endsAt={p.flashSale.endsAt} />
          </View>
        )}
        {p.options.map((option) => (
          <View key={option.name} style={{ marginVertical: 6 }} accessibilityRole="radiogroup" accessibilityLabel={option.name}>
            <Text style={styles.label}>{option.name}</Text>
            <View style={{ flexDirection: 'row', flexWrap: 'wrap' }}>
              {option.values.map((value) => {
                const selected = chosen[option.name] === value;
                return (
                  <Text key={value} accessibilityRole="radio" accessibilityState={{ checked: selected }} onPress={() => setChosen({ ...chosen, [option.name]: value })} style={[styles.chip, selected && styles.chipOn]}>
                    {value}
                  </Text>
                );
              })}
            </View>
          </View>
        ))}
        <Text style={[styles.text, { color: available > 0 ? colors.text : colors.error }]} testID="stock" accessibilityLiveRegion="polite">
          {available <= 0 ? 'Sold out' : available <= 5 ? `Only ${available} left` : 'In stock'}
        </Text>
        <View style={[styles.row, { marginVertical: 8 }]}>
          <Button title="−" kind="secondary" onPress={() => setQuantity((q) => Math.max(1, q - 1))} disabled={quantity <= 1} />
          <Text style={styles.text} accessibilityLabel={`Quantity ${quantity}`}>
            {quantity}
          </Text>
          <Button title="+" kind="secondary" onPress={() => setQuantity((q) => Math.min(available || 1, q + 1))} disabled={quantity >= available} />
        </View>
        <Button title="Add to cart" onPress={addToCart} disabled={!variant || available <= 0} testID="add-to-cart" />
        {message && (
          <Text style={styles.text} accessibilityRole="alert">
            {message}{' '}
            <Link href="/cart" style={{ color: colors.brand }}>
              View cart
            </Link>
          </Text>
        )}
        {saved !== null && <Button title={saved ? 'Saved to wishlist ♥' : 'Save to wishlist ♡'} kind="secondary" onPress={toggleWishlist} />}
        {!user && <Button title="Save to wishlist ♡" kind="secondary" onPress={toggleWishlist} />}
        {p.description ? <Text style={[styles.text, { marginTop: 12 }]}>{p.description}</Text> : null}

        <Section title={`Reviews${reviews.data?.count ? ` · ${reviews.data.average.toFixed(1)} ★ (${reviews.data.count})` : ''}`}>
          {reviews.data?.items.map((r) => (
            <View key={r.id} style={styles.line}>
              <Text style={styles.text}>
                {'★'.repeat(r.rating)}
                {'☆'.repeat(5 - r.rating)} {r.title}
              </Text>
              <Text style={styles.text}>{r.body}</Text>
              <Text style={styles.muted}>
                {r.author}
                {r.verifiedPurchase ? ' · verified purchase' : ''}
              </Text>
            </View>
          ))}
          {reviews.data && !reviews.data.count && <Text style={styles.muted}>No reviews yet.</Text>}
          <Link href={{ pathname: '/review/[productId]', params: { productId: p.id, title: p.title } }} style={{ color: colors.brand, marginTop: 8 }}>
            Write a review
          </Link>
        </Section>
        {recs.data && recs.data.items.length > 0 && (
          <Section title="You may also like">
            <FlatList horizontal data={recs.data.items} keyExtractor={(r) => r.id} renderItem={({ item }) => <ProductCard product={item} />} showsHorizontalScrollIndicator={false} />
          </Section>
        )}
      </View>
    </ScrollView>
  );
}
