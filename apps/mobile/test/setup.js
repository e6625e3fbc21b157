// Real HTTP to the test API (see environment.js).
globalThis.fetch = globalThis.__nodeFetch;

// Native modules the tests cannot load stand in for the device: the key-value storage and the
// secure store keep their data in memory, and the network sensor is one the tests switch off and
// on (test/network.ts). Everything the app asks of the shop goes to the real API.
jest.mock('@react-native-async-storage/async-storage', () => require('@react-native-async-storage/async-storage/jest/async-storage-mock'));

jest.mock('expo-secure-store', () => {
  const items = new Map();
  return {
    AFTER_FIRST_UNLOCK: 'AFTER_FIRST_UNLOCK',
    getItemAsync: async (key) => items.get(key) ?? null,
    setItemAsync: async (key, value) => void items.set(key, value),
    deleteItemAsync: async (key) => void items.delete(key),
  };
});

jest.mock('@react-native-community/netinfo', () => {
  const listeners = new Set();
  let state = { isConnected: true, isInternetReachable: true };
  return {
    __esModule: true,
    default: {
      addEventListener(listener) {
        listeners.add(listener);
        listener(state);
        return () => listeners.delete(listener);
      },
      fetch: async () => state,
    },
    __setConnected(connected) {
      state = { isConnected: connected, isInternetReachable: connected };
      for (const l of listeners) l(state);
    },
  };
});

jest.mock('expo-notifications', () => ({
  setNotificationHandler: () => undefined,
  addNotificationResponseReceivedListener: () => ({ remove: () => undefined }),
}));
