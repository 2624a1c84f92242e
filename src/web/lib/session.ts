import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserDto } from '../../shared/users.ts';
import { ApiError, api, setCsrfToken } from './api.ts';

export type Session = { user: UserDto; csrfToken: string };

export const sessionKey = ['session'] as const;

/** The signed-in user (null when logged out). Keeps the CSRF token for the API client. */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        const s = await api<Session>('/auth/me');
        setCsrfToken(s.csrfToken);
        return s;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 400)) return null;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSetSession() {
  const qc = useQueryClient();
  return (s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    qc.setQueryData(sessionKey, s);
  };
}

export const roleRank = { viewer: 0, agent: 1, manager: 2, admin: 3 } as const;
export const hasRole = (user: UserDto | undefined | null, role: keyof typeof roleRank) =>
  !!user && roleRank[user.role] >= roleRank[role];
