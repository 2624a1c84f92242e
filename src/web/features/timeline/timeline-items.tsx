import { Anchor, Badge, Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconBuildingStore,
  IconChecklist,
  IconCircleCheck,
  IconDeviceDesktop,
  IconMail,
  IconMailbox,
  IconMessage,
  IconMessages,
  IconNote,
  IconPencil,
  IconPhone,
  IconShare,
  IconUsers,
  IconWorld,
} from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { InteractionDto } from '../../../shared/interactions.ts';
import type { TaskDto } from '../../../shared/tasks.ts';
import type { TimelineItem } from '../../../shared/timeline.ts';
import { RichText } from '../../components/rich-text.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { DealTimelineBody, DealTimelineTitle, dealBullet } from '../deals/deal-timeline.tsx';
import {
  InvoiceTimelineBody,
  InvoiceTimelineTitle,
  invoiceBullet,
  PaymentTimelineTitle,
  paymentBullet,
} from '../invoices/invoice-timeline.tsx';
import { OrderTimelineBody, OrderTimelineTitle, orderBullet } from '../orders/order-timeline.tsx';
import { Changes } from '../records/history-tab.tsx';
import type { EntityKind } from '../records/record-types.ts';
import { useUsers } from '../records/use-users.ts';
import { DueCell, priorityColor } from '../tasks/task-cells.tsx';

type IconType = ComponentType<{ size?: number }>;

/** One colour and icon per channel: the same ones the journey strip uses. */
export const channelStyle: Record<InteractionDto['channel'], { color: string; icon: IconType }> = {
  email: { color: 'blue', icon: IconMail },
  phone: { color: 'teal', icon: IconPhone },
  sms: { color: 'cyan', icon: IconMessage },
  chat: { color: 'indigo', icon: IconMessages },
  social: { color: 'grape', icon: IconShare },
  web: { color: 'violet', icon: IconWorld },
  shop: { color: 'orange', icon: IconBuildingStore },
  letter: { color: 'yellow', icon: IconMailbox },
  meeting: { color: 'green', icon: IconUsers },
  portal: { color: 'pink', icon: IconDeviceDesktop },
};

export function itemBullet(item: TimelineItem) {
  const style =
    item.type === 'interaction'
      ? channelStyle[item.interaction.channel]
      : item.type === 'note'
        ? { color: 'yellow', icon: IconNote }
        : item.type === 'task'
          ? item.task.status === 'done'
            ? { color: 'green', icon: IconCircleCheck }
            : { color: 'violet', icon: IconChecklist }
          : item.type === 'order'
            ? orderBullet(item.order)
            : item.type === 'deal'
              ? dealBullet(item.deal)
              : item.type === 'invoice'
                ? invoiceBullet(item.invoice)
                : item.type === 'payment'
                  ? paymentBullet
                  : { color: 'gray', icon: IconPencil };
  const Icon = style.icon;
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={style.color}>
      <Icon size={15} />
    </ThemeIcon>
  );
}

function When({ at }: { at: string }) {
  const { i18n } = useTranslation();
  return (
    <Tooltip label={formatDateTime(at, i18n.language)}>
      <Text size="xs" c="dimmed" component="time" dateTime={at}>
        {relativeTime(at, i18n.language)}
      </Text>
    </Tooltip>
  );
}

export function ItemTitle({ item, kind }: { item: TimelineItem; kind: EntityKind }) {
  const { t } = useTranslation('timeline');
  const { nameOf } = useUsers();
  if (item.type === 'interaction') {
    const i = item.interaction;
    const Dir = i.direction === 'in' ? IconArrowDownLeft : IconArrowUpRight;
    return (
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600}>
          {i.subject || t(`channel.${i.channel}`)}
        </Text>
        <Tooltip label={t(`direction.${i.direction}`)}>
          <Badge
            size="xs"
            variant="light"
            color={channelStyle[i.channel].color}
            leftSection={<Dir size={10} aria-hidden />}
          >
            {t(`channel.${i.channel}`)}
          </Badge>
        </Tooltip>
        {i.touchpoint && (
          <Badge size="xs" variant="outline" color="gray">
            {t(`touchpoint.${i.touchpoint}`)}
          </Badge>
        )}
        <When at={i.occurredAt} />
      </Group>
    );
  }
  if (item.type === 'note') {
    return (
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {t('item.note', { name: item.note.authorName ?? t('item.someone') })}
        </Text>
        <When at={item.at} />
      </Group>
    );
  }
  if (item.type === 'task') return <TaskTitle task={item.task} at={item.at} />;
  if (item.type === 'order') return <OrderTimelineTitle order={item.order} at={<When at={item.at} />} />;
  if (item.type === 'deal') return <DealTimelineTitle deal={item.deal} at={<When at={item.at} />} />;
  if (item.type === 'invoice')
    return <InvoiceTimelineTitle invoice={item.invoice} at={<When at={item.at} />} />;
  if (item.type === 'payment')
    return <PaymentTimelineTitle payment={item.payment} at={<When at={item.at} />} />;
  const c = item.change;
  const who = c.actorName ?? (c.actorId ? nameOf(c.actorId) : null) ?? t('item.system');
  const what = { create: 'created', update: 'changed', delete: 'deleted', restore: 'restored' }[c.action];
  void kind;
  return (
    <Group gap={6}>
      <Text size="sm">{t(`item.${what}`, { name: who })}</Text>
      <When at={c.at} />
    </Group>
  );
}

