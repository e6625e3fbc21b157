import Constants from 'expo-constants';
import * as Device from 'expo-device';
import * as Notifications from 'expo-notifications';
import { router } from 'expo-router';
import { useEffect } from 'react';
import { Platform } from 'react-native';
import { api, useSession } from './session';

Notifications.setNotificationHandler({
  handleNotification: async () => ({ shouldShowBanner: true, shouldShowList: true, shouldPlaySound: false, shouldSetBadge: false }),
});

/**
 * Once a customer is signed in on a real device: asks to send notifications, gets this device's
 * Expo push token and gives it to the API (order updates, and promotions if they opted in).
 * Tapping a notification opens what it is about.
 */
export function usePushRegistration() {
  const { user } = useSession();
  useEffect(() => {
    if (!user || Platform.OS === 'web' || !Device.isDevice) return;
    void (async () => {
      if (Platform.OS === 'android') {
        await Notifications.setNotificationChannelAsync('orders', { name: 'Orders', importance: Notifications.AndroidImportance.DEFAULT });
      }
      const settings = await Notifications.getPermissionsAsync();
      const granted = settings.granted || (await Notifications.requestPermissionsAsync()).granted;
      if (!granted) return;
      const projectId = Constants.expoConfig?.extra?.eas?.projectId as string | undefined;
      if (!projectId) return; // a build without EAS_PROJECT_ID cannot receive pushes
      const { data: token } = await Notifications.getExpoPushTokenAsync({ projectId });
      await api.registerDevice({ body: { token, provider: 'expo', platform: Platform.OS === 'ios' ? 'ios' : 'android' } });
    })().catch(() => undefined); // no permission or no network: asked again on the next start
  }, [user]);

  useEffect(() => {
    if (Platform.OS === 'web') return;
    const subscription = Notifications.addNotificationResponseReceivedListener((response) => {
      const data = response.notification.request.content.data as { orderId?: string; url?: string };
      if (data.orderId) router.push({ pathname: '/orders/[id]', params: { id: data.orderId } });
    });
    return () => subscription.remove();
  }, []);
}
