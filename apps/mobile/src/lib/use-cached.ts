import { useCallback, useEffect, useRef, useState } from 'react';
import { isNetworkError } from './network';
import { readJson, writeJson } from './storage';

export interface Cached<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** The data came from the device because the API could not be reached. */
  offline: boolean;
  reload: () => void;
}

/**
 * Loads from the API and keeps a copy on the device under `key`; when the API cannot be reached,
 * shows the last copy instead (marked `offline`), so pages seen before stay readable without a
 * network. Errors the API answers with (404, 400) are shown, never papered over with a copy.
 */
export function useCached<T>(key: string | null, load: () => Promise<T>, deps: unknown[]): Cached<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean; offline: boolean }>({ loading: true, offline: false });
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(() => loadRef.current(), deps);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => {
        if (!live) return;
        setState({ data, loading: false, offline: false });
        if (key) void writeJson(`cache:${key}`, data).catch(() => undefined);
      },
      async (error: unknown) => {
        const copy = key && isNetworkError(error) ? await readJson<T>(`cache:${key}`) : undefined;
        if (!live) return;
        setState(copy !== undefined ? { data: copy, loading: false, offline: true } : { error, loading: false, offline: false });
      },
    );
    return () => {
      live = false;
    };
  }, [run, round, key]);

  return { ...state, data: state.data, reload: () => setRound((r) => r + 1) } as Cached<T>;
}
