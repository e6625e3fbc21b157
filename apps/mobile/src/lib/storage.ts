import AsyncStorage from '@react-native-async-storage/async-storage';

/**
 * Small JSON documents kept on the device: the last catalogue pages, the cart, changes waiting to
 * be sent. Not for secrets (those go to secure storage).
 */
export async function readJson<T>(key: string): Promise<T | undefined> {
  try {
    const raw = await AsyncStorage.getItem(`tk:${key}`);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeJson(key: string, value: unknown): Promise<void> {
  await AsyncStorage.setItem(`tk:${key}`, JSON.stringify(value));
}

export async function removeKey(key: string): Promise<void> {
  await AsyncStorage.removeItem(`tk:${key}`);
}
