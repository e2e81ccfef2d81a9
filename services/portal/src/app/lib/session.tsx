// Who is signed in (or nobody: anonymous visitors browse public projects), and what they may do.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { UserResp } from '@harbor/contracts';
import type { Permission } from '@harbor/client';
import { api, ApiClientError } from './api.js';
import { useAsync } from './hooks.js';

interface Session {
  user: UserResp | null;
  /** True until the first answer about the current user. */
  loading: boolean;
  refresh: () => Promise<void>;
  signIn: (principal: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserResp | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      setUser(await api.currentUser());
    } catch (err) {
      if (!(err instanceof ApiClientError && err.status === 401)) throw err;
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    refresh().catch(() => setLoading(false));
    const expired = () => setUser(null);
    window.addEventListener('harbor:unauthorized', expired);
    return () => window.removeEventListener('harbor:unauthorized', expired);
  }, [refresh]);
  const signIn = useCallback(async (principal: string, password: string) => {
    await api.login(principal, password);
    await refresh();
  }, [refresh]);
  const signOut = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setUser(null);
  }, []);
  return <SessionContext.Provider value={{ user, loading, refresh, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export interface Permissions {
  can: (resource: string, action: string) => boolean;
  loading: boolean;
}

/** The caller's permissions at `/project/{id}` (or `/system` when no project is given). */
export function usePermissions(projectId?: number): Permissions {
  const { user } = useSession();
  const scope = projectId === undefined ? '/system' : `/project/${projectId}`;
  const state = useAsync<Permission[]>(
    () => (user ? api.permissions(scope) : Promise.resolve([])),
    [scope, user?.user_id],
  );
  const list = state.data ?? [];
  return {
    loading: state.loading,
    can: (resource, action) => Boolean(user?.sysadmin_flag) || list.some((p) => p.resource === resource && (p.action === action || p.action === '*')),
  };
}
