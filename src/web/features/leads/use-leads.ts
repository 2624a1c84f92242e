import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  AssignmentRuleDto,
  LeadDto,
  LeadFormDto,
  LeadModelDto,
  ScoringRuleDto,
} from '../../../shared/leads.ts';
import { api } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

export type LeadPage = { data: LeadDto[]; nextCursor: string | null };

export const leadKeys = {
  all: ['leads'] as const,
  list: (params: Record<string, unknown>) => ['leads', 'list', params] as const,
  lead: (contactId: string) => ['leads', 'lead', contactId] as const,
  forms: ['leads', 'forms'] as const,
  snippet: (id: string) => ['leads', 'snippet', id] as const,
  scoring: ['leads', 'scoring'] as const,
  model: ['leads', 'model'] as const,
  assignment: ['leads', 'assignment'] as const,
};

export const useLeadForms = () =>
  useQuery({
    queryKey: leadKeys.forms,
    queryFn: ({ signal }) => api<{ data: LeadFormDto[] }>('/lead-forms', { signal }),
  });
export const useSnippet = (id: string | null) =>
  useQuery({
    queryKey: leadKeys.snippet(id ?? ''),
    queryFn: ({ signal }) => api<{ html: string }>(`/lead-forms/${id}/snippet`, { signal }),
    enabled: Boolean(id),
  });
export const useScoringRules = () =>
  useQuery({
    queryKey: leadKeys.scoring,
    queryFn: ({ signal }) => api<{ data: ScoringRuleDto[] }>('/lead-scoring/rules', { signal }),
  });
export const useLeadModel = () =>
  useQuery({
    queryKey: leadKeys.model,
    queryFn: ({ signal }) => api<{ model: LeadModelDto | null }>('/lead-scoring/model', { signal }),
  });
export const useAssignmentRules = () =>
  useQuery({
    queryKey: leadKeys.assignment,
    queryFn: ({ signal }) => api<{ data: AssignmentRuleDto[] }>('/lead-assignment/rules', { signal }),
  });

/** A write to the lead API that refreshes every lead query and says so (or shows the error). */
export function useLeadWrite<I, O = unknown>(
  fn: (input: I) => Promise<O>,
  opts: { done?: string; onDone?: (out: O) => void; refreshAll?: boolean } = {},
) {
  const { t } = useTranslation('leads');
  const qc = useQueryClient();
  const message = useErrorMessage();
  return useMutation({
    mutationFn: fn,
    onSuccess: (out) => {
      // Converting changes the contact (stage, company) and adds a deal: everything shown may be stale.
      void qc.invalidateQueries(opts.refreshAll ? undefined : { queryKey: leadKeys.all });
      notifications.show({ color: 'teal', message: opts.done ?? t('saved') });
      opts.onDone?.(out);
    },
    onError: (err) => notifications.show({ color: 'red', message: message(err) }),
  });
}

/** `{version}` → the If-Match header. */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
