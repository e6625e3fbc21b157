import { Stack, router } from 'expo-router';
import { ApiError } from '@tk/sdk';
import { useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { Button, Field, styles } from '../../components/ui';
import { api } from '../../lib/session';

/** A guest's order, found by its number and the email it was placed with. */
export default function Lookup() {
  const [number, setNumber] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function find() {
    setError(null);
    try {
      const order = await api.lookupOrder({ body: { number: number.trim(), email: email.trim() } });
      router.replace({ pathname: '/orders/[id]', params: { id: order.id } });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The shop could not be reached.');
    }
  }
  return (
    <ScrollView style={styles.screen}>
      <Stack.Screen options={{ title: 'Find an order' }} />
      <View style={styles.pad}>
        <Field label="Order number" value={number} onChangeText={setNumber} autoCapitalize="characters" placeholder="TK1001" />
        <Field label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" keyboardType="email-address" />
        {error && <Text style={styles.error}>{error}</Text>}
        <Button title="Find order" onPress={find} />
      </View>
    </ScrollView>
  );
}
