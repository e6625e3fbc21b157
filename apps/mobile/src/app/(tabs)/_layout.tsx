import { Tabs } from 'expo-router';
import { type ColorValue, Text } from 'react-native';
import { colors } from '../../components/ui';
import { useCart } from '../../lib/cart';

const icon = (glyph: string) =>
  function TabIcon({ color }: { color: ColorValue }) {
    return <Text style={{ color, fontSize: 18 }}>{glyph}</Text>;
  };

export default function TabsLayout() {
  const { cart } = useCart();
  return (
    <Tabs screenOptions={{ headerStyle: { backgroundColor: colors.brand }, headerTintColor: '#fff', tabBarActiveTintColor: colors.brand }}>
      <Tabs.Screen name="index" options={{ title: 'Home', tabBarIcon: icon('⌂') }} />
      <Tabs.Screen name="categories" options={{ title: 'Categories', tabBarIcon: icon('☰') }} />
      <Tabs.Screen name="search" options={{ title: 'Search', tabBarIcon: icon('⌕') }} />
      <Tabs.Screen name="cart" options={{ title: 'Cart', tabBarIcon: icon('◫'), tabBarBadge: cart?.itemCount ? cart.itemCount : undefined }} />
      <Tabs.Screen name="account" options={{ title: 'Account', tabBarIcon: icon('☺') }} />
    </Tabs>
  );
}
