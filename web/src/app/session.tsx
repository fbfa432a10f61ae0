// Who is signed in, with what permissions; the whole console reads it from here.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post, setCsrfToken, whenSignedOut } from './api.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  organisation: { id: string; code: string; name: string; kind: string };
  permissions: string[];
}

export interface SessionState {
  stage: 'totp_required' | 'totp_enrolment' | 'active';
  csrfToken: string;
  secondFactor: boolean;
  user: SessionUser;
}

interface SessionContextValue {
  /** undefined while loading; null when nobody is signed in. */
  session: SessionState | null | undefined;
  setSession: (state: SessionState | null) => void;
  signOut: () => Promise<void>;
  can: (permission: string) => boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<SessionState | null | undefined>(undefined);
  const queryClient = useQueryClient();

  const setSession = useCallback(
    (state: SessionState | null) => {
      setCsrfToken(state?.csrfToken ?? '');
      // Signed out (or never in): nothing read under the last session stays in memory on this device.
      if (!state) queryClient.clear();
      setSessionState(state);
    },
    [queryClient],
  );

  useEffect(() => {
    whenSignedOut(() => setSession(null));
    get<SessionState>('/auth/session')
      .then(setSession)
      .catch((error: unknown) => {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) setSession(null);
        else setSession(null);
      });
  }, [setSession]);

  const signOut = useCallback(async () => {
    await post('/auth/sign-out').catch(() => undefined);
    setSession(null);
  }, [setSession]);

  const can = useCallback(
    (permission: string) => Boolean(session?.stage === 'active' && session.user.permissions.includes(permission)),
    [session],
  );

  return <SessionContext.Provider value={{ session, setSession, signOut, can }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
