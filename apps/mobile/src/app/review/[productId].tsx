import { Stack, router, useLocalSearchParams } from 'expo-router';
import { ApiError } from '@tk/sdk';
import { useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { Button, Field, colors, styles } from '../../components/ui';
import { api, useSession } from '../../lib/session';

/** Writing a review: a rating, a title and the text; shown once staff approve it. */
export default function WriteReview() {
  const { productId, title } = useLocalSearchParams<{ productId: string; title?: string }>();
  const { user } = useSession();
  const [rating, setRating] = useState(5);
  const [heading, setHeading] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);

  if (user === null) {
    return (
      <View style={[styles.screen, styles.pad]}>
        <Text style={styles.text}>Sign in to write a review.</Text>
        <Button title="Sign in" onPress={() => router.push('/login')} />
      </View>
    );
  }

  async function send() {
    setErrors({});
    try {
      await api.createReview({ body: { productId, rating, title: heading.trim(), body: body.trim() } });
      setSent(true);
    } catch (err) {
      const out: Record<string, string> = {};
      if (err instanceof ApiError) for (const f of err.fields) out[f.field.replace(/^body\./, '')] ??= f.message;
      if (!Object.keys(out).length) out[''] = err instanceof ApiError ? err.message : 'The shop could not be reached.';
      setErrors(out);
    }
  }

  return (
    <ScrollView style={styles.screen} keyboardShouldPersistTaps="handled">
      <Stack.Screen options={{ title: 'Write a review' }} />
      <View style={styles.pad}>
        {title && <Text style={styles.h2}>{title}</Text>}
        {sent ? (
          <Text style={styles.text} accessibilityRole="alert">
            Thank you! Your review shows once it has been checked.
          </Text>
        ) : (
          <>
            <View style={styles.row} accessibilityRole="radiogroup" accessibilityLabel="Rating">
              {[1, 2, 3, 4, 5].map((n) => (
                <Text key={n} accessibilityRole="radio" accessibilityState={{ checked: n === rating }} accessibilityLabel={`${n} stars`} onPress={() => setRating(n)} style={{ fontSize: 28, color: n <= rating ? colors.sale : colors.line }}>
                  ★
                </Text>
              ))}
            </View>
            <Field label="Title" value={heading} onChangeText={setHeading} maxLength={120} error={errors.title} />
            <Field label="Your review" value={body} onChangeText={setBody} multiline numberOfLines={5} maxLength={5000} error={errors.body} />
            {errors[''] && <Text style={styles.error}>{errors['']}</Text>}
            <Button title="Send review" onPress={send} />
          </>
        )}
      </View>
    </ScrollView>
  );
}
