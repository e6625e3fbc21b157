import { Stack, router } from 'expo-router';
import { ApiError, type TAddress } from '@tk/sdk';
import { useEffect, useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { Button, Field, OfflineBanner, colors, styles } from '../components/ui';
import { useCart } from '../lib/cart';
import { formatMoney } from '../lib/format';
import { useOnline } from '../lib/network';
import { api, useSession } from '../lib/session';

type Errors = Record<string, string>;
const EMPTY = { fullName: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: 'LK', phone: '' };

/** The API's field errors keyed without their "body." / "body.shippingAddress." prefix. */
function fieldErrors(err: unknown): Errors {
  if (!(err instanceof ApiError)) return { '': 'The shop could not be reached. Check your connection and try again.' };
  const out: Errors = {};
  for (const f of err.fields) out[f.field.replace(/^body\.(shippingAddress\.)?/, '')] ??= f.message;
  if (!err.fields.length) out[''] = err.message;
  return out;
}

/**
 * Checkout: email (guests), delivery address (a saved one or a new one), shipping method for that
 * country, a discount code, and the total the API computed. Placing the order holds the stock and
 * leads to payment. Refused without a connection: an order is never queued.
 */
export default function Checkout() {
  const { cart, replace } = useCart();
  const { user } = useSession();
  const online = useOnline();
  const [email, setEmail] = useState('');
  const [address, setAddress] = useState(EMPTY);
  const [saved, setSaved] = useState<TAddress[]>([]);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!user) return;
    api.listAddresses().then(({ items }) => {
      setSaved(items);
      const preferred = items.find((a) => a.isDefaultShipping) ?? items[0];
      if (preferred) setAddress({ fullName: preferred.fullName, line1: preferred.line1, line2: preferred.line2, city: preferred.city, region: preferred.region, postalCode: preferred.postalCode, country: preferred.country, phone: preferred.phone });
    }, () => undefined);
  }, [user]);

  // The destination decides shipping options and tax: tell the cart whenever the country changes.
  const country = address.country.trim().toUpperCase();
  const cartId = cart?.id;
  useEffect(() => {
    if (!cartId || !/^[A-Z]{2}$/.test(country)) return;
    // The cheapest delivery is chosen until the shopper picks another, so the total shown is the one charged.
    api
      .setCartDestination({ params: { id: cartId }, body: { country, region: address.region } })
      .then((next) => (!next.shippingMethodId && next.shippingOptions[0] ? api.chooseShippingMethod({ params: { id: cartId }, body: { methodId: next.shippingOptions[0].id } }) : next))
      .then(replace, () => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cartId, country]);

  if (!cart) return null;
  const set = (name: keyof typeof EMPTY) => (value: string) => setAddress((a) => ({ ...a, [name]: value }));

  async function applyCode() {
    if (!code.trim() || !cart) return;
    setErrors({});
    try {
      const next = await api.applyPromotionCode({ params: { id: cart.id }, body: { code: code.trim() } });
      replace(next);
      setCode('');
    } catch (err) {
      setErrors({ code: err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : 'Could not check the code.' });
    }
  }

  async function chooseShipping(methodId: string) {
    if (!cart) return;
    replace(await api.chooseShippingMethod({ params: { id: cart.id }, body: { methodId } }));
  }

  async function placeOrder() {
    if (!cart) return;
    setBusy(true);
    setErrors({});
    try {
      const order = await api.checkout(
        { body: { cartId: cart.id, email: user ? undefined : email.trim(), shippingAddress: { ...address, country }, shippingMethodId: cart.shippingMethodId ?? undefined, expectedTotal: cart.totals.total.amount } },
        { idempotencyKey: `${cart.id}:${cart.updatedAt}` },
      );
      router.replace({ pathname: '/pay/[orderId]', params: { orderId: order.id } });
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  const promotions = cart.promotions;
  return (
    <ScrollView style={styles.screen} keyboardShouldPersistTaps="handled">
      <Stack.Screen options={{ title: 'Checkout' }} />
      <OfflineBanner visible={online === false} text="You are offline. Orders can only be placed with a connection." />
      <View style={styles.pad}>
        {!user && <Field label="Email" value={email} onChangeText={setEmail} keyboardType="email-address" autoCapitalize="none" autoComplete="email" error={errors.email} />}
        {saved.length > 0 && (
          <View style={{ flexDirection: 'row', flexWrap: 'wrap', marginBottom: 8 }} accessibilityLabel="Saved addresses">
            {saved.map((a) => (
              <Text key={a.id} accessibilityRole="button" style={styles.chip} onPress={() => setAddress({ fullName: a.fullName, line1: a.line1, line2: a.line2, city: a.city, region: a.region, postalCode: a.postalCode, country: a.country, phone: a.phone })}>
                {a.label || a.line1}
              </Text>
            ))}
          </View>
        )}
        <Field label="Full name" value={address.fullName} onChangeText={set('fullName')} autoComplete="name" error={errors.fullName} />
        <Field label="Address" value={address.line1} onChangeText={set('line1')} autoComplete="street-address" error={errors.line1} />
        <Field label="Address line 2" value={address.line2} onChangeText={set('line2')} error={errors.line2} />
        <Field label="City" value={address.city} onChangeText={set('city')} error={errors.city} />
        <Field label="Province or region" value={address.region} onChangeText={set('region')} error={errors.region} />
        <Field label="Postal code" value={address.postalCode} onChangeText={set('postalCode')} error={errors.postalCode} />
        <Field label="Country (2-letter code)" value={address.country} onChangeText={set('country')} autoCapitalize="characters" maxLength={2} error={errors.country} />
        <Field label="Phone" value={address.phone} onChangeText={set('phone')} keyboardType="phone-pad" error={errors.phone} />

        <Text style={styles.h2}>Delivery</Text>
        {cart.shippingOptions.length === 0 && <Text style={styles.muted}>Enter the country to see delivery options.</Text>}
        {cart.shippingOptions.map((o) => {
          const selected = (cart.shippingMethodId ?? cart.shippingOptions[0]?.id) === o.id;
          return (
            <Text key={o.id} testID="shipping-option" accessibilityRole="radio" accessibilityState={{ checked: selected }} onPress={() => void chooseShipping(o.id)} style={[styles.chip, selected && styles.chipOn]}>
              {o.name} · {formatMoney(o.amount)}
            </Text>
          );
        })}
        {errors.shippingMethodId && <Text style={styles.error}>{errors.shippingMethodId}</Text>}

        <Text style={styles.h2}>Discount code</Text>
        <Field label="Code" value={code} onChangeText={setCode} autoCapitalize="characters" error={errors.code} />
        <Button title="Apply code" kind="secondary" onPress={applyCode} />
        {promotions.map((p) => (
          <Text key={p.id} style={p.applied ? styles.text : styles.error}>
            {p.name}: {p.applied ? `−${formatMoney(p.amount)}` : `does not apply (${p.reason?.replaceAll('_', ' ')})`}
          </Text>
        ))}

        <View style={{ marginTop: 12 }}>
          <Text style={styles.text}>Items {formatMoney(cart.totals.subtotal)}</Text>
          {cart.totals.discount.amount > 0 && <Text style={styles.text}>Discount −{formatMoney(cart.totals.discount)}</Text>}
          <Text style={styles.text}>Delivery {cart.totals.shipping ? formatMoney(cart.totals.shipping) : '—'}</Text>
          {cart.totals.tax.amount > 0 && (
            // Sri Lankan shelf prices include VAT: then the total does not grow by the tax.
            <Text style={styles.text}>
              {cart.totals.total.amount === cart.totals.subtotal.amount - cart.totals.discount.amount + (cart.totals.shipping?.amount ?? 0) ? 'Includes tax' : 'Tax'} {formatMoney(cart.totals.tax)}
            </Text>
          )}
          <Text style={[styles.h2, { color: colors.text }]} testID="checkout-total">
            Total {formatMoney(cart.totals.total)}
          </Text>
        </View>
        {Object.keys(errors).length > 0 && (
          <Text style={styles.error} accessibilityRole="alert" testID="checkout-error">
            {errors[''] ?? 'Please correct the fields marked above.'}
          </Text>
        )}
        <Button title={busy ? 'Placing the order…' : 'Place order'} onPress={placeOrder} disabled={busy || online === false} testID="place-order" />
      </View>
    </ScrollView>
  );
}
