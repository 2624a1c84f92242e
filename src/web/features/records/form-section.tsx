import { Fieldset, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled group of inputs (a fieldset, so its legend names the group for assistive technology). */
export function FormSection({
  legend,
  children,
  error,
}: {
  legend: string;
  children: ReactNode;
  error?: ReactNode;
}) {
  return (
    <Fieldset
      legend={legend}
      variant="unstyled"
      p={0}
      m={0}
      styles={{
        legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 6, padding: 0 },
      }}
    >
      {children}
      {error && (
        <Text c="red" size="xs" mt={4} role="alert">
          {error}
        </Text>
      )}
    </Fieldset>
  );
}
