import { Link, router } from 'expo-router';
import { ScrollView, Text, View } from 'react-native';
import { Button, colors, styles } from '../../components/ui';
import { useSession } from '../../lib/session';

/** Signed in: orders, addresses, wishlist, sign out. Signed out: sign in or create an account. */
export default function Account() {
  const { user, signOut } = useSession();
  if (user === undefined) return null;
  if (!user) {
    return (
      <View style={[styles.screen, styles.pad]}>
        <Text style={styles.h1}>Your account</Text>
        <Text style={styles.text}>Sign in to see your orders on every device, save addresses and keep a wishlist.</Text>
        <Button title="Sign in" onPress={() => router.push('/login')} testID="go-login" />
        <Button title="Create an account" kind="secondary" onPress={() => router.push('/register')} />
        <Link href="/orders/lookup" style={{ color: colors.brand, marginTop: 12 }}>
          Find an order placed as a guest
        </Link>
      </View>
    );
  }
  const links = [
    ['/orders', 'Your orders'],
    ['/addresses', 'Addresses'],
    ['/wishlist', 'Wishlist'],
  ] as const;
  return (
    <ScrollView style={styles.screen}>
      <View style={styles.pad}>
        <Text style={styles.h1}>Hello, {user.name}</Text>
        <Text style={styles.muted}>{user.email}</Text>
        {links.map(([href, label]) => (
          <Link key={href} href={href} style={[styles.line, { color: colors.brand, fontSize: 17 }]}>
            {label}
          </Link>
        ))}
        <Button title="Sign out" kind="secondary" onPress={() => void signOut()} />
      </View>
    </ScrollView>
  );
}
