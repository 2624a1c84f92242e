import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import { ApiError, api } from '../../lib/api.ts';
import { newIdempotencyKey } from '../../lib/ids.ts';
import { renderedPaths, splitErrors, useFieldErrorText } from './form-errors.ts';
import { changedFields, pruneEmptyRows, type RecordFormValues } from './form-values.ts';
import { type EntityKind, entities, recordKeys } from './record-types.ts';
import { useErrorMessage } from './use-record-actions.ts';

export type Duplicate = { id: string; firstName: string; lastName: string; emails: { address: string }[] };

export type FormProblem =
  | { kind: 'conflict' }
  | { kind: 'reloaded' }
  | { kind: 'duplicates'; duplicates: Duplicate[] }
  | { kind: 'error'; message: string; details: { path: string; message: string }[] };

type Versioned = { id: string; version: number };

type Options<D extends Versioned> = {
  kind: EntityKind;
  record: D | null;
  defs: CustomFieldDto[];
  toForm: (d: D | null) => RecordFormValues;
  toPayload: (v: RecordFormValues) => Record<string, unknown>;
  /** Top-level inputs this entity's form shows (besides the shared ones). */
  scalars: readonly string[];
  /** Re-adds what the form always shows (e.g. one blank e-mail row) after blank rows are pruned. */
  normalize?: (v: RecordFormValues) => RecordFormValues;
  /** Client-side checks before sending; keys are form paths. */
  validate: (
    v: RecordFormValues,
    creating: boolean,
    changed: Record<string, unknown>,
  ) => Record<string, string>;
  onSaved: (d: D, created: boolean) => void;
};

const withoutRowKeys = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'key' ? undefined : x));

/** On create, blank optional fields are left out (the API fills its defaults); owner stays explicit. */
function compact(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (k === 'ownerId') out[k] = v;
    else if (k === 'custom') {
      const c = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null),
      );
      if (Object.keys(c).length) out[k] = c;
    } else if (!(v === null || v === '' || (Array.isArray(v) && v.length === 0))) out[k] = v;
  }
  return out;
}

/**
 * Create/edit a record: sends only changed fields with If-Match on PATCH, an Idempotency-Key on POST,
 * shows API field errors at their inputs, and handles 412 (reload keeping your edits) and 409 duplicates.
 */
export function useRecordForm<D extends Versioned>(o: Options<D>) {
  const { t } = useTranslation('records');
  const qc = useQueryClient();
  const errorMessage = useErrorMessage();
  const errorText = useFieldErrorText();
  const form = useForm<RecordFormValues>({ initialValues: o.toForm(o.record) });
  const [base, setBase] = useState<D | null>(o.record);
  const initial = useRef<RecordFormValues>(form.values);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const plural = entities[o.kind].plural;

  const save = async (raw: RecordFormValues, allowDuplicate = false) => {
    const values = pruneEmptyRows(raw);
    // blank rows only ever trail the pruned ones, so API error paths (emails.0.address) keep their row
    const shown = o.normalize ? o.normalize(values) : values;
    if (withoutRowKeys(shown) !== withoutRowKeys(raw)) form.setValues(shown);
    const payload = o.toPayload(values);
    const changed = base ? changedFields(o.toPayload(pruneEmptyRows(initial.current)), payload) : payload;
    const clientErrors = o.validate(values, !base, changed);
    if (Object.keys(clientErrors).length) {
      form.setErrors(clientErrors);
      setProblem({ kind: 'error', message: t('form.fixErrors'), details: [] });
      return;
    }
    if (base && Object.keys(changed).length === 0) {
      o.onSaved(base, false);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const saved = base
        ? await api<D>(`/${plural}/${base.id}`, {
            method: 'PATCH',
            body: changed,
            headers: { 'if-match': `"${base.version}"` },
          })
        : await api<D>(`/${plural}${allowDuplicate ? '?allowDuplicate=true' : ''}`, {
            method: 'POST',
            body: compact(payload),
            headers: { 'idempotency-key': newIdempotencyKey() },
          });
      qc.setQueryData(recordKeys.detail(o.kind, saved.id), saved);
      void qc.invalidateQueries({ queryKey: recordKeys.all(o.kind) });
      if (o.kind === 'contact') void qc.invalidateQueries({ queryKey: recordKeys.all('company') });
      notifications.show({ color: 'teal', message: base ? t('form.saved') : t('form.created') });
      o.onSaved(saved, !base);
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setProblem({ kind: 'error', message: errorMessage(err), details: [] });
      } else if (err.status === 412) {
        setProblem({ kind: 'conflict' });
      } else if (err.code === 'duplicate_contact') {
        setProblem({
          kind: 'duplicates',
          duplicates: (err.problem?.duplicates as Duplicate[] | undefined) ?? [],
        });
      } else {
        const { byPath, unknown } = splitErrors(
          err.errors,
          renderedPaths(values, o.scalars, o.defs),
          errorText,
        );
        form.setErrors(byPath);
        setProblem({
          kind: 'error',
          message: err.errors.length ? t('form.fixErrors') : errorMessage(err),
          details: unknown,
        });
      }
    } finally {
      setBusy(false);
    }
  };

  /** After a 412: load the latest version and re-apply the fields this user changed on top of it. */
  const reload = async () => {
    if (!base) return;
    const fresh = await qc.fetchQuery({
      queryKey: recordKeys.detail(o.kind, base.id),
      queryFn: () => api<D>(`/${plural}/${base.id}?includeDeleted=true`),
      staleTime: 0,
    });
    const next = o.toForm(fresh);
    const mine = form.values;
    const before = initial.current;
    const merged = { ...next, custom: { ...next.custom } };
    for (const k of Object.keys(mine) as (keyof RecordFormValues)[]) {
      if (k === 'custom') {
        for (const ck of Object.keys(mine.custom))
          if (withoutRowKeys(mine.custom[ck]) !== withoutRowKeys(before.custom[ck]))
            merged.custom[ck] = mine.custom[ck]!;
      } else if (withoutRowKeys(mine[k]) !== withoutRowKeys(before[k]))
        (merged as Record<string, unknown>)[k] = mine[k];
    }
    initial.current = next;
    setBase(fresh);
    form.setValues(merged);
    form.clearErrors();
    setProblem({ kind: 'reloaded' });
  };

  return {
    form,
    busy,
    problem,
    creating: !base,
    submit: form.onSubmit((v) => void save(v)),
    createAnyway: () => void save(form.values, true),
    reload: () =>
      void reload().catch((err) => setProblem({ kind: 'error', message: errorMessage(err), details: [] })),
    dismissProblem: () => setProblem(null),
  };
}
