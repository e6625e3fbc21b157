import { ApiError } from '@tk/sdk';
import { Link } from 'expo-router';
import type { ReactNode } from 'react';
import { ActivityIndicator, Image, Pressable, StyleSheet, Text, TextInput, type TextInputProps, View } from 'react-native';
import { API_URL } from '../lib/config';
import { formatMoney } from '../lib/format';
import type { TProductSummary } from '@tk/sdk';

export const colors = { brand: '#0b5750', text: '#111827', muted: '#4b5563', line: '#e5e7eb', error: '#b91c1c', sale: '#b45309', bg: '#ffffff', soft: '#f3f4f6' };

export function Button({ title, onPress, disabled, kind = 'primary', testID }: { title: string; onPress: () => void; disabled?: boolean; kind?: 'primary' | 'secondary' | 'danger'; testID?: string }) {
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityState={{ disabled: Boolean(disabled) }}
      onPress={disabled ? undefined : onPress}
      testID={testID}
      style={({ pressed }) => [styles.button, kind === 'secondary' && styles.secondary, kind === 'danger' && styles.danger, (disabled || pressed) && { opacity: 0.6 }]}
    >
      <Text style={[styles.buttonText, kind === 'secondary' && { color: colors.brand }]}>{title}</Text>
    </Pressable>
  );
}

/** A labelled input with the API's message for it underneath. */
export function Field({ label, error, ...input }: { label: string; error?: string } & TextInputProps) {
  return (
    <View style={styles.field}>
      <Text style={styles.label} nativeID={`label-${label}`}>
        {label}
      </Text>
      <TextInput accessibilityLabel={label} aria-invalid={Boolean(error)} style={[styles.input, error ? { borderColor: colors.error } : null]} placeholderTextColor={colors.muted} {...input} />
      {error ? (
        <Text style={styles.error} accessibilityRole="alert">
          {error}
        </Text>
      ) : null}
    </View>
  );
}

export function Loading() {
  return <ActivityIndicator style={{ margin: 24 }} color={colors.brand} accessibilityLabel="Loading" />;
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError && error.status > 0 ? error.message : 'The shop could not be reached. Check your connection.';
  return (
    <Text style={[styles.error, { margin: 12 }]} accessibilityRole="alert">
      {text}
    </Text>
  );
}

/** Shown whenever what is on screen is the copy kept on the device. */
export function OfflineBanner({ visible, text }: { visible: boolean; text?: string }) {
  if (!visible) return null;
  return (
    <View style={styles.banner} accessibilityRole="alert" testID="offline-banner">
      <Text style={styles.bannerText}>{text ?? 'You are offline: showing what was saved on this device.'}</Text>
    </View>
  );
}

export function imageUrl(url: string): string {
  return url.startsWith('/') ? `${API_URL}${url}` : url;
}

export function ProductCard({ product }: { product: TProductSummary }) {
  return (
    <Link href={{ pathname: '/p/[slug]', params: { slug: product.slug } }} asChild>
      <Pressable style={styles.card} accessibilityRole="link" accessibilityLabel={`${product.title}, ${formatMoney(product.price)}`}>
        {product.image ? <Image source={{ uri: imageUrl(product.image.url) }} style={styles.cardImage} accessibilityIgnoresInvertColors /> : <View style={[styles.cardImage, { backgroundColor: colors.soft }]} />}
        <Text style={styles.cardTitle} numberOfLines={2}>
          {product.title}
        </Text>
        <Text style={styles.price}>{formatMoney(product.price)}</Text>
        {product.flashSale && <Text style={{ color: colors.sale, fontSize: 13 }}>Flash sale</Text>}
        {!product.inStock && <Text style={styles.muted}>Sold out</Text>}
      </Pressable>
    </Link>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View style={{ marginVertical: 12 }}>
      <Text style={styles.h2} accessibilityRole="header">
        {title}
      </Text>
      {children}
    </View>
  );
}

export const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.bg },
  pad: { padding: 16 },
  h1: { fontSize: 24, fontWeight: '700', color: colors.text, marginBottom: 8 },
  h2: { fontSize: 18, fontWeight: '700', color: colors.text, marginBottom: 8 },
  text: { fontSize: 15, color: colors.text },
  muted: { fontSize: 13, color: colors.muted },
  error: { color: colors.error, fontSize: 14 },
  button: { backgroundColor: colors.brand, paddingVertical: 12, paddingHorizontal: 16, borderRadius: 8, alignItems: 'center', marginVertical: 4 },
  secondary: { backgroundColor: colors.bg, borderWidth: 1, borderColor: colors.brand },
  danger: { backgroundColor: colors.error },
  buttonText: { color: '#fff', fontSize: 16, fontWeight: '600' },
  field: { marginBottom: 10 },
  label: { fontSize: 14, color: colors.text, marginBottom: 4 },
  input: { borderWidth: 1, borderColor: '#767676', borderRadius: 6, padding: 10, fontSize: 16, color: colors.text },
  banner: { backgroundColor: '#fef3c7', padding: 10 },
  bannerText: { color: '#78350f', fontSize: 14 },
  card: { width: 160, marginRight: 12, marginBottom: 12 },
  cardImage: { width: 160, height: 160, borderRadius: 8 },
  cardTitle: { fontSize: 14, color: colors.text, marginTop: 4 },
  price: { fontSize: 15, fontWeight: '700', color: colors.text },
  was: { fontSize: 13, color: colors.muted, textDecorationLine: 'line-through', fontWeight: '400' },
  row: { flexDirection: 'row', alignItems: 'center', gap: 8 },
  chip: { borderWidth: 1, borderColor: colors.line, borderRadius: 16, paddingVertical: 6, paddingHorizontal: 12, marginRight: 8, marginBottom: 8 },
  chipOn: { borderColor: colors.brand, backgroundColor: '#ecfdf5' },
  line: { borderBottomWidth: 1, borderBottomColor: colors.line, paddingVertical: 10 },
});
