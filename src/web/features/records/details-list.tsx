import { Box, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export type DetailItem = { key: string; label: string; value: ReactNode; wide?: boolean; required?: boolean };

/** Label/value pairs in a responsive grid, as a description list for assistive technology. */
export function DetailsList({ items, cols = 2 }: { items: DetailItem[]; cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: cols }} spacing="lg" verticalSpacing="md" m={0}>
      {items.map((it) => (
        <Box key={it.key} style={it.wide ? { gridColumn: '1 / -1' } : undefined} miw={0}>
          <Text component="dt" size="xs" c="dimmed" fw={500} mb={2}>
            {it.label}
          </Text>
          <Box component="dd" m={0} fz="sm" style={{ overflowWrap: 'anywhere' }}>
            {it.value}
          </Box>
        </Box>
      ))}
    </SimpleGrid>
  );
}
