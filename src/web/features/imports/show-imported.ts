import { useNavigate } from '@tanstack/react-router';
import { type ImportEntity, isPartyEntity } from '../../../shared/imports.ts';
import { conditionId, type ListState } from '../records/list-state.ts';
import { listPathOf } from './entity-rules.ts';

/** Whether the records an import made have a list page to show them on (interactions have none). */
export const canShowImported = (entity: ImportEntity) => listPathOf(entity) !== null;

/**
 * Opens the list of the records an import made: products, deals or orders as their list shows them; the
 * contact or company list on the records the import tagged. Those lists keep their filters in this
 * browser's storage (not the URL), so the tag filter is written there before the list opens; the user's
 * columns and sort stay as they were.
 */
export function useShowImported() {
  const navigate = useNavigate();
  return (entity: ImportEntity, tag: string | undefined) => {
    const to = listPathOf(entity);
    if (!to) return;
    if (tag && isPartyEntity(entity)) {
      const kind = entity === 'contacts' ? 'contact' : 'company';
      const key = `rapport.list.${kind}`; // the key list-state.ts stores the list under
      try {
        const saved = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<ListState>;
        const next: Partial<ListState> = {
          ...saved,
          q: '',
          advanced: null,
          viewId: null,
          conditions: [{ id: conditionId(), field: 'tags', op: 'hasAny', value: [tag] }],
        };
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // storage disabled: the unfiltered list opens
      }
    }
    void navigate({ to });
  };
}
