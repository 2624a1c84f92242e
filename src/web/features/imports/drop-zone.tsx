import { Text, ThemeIcon } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './imports.module.css';
import { acceptedExtensions } from './upload-file.ts';

type Props = { disabled?: boolean; onFile: (file: File) => void };

/**
 * A file picker as a big target: a native `<input type=file>` (keyboard, screen readers, the test's
 * `setInputFiles`) inside a label that also takes a dropped file.
 */
export function DropZone({ disabled, onFile }: Props) {
  const { t } = useTranslation('imports');
  const [dragging, setDragging] = useState(false);
  const hintId = useId();
  const over = (e: DragEvent) => {
    e.preventDefault();
    if (!disabled) setDragging(true);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <label
      className={classes.drop}
      data-dragging={dragging || undefined}
      data-disabled={disabled || undefined}
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <input
        type="file"
        className={classes.fileInput}
        accept={acceptedExtensions.join(',')}
        aria-label={t('upload.fileLabel')}
        aria-describedby={hintId}
        disabled={disabled}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // the same file can be picked again after an error
          if (file) onFile(file);
        }}
      />
      <ThemeIcon variant="light" size={52} radius="xl">
        <IconFileUpload size={28} />
      </ThemeIcon>
      <Text fw={600}>{t('upload.drop')}</Text>
      <Text size="sm" c="dimmed" id={hintId}>
        {t('upload.formats')}
      </Text>
    </label>
  );
}
