import { useNavigate } from '@tanstack/react-router';
import type { ImportEntity } from '../../../shared/imports.ts';
import { conditionId, type ListState } from '../records/list-state.ts';

/**
 * Opens the contact or company list on the records an import tagged. The lists keep their filters in
 * this browser's storage (not the URL), so the tag filter is written there before the list opens;
 * the user's columns and sort stay as they were.
 */
export function useShowImported() {
  const navigate = useNavigate();
  return (entity: ImportEntity, tag: string | undefined) => {
    const kind = entity === 'contacts' ? 'contact' : 'company';
    if (tag) {
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
    void navigate({ to: `/${entity}` });
  };
}
