import * as SecureStore from 'expo-secure-store';
import type { TokenStore } from '@tk/sdk';

const KEY = 'tk-session';

/**
 * The token pair in the platform's secure storage: the iOS Keychain, Android's Keystore-backed
 * encrypted preferences. Only this app can read it; it survives restarts, not uninstalling.
 */
export const tokenStore: TokenStore = {
  async load() {
    const raw = await SecureStore.getItemAsync(KEY);
    return raw ? JSON.parse(raw) : null;
  },
  async save(tokens) {
    if (tokens) await SecureStore.setItemAsync(KEY, JSON.stringify(tokens), { keychainAccessible: SecureStore.AFTER_FIRST_UNLOCK });
    else await SecureStore.deleteItemAsync(KEY);
  },
};
