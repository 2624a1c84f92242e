import {
  closestCorners,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Box, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardColumn, BoardDto, DealDto, MoveDealInput, StageDto } from '../../../shared/deals.ts';
import { formatMoney } from '../../lib/format.ts';
import { CloseDealModal } from './close-deal-modal.tsx';
import { DealCard } from './deal-card.tsx';
import { stageLabel } from './stage-label.ts';
import { useMoveDeal } from './use-deals.ts';

const columnId = (stageId: string) => `stage:${stageId}`;

function SortableCard({ deal, stage, disabled }: { deal: DealDto; stage: StageDto; disabled: boolean }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: deal.id,
    data: { stageId: deal.stageId },
    disabled,
  });
  return (
    <DealCard
      deal={deal}
      stage={stage}
      innerRef={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
      handleProps={{ ...attributes, ...listeners }}
    />
  );
}

function Column({ column, canWrite }: { column: BoardColumn; canWrite: boolean }) {
  const { t, i18n } = useTranslation('deals');
  const { setNodeRef, isOver } = useDroppable({
    id: columnId(column.stage.id),
    data: { stageId: column.stage.id },
  });
  const label = stageLabel(column.stage.labels, i18n.language);
  const money = (list: { currency: string; amount: number }[]) =>
    list.map((m) => formatMoney(m, i18n.language)).join(' · ');
  const color = column.stage.kind === 'won' ? 'green' : column.stage.kind === 'lost' ? 'red' : 'indigo';
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-label={label}
      data-stage={label}
      p="xs"
      radius="md"
      w={256}
      miw={256}
      bg={isOver ? 'var(--mantine-color-indigo-light)' : 'var(--mantine-color-default-hover)'}
      style={{ display: 'flex', flexDirection: 'column', maxHeight: 'calc(100vh - 210px)' }}
    >
      <Box mb={6} px={4}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text fw={700} size="sm" truncate>
            {label}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Text size="xs" c="dimmed">
              {column.stage.probability} %
            </Text>
            <Badge
              size="sm"
              variant="light"
              color={color}
              aria-label={t('column.deals', { count: column.count })}
            >
              {column.count}
            </Badge>
          </Group>
        </Group>
        <Text size="xs" fw={500} truncate>
          {column.sums.length ? money(column.sums) : '—'}
        </Text>
        {column.stage.kind === 'open' && column.weighted.length > 0 && (
          <Text size="xs" c="dimmed" truncate>
            {t('column.weighted', { amount: money(column.weighted) })}
          </Text>
        )}
      </Box>
      <Box style={{ overflowY: 'auto', overflowX: 'hidden', flex: 1, minHeight: 0 }} px={2}>
        <SortableContext items={column.deals.map((d) => d.id)} strategy={verticalListSortingStrategy}>
          <Stack gap={6} mih={60} pb={4}>
            {column.deals.map((d) => (
              <SortableCard key={d.id} deal={d} stage={column.stage} disabled={!canWrite} />
            ))}
            {column.deals.length === 0 && (
              <Text size="xs" c="dimmed" ta="center" py="md">
                {t('emptyColumn')}
              </Text>
            )}
            {column.count > column.deals.length && (
              <Text size="xs" c="dimmed" ta="center">
                {t('more', { count: column.count - column.deals.length })}
              </Text>
            )}
          </Stack>
        </SortableContext>
      </Box>
    </Paper>
  );
}

/**
 * The Kanban board of one pipeline: a column per stage with its count, sums per currency and weighted
 * sum; cards are dragged between and within columns (mouse, touch, or keyboard: Space to lift, arrows,
 * Space to drop). A drop on Won or Lost first asks why.
 */
