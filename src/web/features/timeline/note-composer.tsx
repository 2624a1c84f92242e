import { Alert, Button, Group, Paper, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteDto } from '../../../shared/notes.ts';
import { escapeHtml, plainToRichText } from '../../components/rich-text.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { type EntityKind, entities } from '../records/record-types.ts';
import { useUsers } from '../records/use-users.ts';

/** Text with `@Name` for each picked colleague → rich text with `<span data-mention="id">@Name</span>`. */
export function noteHtml(text: string, mentions: Map<string, string>): string {
  let html = plainToRichText(text);
  // Longest names first, so "@Ann Berg" is not taken for "@Ann".
  for (const [name, id] of [...mentions].sort((a, b) => b[0].length - a[0].length)) {
    const tag = `@${escapeHtml(name)}`;
    html = html.split(tag).join(`<span data-mention="${id}">${tag}</span>`);
  }
  return html;
}

/**
 * A note on the record, written inline. Typing `@` and a few letters lists colleagues (arrow keys and
 * Enter pick one); each picked colleague is mentioned and notified. Ctrl+Enter saves, Escape closes.
 */
export function NoteComposer({
  kind,
  recordId,
  onDone,
}: {
  kind: EntityKind;
  recordId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('timeline');
  const qc = useQueryClient();
  const { users } = useUsers();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [mentions, setMentions] = useState(new Map<string, string>());
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);

  const query = /(?:^|\s)@([\p{L}\p{N}.'-]{0,30})$/u.exec(text.slice(0, caret));
  const suggestions = useMemo(() => {
    if (!query || dismissed === caret) return [];
    const q = query[1]!.toLocaleLowerCase();
    return users
      .filter((u) => u.active && `${u.name} ${u.email}`.toLocaleLowerCase().includes(q))
      .slice(0, 6);
  }, [query, users, dismissed, caret]);

  const pick = (u: { id: string; name: string; email: string }) => {
    const name = u.name || u.email;
    const start = caret - query![1]!.length - 1;
    const next = `${text.slice(0, start)}@${name} ${text.slice(caret)}`;
    setText(next);
    setMentions((m) => new Map(m).set(name, u.id));
    const pos = start + name.length + 2;
    setCaret(pos);
    requestAnimationFrame(() => ref.current?.setSelectionRange(pos, pos));
  };

  const save = useMutation({
    mutationFn: () => {
      const used = new Map([...mentions].filter(([name]) => text.includes(`@${name}`)));
      return api<NoteDto>('/notes', {
        method: 'POST',
        body: {
          body: noteHtml(text, used),
          ...(kind === 'contact' ? { contactId: recordId } : { companyId: recordId }),
        },
      });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [entities[kind].plural, 'timeline', recordId] });
      setText('');
      setMentions(new Map());
      onDone();
    },
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(suggestions[Math.min(active, suggestions.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(caret);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) {
      e.preventDefault();
      save.mutate();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    }
  };

  return (
    <Stack gap={6}>
      {save.error && (
        <Alert color="red">{save.error instanceof ApiError ? save.error.message : String(save.error)}</Alert>
      )}
      <div style={{ position: 'relative' }}>
        <Textarea
          ref={ref}
          aria-label={t('fields.note')}
          placeholder={t('fields.notePlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setCaret(e.currentTarget.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          autosize
          minRows={3}
          maxRows={12}
          autoFocus
        />
        {suggestions.length > 0 && (
          <Paper
            withBorder
            shadow="md"
            p={4}
            role="listbox"
            aria-label={t('fields.note')}
            style={{ position: 'absolute', zIndex: 10, left: 8, top: '100%', minWidth: 240 }}
          >
            {suggestions.map((u, i) => (
              <UnstyledButton
                key={u.id}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(u);
                }}
                px="xs"
                py={4}
                w="100%"
                style={{
                  borderRadius: 4,
                  background: i === active ? 'var(--mantine-color-teal-light)' : undefined,
                }}
              >
                <Text size="sm" fw={500}>
                  {u.name || u.email}
                </Text>
                <Text size="xs" c="dimmed">
                  {u.email}
                </Text>
              </UnstyledButton>
            ))}
          </Paper>
        )}
      </div>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('log.saveHint')}
        </Text>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={onDone}>
            {t('log.cancel')}
          </Button>
          <Button size="xs" loading={save.isPending} disabled={!text.trim()} onClick={() => save.mutate()}>
            {t('log.save')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
