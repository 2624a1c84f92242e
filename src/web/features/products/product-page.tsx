import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowLeft, IconPencil, IconRestore, IconTrash } from '@tabler/icons-react';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/common.ts';
import { localized, type ProductDto } from '../../../shared/products.ts';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { ProductFormModal } from './product-form-modal.tsx';
import { useProduct, useProductAction, useProductHistory } from './use-products.ts';

/** /products/$productId: prices, texts per language, history; edit, archive, delete and restore. */
export function ProductPage() {
  const { productId } = useParams({ strict: false }) as { productId: string };
  const { t, i18n } = useTranslation('products');
  const message = useErrorMessage();
  const product = useProduct(productId);
  usePageTitle(product.data ? `${product.data.sku} · ${t('title')}` : t('title'));
  if (product.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (product.isError) return <Alert color="red">{message(product.error)}</Alert>;
  const p = product.data;
  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to="/products" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('detail.back')}
        </Group>
      </Anchor>
      <Header product={p} />
      {p.deletedAt && <Alert color="red">{t('detail.binned')}</Alert>}
      {p.archivedAt && !p.deletedAt && (
        <Alert color="gray">
          {t('detail.archivedOn', { date: formatDate(p.archivedAt, i18n.language) })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="sm">
            {t('detail.prices')}
          </Title>
          {p.prices.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('detail.noPrices')}
            </Text>
          ) : (
            <Table aria-label={t('detail.prices')} withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {p.prices.map((x) => (
                  <Table.Tr key={x.currency}>
                    <Table.Td c="dimmed">{x.currency}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatMoney({ amount: x.unitPrice, currency: x.currency }, i18n.language)} /{' '}
                      {t(`units.${p.unit}`)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Text size="xs" c="dimmed" mt="md">
            {t('detail.cost')}
          </Text>
          <Text size="sm">
            {p.costPrice !== null && p.costCurrency
              ? formatMoney({ amount: p.costPrice, currency: p.costCurrency }, i18n.language)
              : t('detail.noCost')}
          </Text>
          <Text size="xs" c="dimmed" mt="md">
            {t('detail.taxCategory')}
          </Text>
          <Text size="sm">{t(`taxCategories.${p.taxCategory}`)}</Text>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="sm">
            {t('detail.description')}
          </Title>
          <Stack gap="sm">
            {languages
              .filter((l) => p.names[l] || p.descriptions[l])
              .map((l) => (
                <div key={l} lang={l}>
                  <Text size="xs" c="dimmed">
                    {t(`languages.${l}`)}
                  </Text>
                  <Text size="sm" fw={500}>
                    {p.names[l] ?? '—'}
                  </Text>
                  {p.descriptions[l] && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {p.descriptions[l]}
                    </Text>
                  )}
                </div>
              ))}
          </Stack>
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="lg" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('detail.history')}
        </Title>
        <History id={p.id} />
      </Paper>
    </Stack>
  );
}

function Header({ product: p }: { product: ProductDto }) {
  const { t, i18n } = useTranslation('products');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const canWrite = hasRole(useSession().data?.user, 'manager');
  const action = useProductAction();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const run = async (kind: 'archive' | 'unarchive' | 'delete' | 'restore') => {
    try {
      await action.mutateAsync({ product: p, action: kind });
      const done = {
        archive: 'detail.archivedDone',
        unarchive: 'detail.unarchivedDone',
        delete: 'detail.deleted',
        restore: 'detail.restored',
      }[kind];
      notifications.show({ color: 'teal', message: t(done, { sku: p.sku }) });
      setConfirming(false);
    } catch (err) {
      notifications.show({ color: 'red', message: message(err) });
    }
  };
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <div>
        <Text size="sm" ff="monospace" c="dimmed">
          {p.sku}
        </Text>
        <Group gap="xs">
          <Title order={1} size="h2">
            {localized(p.names, i18n.language)}
          </Title>
          <Badge variant="light" color={p.status === 'active' ? 'teal' : 'gray'}>
            {t(`status.${p.status}`)}
          </Badge>
        </Group>
      </div>
      {canWrite && (
        <Group gap="xs">
          {p.deletedAt ? (
            <Button
              leftSection={<IconRestore size={16} />}
              loading={action.isPending}
              onClick={() => run('restore')}
            >
              {tc('actions.restore')}
            </Button>
          ) : (
            <>
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
              >
                {tc('actions.edit')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconArchive size={16} />}
                loading={action.isPending && action.variables?.action !== 'delete'}
                onClick={() => run(p.archivedAt ? 'unarchive' : 'archive')}
              >
                {p.archivedAt ? t('detail.unarchive') : t('detail.archive')}
              </Button>
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setConfirming(true)}
              >
                {tc('actions.delete')}
              </Button>
            </>
          )}
        </Group>
      )}
      <ProductFormModal opened={editing} product={p} onClose={() => setEditing(false)} />
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('detail.deleteTitle', { sku: p.sku })}
      >
        <Text size="sm">{t('detail.deleteBody')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {tc('actions.cancel')}
          </Button>
          <Button color="red" loading={action.isPending} onClick={() => run('delete')}>
            {tc('actions.delete')}
          </Button>
        </Group>
      </Modal>
    </Group>
  );
}

function History({ id }: { id: string }) {
  const { t, i18n } = useTranslation('products');
  const q = useProductHistory(id);
  if (q.isPending) return <Loader size="sm" />;
  if (q.isError) return null;
  const entries = q.data.pages.flatMap((p) => p.data);
  if (!entries.length)
    return (
      <Text size="sm" c="dimmed">
        {t('history.empty')}
      </Text>
    );
  return (
    <Stack gap={6}>
      {entries.map((e) => (
        <Group key={e.id} gap={6} wrap="wrap">
          <Text size="sm" fw={600}>
            {e.actorName ?? t('history.system')}
          </Text>
          <Text size="sm">
            {e.action === 'update'
              ? t('history.update', {
                  fields: e.changes
                    .map((c) => t(`history.fields.${c.field}`, { defaultValue: c.field }))
                    .join(', '),
                })
              : t(`history.${e.action}`)}
          </Text>
          <Text size="xs" c="dimmed" component="time" dateTime={e.at}>
            {formatDateTime(e.at, i18n.language)}
          </Text>
        </Group>
      ))}
      {q.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          onClick={() => void q.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('loadMore')}
        </Button>
      )}
    </Stack>
  );
}
