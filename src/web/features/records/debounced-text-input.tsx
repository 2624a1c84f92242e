import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { type Ref, useEffect, useState } from 'react';

type Props = Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange: (v: string) => void;
  wait?: number;
  ref?: Ref<HTMLInputElement>;
};

/** A text input that reports its value after the user pauses typing (for list queries). */
export function DebouncedTextInput({ value, onChange, wait = 300, ...rest }: Props) {
  const [local, setLocal] = useState(value);
  const report = useDebouncedCallback(onChange, wait);
  useEffect(() => setLocal(value), [value]);
  return (
    <TextInput
      {...rest}
      value={local}
      onChange={(e) => {
        setLocal(e.currentTarget.value);
        report(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        // Enter applies at once; Escape clears.
        if (e.key === 'Enter') onChange(local);
        if (e.key === 'Escape' && local) {
          e.stopPropagation();
          setLocal('');
          onChange('');
        }
      }}
    />
  );
}
