import { Stack, router } from 'expo-router';
import { ApiError } from '@tk/sdk';
import { useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { Button, Field, styles } from '../components/ui';
import { useSession } from '../lib/session';

export default function Register() {
  const { register } = useSession();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  async function submit() {
    setBusy(true);
    setErrors({});
    try {
      await register({ name: form.name.trim(), email: form.email.trim(), password: form.password });
      router.replace('/account');
    } catch (err) {
      const out: Record<string, string> = {};
      if (err instanceof ApiError) for (const f of err.fields) out[f.field.replace(/^body\./, '')] ??= f.message;
      if (!Object.keys(out).length) out[''] = err instanceof ApiError ? err.message : 'The shop could not be reached.';
      setErrors(out);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ScrollView style={styles.screen} keyboardShouldPersistTaps="handled">
      <Stack.Screen options={{ title: 'Create an account' }} />
      <View style={styles.pad}>
        <Field label="Name" value={form.name} onChangeText={set('name')} autoComplete="name" error={errors.name} />
        <Field label="Email" value={form.email} onChangeText={set('email')} autoCapitalize="none" keyboardType="email-address" autoComplete="email" error={errors.email} />
        <Field label="Password" value={form.password} onChangeText={set('password')} secureTextEntry autoComplete="new-password" error={errors.password} placeholder="At least 10 characters" />
        {errors[''] && <Text style={styles.error}>{errors['']}</Text>}
        <Button title={busy ? 'Creating…' : 'Create account'} onPress={submit} disabled={busy} testID="register" />
      </View>
    </ScrollView>
  );
}
