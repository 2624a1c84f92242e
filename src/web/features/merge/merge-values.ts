import { type MergeEntity, type MultiMergeField, multiMergeFields } from '../../../shared/merge.ts';
import { contactName } from '../../lib/format.ts';

/** A record as the merge pages read it: the API's DTO, fields by name, custom fields in `custom`. */
export type Rec = Record<string, unknown> & { id: string; version: number; custom: Record<string, unknown> };

export const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
export const isMulti = (f: string): f is MultiMergeField =>
  (multiMergeFields as readonly string[]).includes(f);
export const fieldOf = (r: Rec, f: string) => (f.startsWith('custom.') ? r.custom[f.slice(7)] : r[f]);
export const nameOf = (entity: MergeEntity, r: Rec) =>
  entity === 'company' ? String(r.name) : contactName(r as never);
