import { ColorSwatch, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { touchpoints } from '../../../shared/interactions.ts';
import type { JourneyDto } from '../../../shared/journey.ts';
import { api } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { channelStyle } from '../timeline/timeline-items.tsx';

const W = 1000;
const LANE = 18;
const LEFT = 110;
const TOP = 34;

/**
 * One contact's journey at a glance: a lane per touchpoint (department), a dot per interaction coloured by
 * channel, and a line at each lifecycle or relationship-stage change. Hover a dot for what it was.
 */
export function JourneyStrip({ contactId }: { contactId: string }) {
  const { t, i18n } = useTranslation('journey');
  const { t: tt } = useTranslation('timeline');
  const { t: tc } = useTranslation();
  const q = useQuery({
    queryKey: ['contacts', 'timeline', contactId, 'journey'],
    queryFn: ({ signal }) => api<JourneyDto>(`/contacts/${contactId}/journey`, { signal }),
  });
  if (!q.data) return null;
  const { points, stages, total } = q.data;
  if (!points.length) return null;
  const lanes = [...touchpoints, null] as const;
  const used = lanes.filter((l) => points.some((p) => p.touchpoint === l));
  const times = [...points.map((p) => Date.parse(p.at)), ...stages.map((s) => Date.parse(s.at))];
  const start = Math.min(...times);
  const end = Math.max(Date.now(), ...times);
  const span = Math.max(1, end - start);
  const x = (at: string) => LEFT + ((Date.parse(at) - start) / span) * (W - LEFT - 12);
  const laneY = (tp: string | null) => TOP + used.indexOf(tp as never) * LANE + LANE / 2;
  const height = TOP + used.length * LANE + 20;
  const stageLabel = (s: JourneyDto['stages'][number]) =>
    `${s.from ? tc(`${s.field === 'lifecycleStage' ? 'lifecycle' : 'relationshipStage'}.${s.from}`) : '–'} → ${
      s.to ? tc(`${s.field === 'lifecycleStage' ? 'lifecycle' : 'relationshipStage'}.${s.to}`) : '–'
    }`;
  return (
    <Paper withBorder radius="md" p="sm">
      <Stack gap={4}>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600}>
            {t('strip')}
          </Text>
          <Text size="xs" c="dimmed">
            {total > points.length ? t('latest', { shown: points.length, total }) : t('stripHint')}
          </Text>
        </Group>
        <svg
          viewBox={`0 0 ${W} ${height}`}
          width="100%"
          role="img"
          aria-label={t('strip')}
          style={{ display: 'block', overflow: 'visible' }}
        >
          {used.map((lane) => (
            <g key={lane ?? 'none'}>
              <line
                x1={LEFT}
                x2={W - 8}
                y1={laneY(lane)}
                y2={laneY(lane)}
                stroke="var(--mantine-color-default-border)"
              />
              <text
                x={LEFT - 8}
                y={laneY(lane) + 4}
                textAnchor="end"
                fontSize={11}
                fill="var(--mantine-color-dimmed)"
              >
                {lane ? tt(`touchpoint.${lane}`) : t('noTouchpoint')}
              </text>
            </g>
          ))}
          {stages.map((s) => (
            <g key={`${s.at}-${s.field}`}>
              <line
                x1={x(s.at)}
                x2={x(s.at)}
                y1={TOP - 6}
                y2={height - 18}
                stroke={
                  s.field === 'lifecycleStage'
                    ? 'var(--mantine-color-teal-6)'
                    : 'var(--mantine-color-grape-6)'
                }
                strokeDasharray="4 3"
              >
                <title>{`${formatDate(s.at, i18n.language)}: ${stageLabel(s)}`}</title>
              </line>
              <text
                x={x(s.at) > W * 0.8 ? x(s.at) - 3 : x(s.at) + 3}
                y={TOP - 10 - (s.field === 'relationshipStage' ? 10 : 0)}
                textAnchor={x(s.at) > W * 0.8 ? 'end' : 'start'}
                fontSize={10}
                fill={
                  s.field === 'lifecycleStage'
                    ? 'var(--mantine-color-teal-7)'
                    : 'var(--mantine-color-grape-7)'
                }
              >
                {s.to
                  ? tc(`${s.field === 'lifecycleStage' ? 'lifecycle' : 'relationshipStage'}.${s.to}`)
                  : ''}
              </text>
            </g>
          ))}
          {points.map((p) => (
            <circle
              key={p.id}
              cx={x(p.at)}
              cy={laneY(p.touchpoint)}
              r={5}
              fill={`var(--mantine-color-${channelStyle[p.channel].color}-6)`}
              stroke="var(--mantine-color-body)"
              strokeWidth={1.5}
              data-channel={p.channel}
            >
              <title>{`${formatDateTime(p.at, i18n.language)} · ${tt(`channel.${p.channel}`)}${p.subject ? ` · ${p.subject}` : ''}`}</title>
            </circle>
          ))}
          <text x={LEFT} y={height - 4} fontSize={10} fill="var(--mantine-color-dimmed)">
            {formatDate(new Date(start).toISOString(), i18n.language)}
          </text>
          <text x={W - 8} y={height - 4} fontSize={10} textAnchor="end" fill="var(--mantine-color-dimmed)">
            {formatDate(new Date(end).toISOString(), i18n.language)}
          </text>
        </svg>
        <Group gap="sm">
          {[...new Set(points.map((p) => p.channel))].map((c) => (
            <Tooltip key={c} label={tt(`channel.${c}`)}>
              <Group gap={4}>
                <ColorSwatch
                  color={`var(--mantine-color-${channelStyle[c].color}-6)`}
                  size={10}
                  withShadow={false}
                />
                <Text size="xs">{tt(`channel.${c}`)}</Text>
              </Group>
            </Tooltip>
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}
