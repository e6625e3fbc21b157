import NetInfo from '@react-native-community/netinfo';
import { ApiError } from '@tk/sdk';
import { useEffect, useState } from 'react';

/** Whether the device has a connection; `null` until the first answer. */
export function useOnline(): boolean | null {
  const [online, setOnline] = useState<boolean | null>(null);
  useEffect(() => NetInfo.addEventListener((state) => setOnline(state.isConnected !== false && state.isInternetReachable !== false)), []);
  return online;
}

/** A request that never reached the API (no network, server down), as opposed to the API saying no. */
export function isNetworkError(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status >= 502;
}
