import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Container,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { PublicQuoteDto } from '../../../shared/quotes.ts';
import { i18n } from '../../i18n/index.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { LinesTable } from '../sales/lines-table.tsx';
import { quoteKeys, usePublicQuote } from './use-quotes.ts';

/**
 * /q/$token: the customer's page behind the secret link in the quote e-mail, outside the signed-in app:
 * no navigation, in the quote's language, the seller's colour. Accept (typing a name) or decline.
 */
export function PublicQuotePage() {
  const { token } = useParams({ strict: false }) as { token: string };
  const q = usePublicQuote(token);
  const lng = q.data?.language ?? i18n.language;
  // An instance of its own: the customer's language here never changes the signed-in app's.
  const local = useMemo(() => i18n.cloneInstance({ lng }), [lng]);
  useEffect(() => {
    document.documentElement.lang = lng;
  }, [lng]);
  return (
    <I18nextProvider i18n={local}>
      <Box bg="var(--mantine-color-gray-0)" mih="100vh" py="xl">
        <Container size="md">
          {q.isPending ? (
            <Center p="xl">
              <Loader />
            </Center>
          ) : q.isError ? (
            <NotFound error={q.error} />
          ) : (
            <QuoteForCustomer quote={q.data} token={token} />
          )}
        </Container>
      </Box>
    </I18nextProvider>
  );
}

function NotFound({ error }: { error: Error }) {
  const { t } = useTranslation('quotes');
  return (
    <Alert color={error instanceof ApiError && error.status === 404 ? 'gray' : 'red'} mt="xl">
      {error instanceof ApiError && error.status === 404 ? t('public.notFound') : t('public.error')}
    </Alert>
  );
}

function QuoteForCustomer({ quote, token }: { quote: PublicQuoteDto; token: string }) {
  const { t, i18n: local } = useTranslation('quotes');
  const lng = local.language;
  const brand = quote.seller.brandColor;
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  useDocumentTitle(`${t('public.quote', { number: quote.number })} · ${quote.seller.companyName}`);
  const answer = useMutation({
    mutationFn: (kind: 'accept' | 'decline') =>
      api<PublicQuoteDto>(`/public/quotes/${encodeURIComponent(token)}/${kind}`, {
        method: 'POST',
        body:
          kind === 'accept' ? { name: name.trim() } : { name: name.trim(), reason: reason.trim() || null },
      }),
    onSuccess: (q) => client.setQueryData(quoteKeys.public(token), q),
  });
  const nameError = answer.error instanceof ApiError ? answer.error.fieldErrors().name : undefined;
  const sellerLines = [
    ...quote.seller.address.split('\n'),
    quote.seller.email,
    quote.seller.phone,
    quote.seller.website,
    quote.seller.vatId,
  ].filter((l) => l.trim());

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" style={{ borderTop: `6px solid ${brand}` }} p="lg">
        <Group justify="space-between" align="flex-start">
          <Title order={2} c={brand}>
            {quote.seller.companyName}
          </Title>
          <Text size="xs" c="dimmed" ta="right" style={{ whiteSpace: 'pre-line' }}>
            {sellerLines.join('\n')}
          </Text>
        </Group>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={1} size="h2">
                {t('public.quote', { number: quote.number })}
              </Title>
              {quote.title && <Text c="dimmed">{quote.title}</Text>}
            </div>
            <Button
              component="a"
              href={`/api/v1/public/quotes/${encodeURIComponent(token)}/pdf`}
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              {t('public.pdf')}
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('public.to')}
              </Text>
              <Text size="sm">{quote.customer.name ?? quote.customer.company}</Text>
              {quote.customer.name && quote.customer.company && (
                <Text size="sm">{quote.customer.company}</Text>
              )}
            </div>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('public.issued')}
              </Text>
              <Text size="sm">{formatDate(quote.issuedOn, lng)}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('public.validUntil')}
              </Text>
              <Text size="sm">{formatDate(quote.validUntil, lng)}</Text>
            </div>
          </SimpleGrid>
          <LinesTable
            currency={quote.currency}
            lines={quote.lines}
            totals={quote.totals}
            taxBreakdown={quote.taxBreakdown}
          />
          {quote.terms && (
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('public.terms')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {quote.terms}
              </Text>
            </div>
          )}
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="lg" aria-live="polite">
        {quote.status === 'accepted' ? (
          <Group gap="md" wrap="nowrap" align="flex-start">
            <IconCircleCheck size={40} color="var(--mantine-color-teal-6)" aria-hidden />
            <div>
              <Text fw={600} size="lg" data-testid="quote-accepted">
                {t('public.accepted', {
                  name: quote.acceptedName ?? '',
                  date: formatDate(quote.acceptedAt, lng),
                })}
              </Text>
              {quote.orderNumber && <Text>{t('public.acceptedOrder', { number: quote.orderNumber })}</Text>}
            </div>
          </Group>
        ) : quote.status === 'declined' ? (
          <Text>{t('public.declined', { date: formatDate(quote.declinedAt, lng) })}</Text>
        ) : quote.status === 'expired' ? (
          <Alert color="orange">{t('public.expired', { date: formatDate(quote.validUntil, lng) })}</Alert>
        ) : quote.status === 'draft' ? (
          <Alert color="gray">{t('public.draft')}</Alert>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              answer.mutate(declining ? 'decline' : 'accept');
            }}
          >
            <Stack gap="sm">
              <TextInput
                label={t('public.yourName')}
                description={t('public.yourNameHelp')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={nameError}
                required
                autoComplete="name"
                maxLength={200}
              />
              {declining && (
                <Textarea
                  label={t('public.reason')}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  autosize
                  minRows={2}
                />
              )}
              {answer.isError && !nameError && (
                <Alert color="red">
                  {answer.error instanceof ApiError && answer.error.status === 409
                    ? answer.error.message
                    : t('public.error')}
                </Alert>
              )}
              <Group>
                {!declining && (
                  <Button
                    type="submit"
                    color={brand}
                    size="md"
                    loading={answer.isPending}
                    disabled={!name.trim()}
                  >
                    {t('public.accept')}
                  </Button>
                )}
                {declining ? (
                  <Button
                    type="submit"
                    color="red"
                    variant="light"
                    loading={answer.isPending}
                    disabled={!name.trim()}
                  >
                    {t('public.decline')}
                  </Button>
                ) : (
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    c="dimmed"
                    onClick={() => setDeclining(true)}
                  >
                    {t('public.decline')}
                  </Anchor>
                )}
              </Group>
            </Stack>
          </form>
        )}
      </Paper>
    </Stack>
  );
}