export function DealBoard({
  board,
  boardKey,
  canWrite,
}: {
  board: BoardDto;
  boardKey: readonly unknown[];
  canWrite: boolean;
}) {
  const { t, i18n } = useTranslation('deals');
  const moveDeal = useMoveDeal();
  const [active, setActive] = useState<DealDto | null>(null);
  const [pending, setPending] = useState<{ deal: DealDto; move: MoveDealInput; kind: 'won' | 'lost' } | null>(
    null,
  );
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const find = (id: string) => board.columns.flatMap((c) => c.deals).find((d) => d.id === id);
  const stageOf = (id: string) => board.columns.find((c) => c.stage.id === id)?.stage;

  const titleOf = (id: string | number) => find(String(id))?.title ?? '';
  const stageNameOf = (over: { id: string | number; data: { current?: Record<string, unknown> } } | null) => {
    const id = over ? String(over.id) : '';
    const stageId = id.startsWith('stage:')
      ? id.slice(6)
      : (over?.data.current?.stageId as string | undefined);
    return stageLabel(stageOf(stageId ?? '')?.labels, i18n.language);
  };
  const accessibility = {
    screenReaderInstructions: { draggable: t('drag.help') },
    announcements: {
      onDragStart: ({ active }: { active: { id: string | number } }) =>
        t('drag.start', { title: titleOf(active.id) }),
      onDragOver: ({
        active,
        over,
      }: {
        active: { id: string | number };
        over: Parameters<typeof stageNameOf>[0];
      }) => (over ? t('drag.over', { title: titleOf(active.id), stage: stageNameOf(over) }) : undefined),
      onDragEnd: ({
        active,
        over,
      }: {
        active: { id: string | number };
        over: Parameters<typeof stageNameOf>[0];
      }) => (over ? t('drag.end', { title: titleOf(active.id), stage: stageNameOf(over) }) : undefined),
      onDragCancel: ({ active }: { active: { id: string | number } }) =>
        t('drag.cancel', { title: titleOf(active.id) }),
    },
  };

  const onDragStart = (e: DragStartEvent) => setActive(find(String(e.active.id)) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const deal = find(String(e.active.id));
    if (!deal || !e.over) return;
    const overId = String(e.over.id);
    const targetStageId = overId.startsWith('stage:')
      ? overId.slice(6)
      : (e.over.data.current?.stageId as string | undefined);
    if (!targetStageId) return;
    const column = board.columns.find((c) => c.stage.id === targetStageId)!;
    const move: MoveDealInput = { stageId: targetStageId };
    if (!overId.startsWith('stage:') && overId !== deal.id) {
      const ids = column.deals.map((d) => d.id);
      const from = ids.indexOf(deal.id);
      const to = ids.indexOf(overId);
      // Within a column, dragging down lands after the card under the pointer; otherwise before it.
      if (from !== -1 && from < to) move.afterId = overId;
      else move.beforeId = overId;
    } else if (overId === deal.id) return;
    if (targetStageId === deal.stageId && !move.afterId && !move.beforeId) return;
    const kind = stageOf(targetStageId)?.kind;
    if ((kind === 'won' || kind === 'lost') && deal.status !== kind) {
      setPending({ deal, move, kind });
      return;
    }
    moveDeal.mutate({ deal, move, boardKey });
  };

  return (
    <>
      <DndContext
        accessibility={accessibility}
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActive(null)}
      >
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
            {board.columns.map((c) => (
              <Column key={c.stage.id} column={c} canWrite={canWrite} />
            ))}
          </Group>
        </ScrollArea>
        <DragOverlay>
          {active && stageOf(active.stageId) ? (
            <DealCard deal={active} stage={stageOf(active.stageId)!} dragging />
          ) : null}
        </DragOverlay>
      </DndContext>
      <CloseDealModal
        closing={pending ? { title: pending.deal.title, kind: pending.kind } : null}
        onCancel={() => setPending(null)}
        onConfirm={(reason, note) => {
          if (pending)
            moveDeal.mutate({
              deal: pending.deal,
              move: { ...pending.move, closeReason: reason, closeNote: note },
              boardKey,
            });
          setPending(null);
        }}
      />
    </>
  );
}
