import { Alert, Button, Card, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconDatabaseExport, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../lib/session.ts';
import { SectionIntro } from '../settings/settings.layout.tsx';

/** Settings → Backup: download a backup (admins); how to restore it and move between databases. */
export function BackupPage() {
  const { t } = useTranslation('backup');
  const isAdmin = hasRole(useSession().data?.user, 'admin');
  const backupCommand = `# ${t('cmdStopped')}\nrapport backup rapport-backup.zip`;
  const restoreCommands = [
    `# ${t('cmdEmbedded')}`,
    'rapport restore rapport-backup.zip',
    `# ${t('cmdPostgres')}`,
    'DATABASE_URL=postgres://user@host/rapport rapport restore rapport-backup.zip',
  ].join('\n');
  return (
    <Stack gap="lg" maw={860}>
      <SectionIntro>{t('intro')}</SectionIntro>
      <Card withBorder padding="lg" radius="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('downloadTitle')}
          </Title>
          <Text size="sm">{t('downloadText')}</Text>
          <Text size="sm" c="dimmed">
            {t('pgliteNote')}
          </Text>
          {isAdmin ? (
            <Group>
              <Button component="a" href="/api/v1/backup" download leftSection={<IconDownload size={16} />}>
                {t('download')}
              </Button>
            </Group>
          ) : (
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
              {t('adminOnly')}
            </Alert>
          )}
          <Code block aria-label={t('commandsLabel')}>
            {backupCommand}
          </Code>
        </Stack>
      </Card>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('restoreTitle')}
        </Title>
        <Text size="sm">{t('restoreWhy')}</Text>
        <List type="ordered" size="sm" spacing="xs">
          <List.Item>{t('step1')}</List.Item>
          <List.Item>
            <Stack gap={6}>
              <span>{t('step2')}</span>
              <Code block aria-label={t('commandsLabel')}>
                {restoreCommands}
              </Code>
              <Text size="sm" c="dimmed">
                {t('forceNote')}
              </Text>
            </Stack>
          </List.Item>
          <List.Item>{t('step3')}</List.Item>
        </List>
      </Stack>
      <Stack gap="sm">
        <Title order={2} size="h4">
          <Group gap={8} component="span">
            <IconDatabaseExport size={20} aria-hidden />
            {t('moveTitle')}
          </Group>
        </Title>
        <Text size="sm">{t('moveText')}</Text>
      </Stack>
    </Stack>
  );
}
