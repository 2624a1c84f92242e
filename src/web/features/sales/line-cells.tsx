import { TextInput } from '@mantine/core';
import { type KeyboardEvent, type Ref, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { parseMajor, toMajorString } from '../../../shared/money.ts';

/** The decimal separator of the UI language ("," in French, German and Danish). */
export function decimalSeparator(lng: string): string {
  return new Intl.NumberFormat(lng).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

const enterMovesOn = (onEnter?: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && onEnter) {
    e.preventDefault();
    onEnter();
  }
};

/** A decimal typed as text ("2,5" is read as 2.5); the raw text is kept while it is not a number yet. */
export function DecimalCell({
  label,
  value,
  schema,
  optional,
  error,
  onChange,
  onEnter,
  inputRef,
}: {
  label: string;
  value: string;
  schema: z.ZodType<string>;
  optional?: boolean;
  error?: string;
  onChange: (value: string) => void;
  onEnter?: () => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t, i18n } = useTranslation('sales');
  const sep = decimalSeparator(i18n.language);
  const text = sep === '.' ? value : value.replace('.', sep);
  const ok = (optional && value.trim() === '') || schema.safeParse(value).success;
  return (
    <TextInput
      ref={inputRef}
      aria-label={label}
      value={text}
      inputMode="decimal"
      size="xs"
      styles={{ input: { textAlign: 'right' } }}
      error={error ?? (ok ? undefined : t('lines.invalidNumber'))}
      onChange={(e) => onChange(e.currentTarget.value.replace(sep, '.').replace(',', '.'))}
      onKeyDown={enterMovesOn(onEnter)}
      w={90}
      ml="auto"
    />
  );
}

/** A price typed in major units ("19,99") and kept in minor units; never through a float. */
export function PriceCell({
  label,
  value,
  currency,
  error,
  onChange,
  onEnter,
}: {
  label: string;
  value: number;
  currency: string;
  error?: string;
  onChange: (minor: number) => void;
  onEnter?: () => void;
}) {
  const { t, i18n } = useTranslation('sales');
  const sep = decimalSeparator(i18n.language);
  const show = (minor: number) => toMajorString(minor, currency).replace('.', sep);
  const [text, setText] = useState(() => show(value));
  // A price set from outside (a product picked) replaces the text; the user's own typing does not loop back.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only outside changes of the value or currency
  useEffect(() => {
    if (parseMajor(text, currency) !== value) setText(show(value));
  }, [value, currency]);
  const parsed = parseMajor(text, currency);
  return (
    <TextInput
      aria-label={label}
      value={text}
      inputMode="decimal"
      size="xs"
      styles={{ input: { textAlign: 'right', fontFamily: 'var(--mantine-font-family-monospace)' } }}
      error={error ?? (parsed === null || parsed < 0 ? t('lines.invalidPrice', { currency }) : undefined)}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const minor = parseMajor(next, currency);
        if (minor !== null && minor >= 0) onChange(minor);
      }}
      onBlur={() => parsed !== null && setText(show(parsed))}
      onKeyDown={enterMovesOn(onEnter)}
      w={120}
      ml="auto"
    />
  );
}
