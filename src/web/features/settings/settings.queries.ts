import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateCustomFieldInput,
  CustomFieldDto,
  CustomFieldEntity,
  UpdateCustomFieldInput,
} from '../../../shared/custom-fields.ts';
import type { ApiKeyDto, CreateUserInput, TeamDto, UpdateUserInput, UserDto } from '../../../shared/users.ts';
import { api } from '../../lib/api.ts';
import { sessionKey } from '../../lib/session.ts';

/** Server state of the settings pages. Mutations refresh what they change; callers add notifications. */
export const keys = {
  users: ['users'] as const,
  teams: ['teams'] as const,
  apiKeys: (all: boolean) => ['api-keys', { all }] as const,
  customFields: (entity: CustomFieldEntity) => ['custom-fields', entity] as const,
};

type List<T> = { data: T[] };
const unwrap = <T>(r: List<T>) => r.data;

// The cache holds the API's envelope ({ data }) under the same keys the records feature uses, so both read
// and refresh one entry; `select` hands the pages the plain array.
export const useUsers = () =>
  useQuery({
    queryKey: keys.users,
    queryFn: ({ signal }) => api<List<UserDto>>('/users', { signal }),
    select: unwrap,
  });
export const useTeams = () =>
  useQuery({
    queryKey: keys.teams,
    queryFn: ({ signal }) => api<List<TeamDto>>('/teams', { signal }),
    select: unwrap,
  });
export const useApiKeys = (all: boolean) =>
  useQuery({
    queryKey: keys.apiKeys(all),
    queryFn: ({ signal }) => api<List<ApiKeyDto>>(`/api-keys${all ? '?all=true' : ''}`, { signal }),
    select: unwrap,
  });
export const useCustomFields = (entity: CustomFieldEntity) =>
  useQuery({
    queryKey: keys.customFields(entity),
    queryFn: ({ signal }) => api<List<CustomFieldDto>>(`/custom-fields?entity=${entity}`, { signal }),
    select: unwrap,
  });

/** A user's teams live on both sides (user.teamIds, team.memberIds): refresh both after either changes. */
function useInvalidate() {
  const qc = useQueryClient();
  return (...queryKeys: (readonly unknown[])[]) =>
    Promise.all(queryKeys.map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useCreateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api<UserDto>('/users', { method: 'POST', body: input }),
    onSuccess: () => invalidate(keys.users, keys.teams),
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateUserInput & { id: string }) =>
      api<UserDto>(`/users/${id}`, { method: 'PATCH', body: input }),
    onSuccess: () => invalidate(keys.users, keys.teams, sessionKey),
  });
}

export function useResetPassword() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      api<void>(`/users/${id}/password`, { method: 'POST', body: { password } }),
    onSuccess: () => invalidate(keys.users),
  });
}

export function useSaveTeam() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: { id?: string; name: string; memberIds: string[] }) =>
      id
        ? api<TeamDto>(`/teams/${id}`, { method: 'PATCH', body: input })
        : api<TeamDto>('/teams', { method: 'POST', body: input }),
    onSuccess: () => invalidate(keys.teams, keys.users, sessionKey),
  });
}

export function useDeleteTeam() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/teams/${id}`, { method: 'DELETE' }),
    onSuccess: () => invalidate(keys.teams, keys.users, sessionKey),
  });
}

export function useCreateApiKey() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (name: string) =>
      api<ApiKeyDto & { key: string }>('/api-keys', { method: 'POST', body: { name } }),
    onSuccess: () => invalidate(['api-keys']),
  });
}

export function useRevokeApiKey() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api<ApiKeyDto>(`/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => invalidate(['api-keys']),
  });
}

export function useSaveCustomField() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (
      input: { id: string; patch: UpdateCustomFieldInput } | { create: CreateCustomFieldInput },
    ) =>
      'create' in input
        ? api<CustomFieldDto>('/custom-fields', { method: 'POST', body: input.create })
        : api<CustomFieldDto>(`/custom-fields/${input.id}`, { method: 'PATCH', body: input.patch }),
    onSuccess: () => invalidate(['custom-fields']),
  });
}

export function useDeleteCustomField() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/custom-fields/${id}`, { method: 'DELETE' }),
    onSuccess: () => invalidate(['custom-fields']),
  });
}
