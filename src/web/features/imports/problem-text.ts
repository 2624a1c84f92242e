import { useTranslation } from 'react-i18next';
import { isImportProblemCode, localizeProblemParams } from '../../../shared/import-problems.ts';
import type { ImportErrorRow } from './use-imports.ts';

/**
 * A row problem in the UI's language: its code's sentence from the shared catalogue, put together by
 * i18next with its params (numbers written the language's way). A problem without a code this app knows
 * (stored before codes existed, or from a newer server) shows the server's English message.
 */
export function useProblemText() {
  const { t, i18n } = useTranslation('imports');
  return (e: Pick<ImportErrorRow, 'code' | 'params' | 'message'>) =>
    isImportProblemCode(e.code)
      ? t(`problems.${e.code}`, localizeProblemParams(e.params, i18n.language))
      : e.message;
}
