import { Stack } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { colors } from '../components/ui';
import { CartProvider } from '../lib/cart';
import { usePushRegistration } from '../lib/push';
import { SessionProvider } from '../lib/session';

function Push() {
  usePushRegistration();
  return null;
}

/** Providers every screen shares: the session (secure storage) and the cart (live, offline queue). */
export default function RootLayout() {
  return (
    <SafeAreaProvider>
      <SessionProvider>
        <CartProvider>
            <Push />
            <StatusBar style="light" />
            <Stack screenOptions={{ headerStyle: { backgroundColor: colors.brand }, headerTintColor: '#fff' }}>
              <Stack.Screen name="(tabs)" options={{ headerShown: false, title: 'Shop' }} />
            </Stack>
        </CartProvider>
      </SessionProvider>
    </SafeAreaProvider>
  );
}
