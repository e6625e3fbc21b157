import { Link, Stack, router } from 'expo-router';
import { ApiError } from '@tk/sdk';
import { useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { Button, Field, colors, styles } from '../components/ui';
import { useSession } from '../lib/session';

export default function Login() {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      if (router.canGoBack()) router.back();
      else router.replace('/account');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The shop could not be reached.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <ScrollView style={styles.screen} keyboardShouldPersistTaps="handled">
      <Stack.Screen options={{ title: 'Sign in' }} />
      <View style={styles.pad}>
        <Field label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" keyboardType="email-address" autoComplete="email" textContentType="username" />
        <Field label="Password" value={password} onChangeText={setPassword} secureTextEntry autoComplete="current-password" textContentType="password" onSubmitEditing={submit} />
        {error && (
          <Text style={styles.error} accessibilityRole="alert">
            {error}
          </Text>
        )}
        <Button title={busy ? 'Signing in…' : 'Sign in'} onPress={submit} disabled={busy} testID="sign-in" />
        <Link href="/register" style={{ color: colors.brand, marginTop: 12 }}>
          New here? Create an account
        </Link>
      </View>
    </ScrollView>
  );
}
