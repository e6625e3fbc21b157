import { createSession, type TUser } from '@tk/sdk';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { API_URL } from './config';
import { readJson, writeJson } from './storage';
import { tokenStore } from './token-store';

/**
 * The app's one session: tokens in secure storage, refreshed by the SDK shortly before they expire
 * (refresh tokens rotate; one refresh is shared by concurrent calls). A refused refresh signs out.
 */
export const session = createSession({ baseUrl: API_URL, store: tokenStore, fetch: withVisitorId, onSignedOut: () => signedOutListeners.forEach((l) => l()) });
export const api = session.api;
const signedOutListeners = new Set<() => void>();

let visitorId: Promise<string> | undefined;
/**
 * Every request carries this install's visitor id (a random id kept on the device), so views and
 * cart adds count towards recommendations and the shop's funnel as the website's do. Looked up on
 * each call (not bound once), so the network layer can be swapped underneath.
 */
function withVisitorId(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  visitorId ??= readJson<string>('visitor-id').then(async (id) => {
    if (id) return id;
    const fresh = `app-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    await writeJson('visitor-id', fresh);
    return fresh;
  });
  return visitorId.then((id) => globalThis.fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-visitor-id': id } }));
}

interface SessionState {
  /** undefined while the stored session is being read; null when signed out. */
  user: TUser | null | undefined;
  signIn(email: string, password: string): Promise<TUser>;
  register(input: { email: string; password: string; name: string }): Promise<TUser>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<TUser | null | undefined>(undefined);

  useEffect(() => {
    const onSignedOut = () => setUser(null);
    signedOutListeners.add(onSignedOut);
    session.isSignedIn().then(async (yes) => {
      if (!yes) return setUser(null);
      // Offline at start-up: still signed in; the profile is fetched when the API answers.
      setUser(await api.getMe().catch(() => null));
    });
    return () => void signedOutListeners.delete(onSignedOut);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const signedIn = await session.signIn(email, password);
    setUser(signedIn);
    return signedIn;
  }, []);
  const register = useCallback(async (input: { email: string; password: string; name: string }) => {
    const created = await session.register(input);
    setUser(created);
    return created;
  }, []);
  const signOut = useCallback(async () => {
    await session.signOut();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, signIn, register, signOut }), [user, signIn, register, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
