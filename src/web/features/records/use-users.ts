import { useQuery } from '@tanstack/react-query';
import type { UserDto } from '../../../shared/users.ts';
import { api } from '../../lib/api.ts';

/** Everyone who can own records; names for owner columns and pickers. */
export function useUsers() {
  const q = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => api<{ data: UserDto[] }>('/users', { signal }),
    staleTime: 5 * 60_000,
  });
  const users = q.data?.data ?? [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const nameOf = (id: string | null | undefined) => {
    if (!id) return null;
    const u = byId.get(id);
    return u ? u.name || u.email : null;
  };
  return { users, byId, nameOf, isPending: q.isPending };
}
