import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Indicator,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/common.ts';
import { currencies } from '../../../shared/money.ts';
import { type ProductDto, productUnits, taxCategories } from '../../../shared/products.ts';
import { ApiError } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import {
  formPath,
  type ProductFormValues,
  productPayload,
  productToForm,
  rowKey,
} from './product-form-values.ts';
import { useSalesSettings, useSaveProduct } from './use-products.ts';

type Props = {
  opened: boolean;
  product: ProductDto | null;
  onClose: () => void;
  onSaved?: (p: ProductDto) => void;
};

/** Create a product (product = null) or change one. */
export function ProductFormModal({ opened, product, onClose, onSaved }: Props) {
  const { t } = useTranslation('products');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={product ? t('form.editTitle', { sku: product.sku }) : t('form.createTitle')}
    >
      {opened && (
        <ProductForm key={product?.id ?? 'new'} product={product} onDone={onClose} onSaved={onSaved} />
      )}
    </Modal>
  );
}

const currencyData = currencies.map((c) => ({ value: c, label: c }));

function ProductForm({
  product,
  onDone,
  onSaved,
}: {
  product: ProductDto | null;
  onDone: () => void;
  onSaved?: (p: ProductDto) => void;
}) {
  const { t } = useTranslation('products');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const settings = useSalesSettings();
  const save = useSaveProduct();
  const idempotencyKey = useRef(crypto.randomUUID());
  const [problem, setProblem] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('en');
  const form = useForm<ProductFormValues>({
    initialValues: productToForm(product, settings.data?.defaultCurrency ?? 'EUR'),
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const built = productPayload(values);
    if (!built.ok) {
      form.setErrors(
        Object.fromEntries(Object.entries(built.errors).map(([p, e]) => [p, t(e.key, { digits: e.digits })])),
      );
      if (built.errors['names.en']) setTab('en');
      return;
    }
    try {
      const saved = await save.mutateAsync(
        product
          ? { id: product.id, version: product.version, patch: built.input }
          : { create: built.input, key: idempotencyKey.current },
      );
      notifications.show({
        color: 'teal',
        message: t(product ? 'form.saved' : 'form.created', { sku: saved.sku }),
      });
      onSaved?.(saved);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'sku_taken') form.setFieldError('sku', t('form.skuTaken'));
      else if (err instanceof ApiError && err.errors.length) {
        form.setErrors(Object.fromEntries(err.errors.map((e) => [formPath(e.path), e.message])));
        setProblem(tc('errors.validation'));
      } else setProblem(message(err));
    }
  });

  const tabError = (l: string) => Boolean(form.errors[`names.${l}`] || form.errors[`descriptions.${l}`]);

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('form.sku')}
            description={t('form.skuHint')}
            required
            data-autofocus
            autoComplete="off"
            {...form.getInputProps('sku')}
          />
          <Select
            label={t('form.unit')}
            data={productUnits.map((u) => ({ value: u, label: t(`units.${u}`) }))}
            allowDeselect={false}
            {...form.getInputProps('unit')}
          />
          <Select
            label={t('form.taxCategory')}
            description={t('form.taxCategoryHint')}
            data={taxCategories.map((c) => ({ value: c, label: t(`taxCategories.${c}`) }))}
            allowDeselect={false}
            {...form.getInputProps('taxCategory')}
          />
        </SimpleGrid>

        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('form.namesLabel')}
          </Text>
          <Tabs value={tab} onChange={setTab} keepMounted>
            <Tabs.List>
              {languages.map((l) => (
                <Tabs.Tab key={l} value={l}>
                  <Indicator disabled={!tabError(l)} color="red" size={7} offset={-4}>
                    {t(`languages.${l}`)}
                  </Indicator>
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {languages.map((l) => (
              <Tabs.Panel key={l} value={l} pt="sm">
                <Stack gap="sm">
                  <TextInput
                    label={t('form.name', { language: t(`languages.${l}`) })}
                    required={l === 'en'}
                    lang={l}
                    autoComplete="off"
                    {...form.getInputProps(`names.${l}`)}
                  />
                  <Textarea
                    label={t('form.description', { language: t(`languages.${l}`) })}
                    lang={l}
                    autosize
                    minRows={2}
                    maxRows={8}
                    {...form.getInputProps(`descriptions.${l}`)}
                  />
                </Stack>
              </Tabs.Panel>
            ))}
          </Tabs>
        </Stack>

        <Stack gap={6}>
          <div>
            <Text size="sm" fw={500}>
              {t('form.prices')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('form.pricesHint')}
            </Text>
          </div>
          {form.values.prices.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('form.noPrices')}
            </Text>
          )}
          {form.values.prices.map((row, i) => (
            <Group key={row.key} align="flex-start" gap="xs" wrap="nowrap">
              <Select
                aria-label={t('form.currency')}
                data={currencyData}
                searchable
                allowDeselect={false}
                w={110}
                {...form.getInputProps(`prices.${i}.currency`)}
              />
              <TextInput
                aria-label={t('form.unitPrice', { currency: row.currency })}
                placeholder="0.00"
                inputMode="decimal"
                autoComplete="off"
                style={{ flex: 1 }}
                rightSection={
                  <Text size="xs" c="dimmed">
                    {row.currency}
                  </Text>
                }
                rightSectionWidth={48}
                {...form.getInputProps(`prices.${i}.amount`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={6}
                aria-label={t('form.removePrice', { currency: row.currency })}
                onClick={() => form.removeListItem('prices', i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() => {
              const used = new Set(form.values.prices.map((p) => p.currency));
              const next = currencies.find((c) => !used.has(c)) ?? 'EUR';
              form.insertListItem('prices', { key: rowKey(), currency: next, amount: '' });
            }}
          >
            {t('form.addPrice')}
          </Button>
        </Stack>

        <Group align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            label={t('form.cost')}
            description={t('form.costHint')}
            placeholder="0.00"
            inputMode="decimal"
            autoComplete="off"
            style={{ flex: 1 }}
            {...form.getInputProps('costPrice')}
          />
          <Select
            label={t('form.costCurrency')}
            description=" "
            data={currencyData}
            searchable
            allowDeselect={false}
            w={150}
            {...form.getInputProps('costCurrency')}
          />
        </Group>

        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {product ? tc('actions.save') : tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
