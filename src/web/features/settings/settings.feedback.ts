import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../shared/problem.ts';
import { ApiError } from '../../lib/api.ts';

type Form = { setErrors: (errors: Record<string, string>) => void; getValues: () => unknown };

/** Problem codes with a message of our own (the API's `detail` is English only). */
const problemKeys: Record<string, string> = {
  last_admin: 'errors.lastAdmin',
  email_taken: 'errors.emailTaken',
  team_name_taken: 'errors.teamNameTaken',
  custom_field_exists: 'errors.fieldExists',
};

const has = (values: unknown, path: string) => {
  let v: unknown = values;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !(part in v)) return false;
    v = (v as Record<string, unknown>)[part];
  }
  return true;
};

/**
 * Turns API failures into words in the user's language: field errors go next to their inputs, everything
 * else becomes one message for an alert or a notification.
 */
export function useFeedback() {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();

  const fieldMessage = (e: FieldError, code: string): string => {
    const own = problemKeys[code];
    if (own) return t(own);
    const leaf = e.path.split('.').at(-1) ?? '';
    if (e.code === 'too_small')
      return e.message.includes('>=1 ')
        ? t('errors.required')
        : leaf === 'password'
          ? t('errors.passwordShort')
          : t('errors.tooShort');
    if (e.code === 'too_big') return t('errors.tooLong');
    if (e.code === 'invalid_format' && leaf === 'email') return t('errors.invalidEmail');
    if (e.code === 'invalid_format' && e.path === 'key') return t('errors.keyFormat');
    if (e.code === 'invalid_format' && leaf === 'value') return t('errors.optionComma');
    if (e.code === 'custom' && e.path === 'options') return t('errors.needsOptions');
    if (e.code === 'custom' && e.path === 'unique') return t('errors.cannotBeUnique');
    return e.message;
  };

  const message = (err: unknown): string => {
    if (!(err instanceof ApiError)) return tc('errors.network');
    const own = problemKeys[err.code];
    if (own) return t(own);
    if (err.status === 0) return tc('errors.network');
    if (err.status === 403) return tc('errors.forbidden');
    if (err.status === 404) return tc('errors.notFound');
    if (err.errors.length) return tc('errors.validation');
    return err.message;
  };

  /** Shows field errors on the form; returns the message for what no input can show (null when all could). */
  const applyToForm = (form: Form, err: unknown): string | null => {
    if (!(err instanceof ApiError) || !err.errors.length) return message(err);
    const values = form.getValues();
    const onForm: Record<string, string> = {};
    const rest: string[] = [];
    for (const e of err.errors) {
      if (has(values, e.path)) onForm[e.path] = fieldMessage(e, err.code);
      else rest.push(`${e.path}: ${fieldMessage(e, err.code)}`);
    }
    form.setErrors(onForm);
    if (rest.length) return `${message(err)} ${rest.join('; ')}`;
    return null;
  };

  const success = (text: string) => notifications.show({ color: 'teal', message: text });
  const failure = (err: unknown) =>
    notifications.show({ color: 'red', title: tc('states.error'), message: message(err) });

  return { message, applyToForm, success, failure };
}
