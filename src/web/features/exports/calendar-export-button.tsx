import { Button, Tooltip } from '@mantine/core';
import { IconCalendarDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { qs } from '../../lib/api.ts';

/** "Export (.ics)" on the calendar: the shown range of the shown calendar(s), as the calendar shows them. */
export function CalendarExportButton(p: { from: string; to: string; mine?: string; userId?: string }) {
  const { t } = useTranslation('exports');
  return (
    <Tooltip label={t('calendar.hint')} withArrow>
      <Button
        component="a"
        href={`/api/v1/events/export.ics${qs({ from: p.from, to: p.to, mine: p.mine, userId: p.userId })}`}
        download
        variant="default"
        leftSection={<IconCalendarDown size={16} />}
      >
        {t('calendar.button')}
      </Button>
    </Tooltip>
  );
}
