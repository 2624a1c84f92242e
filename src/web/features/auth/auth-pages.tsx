import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/language-picker.tsx';
import { i18n } from '../../i18n/index.ts';
import { ApiError, api } from '../../lib/api.ts';
import { type Session, useSession, useSetSession } from '../../lib/session.ts';

function Frame({ title, intro, children }: { title: string; intro?: string; children: React.ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={420} maw="100%">
        <Group justify="space-between" mb="md" wrap="nowrap">
          <Text fw={800} size="xl" c="teal.7">
            Rapport
          </Text>
          <LanguagePicker />
        </Group>
        <Title order={1} size="h3" mb={intro ? 4 : 'md'}>
          {title}
        </Title>
        {intro && (
          <Text c="dimmed" size="sm" mb="md">
            {intro}
          </Text>
        )}
        {children}
      </Paper>
    </Center>
  );
}

function useAuthSubmit(path: string) {
  const setSession = useSetSession();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (body: Record<string, string>, onFieldErrors: (e: Record<string, string>) => void) => {
    setBusy(true);
    setError(null);
    try {
      const s = await api<Session>(path, {
        method: 'POST',
        body: { ...body, ...(path === '/setup' ? { language: i18n.language } : {}) },
      });
      setSession(s);
      await navigate({ to: '/contacts' });
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err);
        onFieldErrors(err.fieldErrors());
      } else setError(new ApiError(0, null, String(err)));
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}

export function SetupPage() {
  const { t } = useTranslation('auth');
  const status = useQuery({ queryKey: ['setup'], queryFn: () => api<{ needsSetup: boolean }>('/setup') });
  const form = useForm({ initialValues: { name: '', email: '', password: '' } });
  const { submit, error, busy } = useAuthSubmit('/setup');
  if (status.data && !status.data.needsSetup) return <Navigate to="/login" />;
  return (
    <Frame title={t('setup.title')} intro={t('setup.intro')}>
      <form onSubmit={form.onSubmit((v) => submit(v, form.setErrors))} noValidate>
        <Stack>
          {error && !error.errors.length && <Alert color="red">{error.message}</Alert>}
          <TextInput label={t('fields.name')} autoComplete="name" {...form.getInputProps('name')} />
          <TextInput
            label={t('fields.email')}
            type="email"
            required
            autoComplete="email"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('fields.password')}
            description={t('fields.passwordHint')}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={busy}>
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}

export function LoginPage() {
  const { t } = useTranslation('auth');
  const session = useSession();
  const status = useQuery({ queryKey: ['setup'], queryFn: () => api<{ needsSetup: boolean }>('/setup') });
  const form = useForm({ initialValues: { email: '', password: '' } });
  const { submit, error, busy } = useAuthSubmit('/auth/login');
  if (status.data?.needsSetup) return <Navigate to="/setup" />;
  if (session.data) return <Navigate to="/contacts" />;
  return (
    <Frame title={t('login.title')}>
      <form onSubmit={form.onSubmit((v) => submit(v, () => {}))} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error.code === 'account_locked'
                ? t('login.locked')
                : error.code === 'invalid_credentials'
                  ? t('login.failed')
                  : error.message}
            </Alert>
          )}
          <TextInput
            label={t('fields.email')}
            type="email"
            required
            autoComplete="username"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('fields.password')}
            required
            autoComplete="current-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={busy}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}
