import { companyFields } from '../../../shared/companies.ts';
import { contactFields } from '../../../shared/contacts.ts';
import type { CustomFieldEntity } from '../../../shared/custom-fields.ts';
import type { FieldMeta } from '../../../shared/filters.ts';

/** What the shared record UI needs to know about an entity. */
export type EntityKind = CustomFieldEntity;

export type EntityInfo = {
  kind: EntityKind;
  /** API collection and route segment. */
  plural: 'contacts' | 'companies';
  fields: Record<string, FieldMeta>;
};

export const entities: Record<EntityKind, EntityInfo> = {
  contact: { kind: 'contact', plural: 'contacts', fields: contactFields },
  company: { kind: 'company', plural: 'companies', fields: companyFields },
};

/** The fields every record (contact or company) shares, for generic parts such as the recycle bin. */
export type RecordBase = {
  id: string;
  ownerId: string | null;
  tags: string[];
  version: number;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export const recordPath = (kind: EntityKind, id: string) => `/${entities[kind].plural}/${id}`;

/** Query keys: invalidating `[plural]` refreshes every list, record and history of the entity. */
export const recordKeys = {
  all: (kind: EntityKind) => [entities[kind].plural] as const,
  lists: (kind: EntityKind) => [entities[kind].plural, 'list'] as const,
  list: (kind: EntityKind, params: Record<string, unknown>) =>
    [entities[kind].plural, 'list', params] as const,
  detail: (kind: EntityKind, id: string) => [entities[kind].plural, 'detail', id] as const,
  history: (kind: EntityKind, id: string) => [entities[kind].plural, 'history', id] as const,
};
