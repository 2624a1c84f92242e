import { useState } from 'react';

/**
 * Open/closed plus what the dialog is about. Closing keeps the data, so a modal's title and form do not
 * change while it fades out.
 */
export function useDialog<T>() {
  const [state, setState] = useState<{ opened: boolean; data: T | null }>({ opened: false, data: null });
  return {
    opened: state.opened,
    data: state.data,
    open: (data: T) => setState({ opened: true, data }),
    close: () => setState((s) => ({ ...s, opened: false })),
    /** Forgets the data (for secrets), e.g. once the close transition has ended. */
    clear: () => setState({ opened: false, data: null }),
  };
}
