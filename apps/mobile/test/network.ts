// The device's network, switched off and on by tests: the connection sensor reports it, and every
// request fails as it does on a phone without signal.
const netinfo = require('@react-native-community/netinfo') as { __setConnected(connected: boolean): void };
const realFetch = globalThis.fetch;

export function goOffline() {
  globalThis.fetch = (() => Promise.reject(new TypeError('Network request failed'))) as typeof fetch;
  netinfo.__setConnected(false);
}

export function goOnline() {
  globalThis.fetch = realFetch;
  netinfo.__setConnected(true);
}
