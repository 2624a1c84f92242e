import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = {
  lead: 'gray',
  prospect: 'blue',
  customer: 'teal',
  repeat: 'green',
  advocate: 'grape',
  churned: 'red',
};

/** The lifecycle stage as a coloured badge, translated. */
export function LifecycleBadge({
  stage,
  size = 'sm',
}: {
  stage: string | null;
  size?: 'xs' | 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  if (!stage) return null;
  return (
    <Badge color={colors[stage] ?? 'gray'} variant="light" size={size} radius="sm" tt="none">
      {t(`lifecycle.${stage}`)}
    </Badge>
  );
}
