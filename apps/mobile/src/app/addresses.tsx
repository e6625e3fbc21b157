import { Stack } from 'expo-router';
import { ApiError, type TAddress } from '@tk/sdk';
import { useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { Button, ErrorText, Field, Loading, styles } from '../components/ui';
import { api } from '../lib/session';
import { useCached } from '../lib/use-cached';

const EMPTY = { label: '', fullName: '', line1: '', city: '', postalCode: '', country: 'LK', phone: '' };

/** Saved delivery addresses: add one (optionally the default), remove one. */
export default function Addresses() {
  const list = useCached('addresses', () => api.listAddresses(), []);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  async function add() {
    setErrors({});
    try {
      await api.createAddress({ body: { ...form, isDefaultShipping: !list.data?.items.length } });
      setForm(EMPTY);
      list.reload();
    } catch (err) {
      const out: Record<string, string> = {};
      if (err instanceof ApiError) for (const f of err.fields) out[f.field.replace(/^body\./, '')] ??= f.message;
      if (!Object.keys(out).length) out[''] = err instanceof ApiError ? err.message : 'The shop could not be reached.';
      setErrors(out);
    }
  }

  async function remove(a: TAddress) {
    await api.deleteAddress({ params: { id: a.id } });
    list.reload();
  }

  return (
    <ScrollView style={styles.screen} keyboardShouldPersistTaps="handled">
      <Stack.Screen options={{ title: 'Addresses' }} />
      <View style={styles.pad}>
        {list.loading && !list.data ? <Loading /> : null}
        <ErrorText error={list.error} />
        {list.data?.items.map((a) => (
          <View key={a.id} style={styles.line}>
            <Text style={styles.text}>
              {a.label ? `${a.label}: ` : ''}
              {a.fullName}, {a.line1}, {a.city} {a.postalCode}, {a.country}
              {a.isDefaultShipping ? ' (default)' : ''}
            </Text>
            <Button title="Remove" kind="secondary" onPress={() => void remove(a)} />
          </View>
        ))}
        <Text style={styles.h2}>Add an address</Text>
        <Field label="Label" value={form.label} onChangeText={set('label')} placeholder="Home, Office…" error={errors.label} />
        <Field label="Full name" value={form.fullName} onChangeText={set('fullName')} error={errors.fullName} />
        <Field label="Address" value={form.line1} onChangeText={set('line1')} error={errors.line1} />
        <Field label="City" value={form.city} onChangeText={set('city')} error={errors.city} />
        <Field label="Postal code" value={form.postalCode} onChangeText={set('postalCode')} error={errors.postalCode} />
        <Field label="Country (2-letter code)" value={form.country} onChangeText={set('country')} autoCapitalize="characters" maxLength={2} error={errors.country} />
        <Field label="Phone" value={form.phone} onChangeText={set('phone')} keyboardType="phone-pad" error={errors.phone} />
        {errors[''] && <Text style={styles.error}>{errors['']}</Text>}
        <Button title="Save address" onPress={add} />
      </View>
    </ScrollView>
  );
}