export function ItemBody({ item, kind }: { item: TimelineItem; kind: EntityKind }) {
  const { t } = useTranslation('timeline');
  const { nameOf } = useUsers();
  if (item.type === 'note') return <RichText html={item.note.body} />;
  if (item.type === 'change')
    return item.change.changes.length ? <Changes kind={kind} entry={item.change} /> : null;
  if (item.type === 'task') return <TaskBody task={item.task} />;
  if (item.type === 'order') return <OrderTimelineBody order={item.order} kind={kind} />;
  if (item.type === 'deal') return <DealTimelineBody deal={item.deal} />;
  if (item.type === 'invoice') return <InvoiceTimelineBody invoice={item.invoice} />;
  if (item.type === 'payment') return null;
  const i = item.interaction;
  const meta = [
    i.userId ? t('item.by', { name: nameOf(i.userId) ?? t('item.someone') }) : null,
    i.durationSeconds ? t('item.minutes', { count: Math.max(1, Math.round(i.durationSeconds / 60)) }) : null,
    i.source !== 'rapport' ? t('item.from', { source: i.source }) : null,
  ].filter(Boolean);
  return (
    <>
      {kind === 'company' && i.contactId && (
        <Anchor component={Link} to={`/contacts/${i.contactId}`} size="sm">
          {i.contactName}
        </Anchor>
      )}
      <RichText html={i.body} />
      {i.outcome && (
        <Text size="sm" mt={4}>
          {t('item.outcome', { outcome: i.outcome })}
        </Text>
      )}
      {meta.length > 0 && (
        <Text size="xs" c="dimmed" mt={2}>
          {meta.join(' · ')}
        </Text>
      )}
    </>
  );
}

/** A task, at the time it was added: its title (a link to it), state and priority. */
function TaskTitle({ task, at }: { task: TaskDto; at: string }) {
  const { t } = useTranslation('tasks');
  const done = task.status === 'done';
  return (
    <Group gap={6} wrap="wrap">
      <Anchor
        component={Link}
        to={`/tasks/${task.id}`}
        size="sm"
        fw={600}
        td={done ? 'line-through' : undefined}
      >
        {task.title}
      </Anchor>
      <Badge
        size="xs"
        variant="light"
        color={done ? 'green' : task.status === 'cancelled' ? 'gray' : 'violet'}
      >
        {t(`status.${task.status}`)}
      </Badge>
      {(task.priority === 'high' || task.priority === 'urgent') && (
        <Badge size="xs" variant="outline" color={priorityColor[task.priority]}>
          {t(`priority.${task.priority}`)}
        </Badge>
      )}
      <When at={at} />
    </Group>
  );
}

function TaskBody({ task }: { task: TaskDto }) {
  const { t } = useTranslation('tasks');
  const { nameOf } = useUsers();
  return (
    <>
      {task.description && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
          {task.description}
        </Text>
      )}
      <Group gap={6} mt={2} wrap="wrap">
        {task.dueAt && task.status !== 'done' && <DueCell task={task} />}
        <Text size="xs" c="dimmed">
          {[
            t('timeline.added', { name: nameOf(task.createdById) ?? t('timeline:item.someone') }),
            task.assigneeId
              ? t('timeline.assignedTo', { name: task.assigneeName ?? nameOf(task.assigneeId) })
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Group>
    </>
  );
}
