import { Skeleton, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScoreSubject, ScoreSummary } from '../../../shared/analytics.ts';
import { Empty } from '../records/field-value.tsx';
import type { ColumnSpec } from '../records/record-table.tsx';
import { formatAmount, formatPercent } from './score-format.ts';
import { BandBadge, SegmentBadge } from './score-parts.tsx';
import { useScoreSummary } from './use-analytics.ts';

type ScoreColumn = 'score.rfmSegment' | 'score.churnBand' | 'score.clv12' | 'score.pAlive';

/**
 * One cell of a score column. List rows carry no scores: the rows in view ask for their summaries, which are
 * read together in one request (`useScoreSummary` batches them), shared by all score columns.
 */
function ScoreCell({ kind, id, column }: { kind: ScoreSubject; id: string; column: ScoreColumn }) {
  const { i18n } = useTranslation();
  const q = useScoreSummary(kind, id);
  if (q.isPending) return <Skeleton h={12} w={60} />;
  const s: ScoreSummary | null | undefined = q.data;
  if (!s) return <Empty />;
  switch (column) {
    case 'score.rfmSegment':
      return <SegmentBadge segment={s.rfmSegment} size="sm" />;
    case 'score.churnBand':
      return s.churnBand ? <BandBadge band={s.churnBand} size="sm" /> : <Empty />;
    case 'score.clv12':
      return s.clv12 === null ? (
        <Empty />
      ) : (
        <Text span size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatAmount(s.clv12, s.currency, i18n.language)}
        </Text>
      );
    case 'score.pAlive':
      return s.pAlive === null ? <Empty /> : formatPercent(s.pAlive, i18n.language);
  }
}

/** The optional score columns of the contact and company lists: segment, churn risk, CLV 12 m, P(alive). */
export function useScoreColumns<T extends { id: string }>(kind: ScoreSubject): ColumnSpec<T>[] {
  const { t, i18n } = useTranslation('records');
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the language changes
  return useMemo(
    () =>
      (
        [
          ['score.rfmSegment', 170],
          ['score.churnBand', 150],
          ['score.clv12', 140],
          ['score.pAlive', 110],
        ] as const
      ).map(([column, width]) => ({
        id: column,
        header: t(`fields.${column}`),
        width,
        sortField: column,
        cell: (row: T) => <ScoreCell kind={kind} id={row.id} column={column} />,
      })),
    [kind, i18n.language],
  );
}
