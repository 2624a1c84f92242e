import type { LineDraft } from './line-items-editor.tsx';

/**
 * The error of a row's field, from the server's field paths. The server numbers the lines it was sent
 * (`toLineInputs` leaves out empty rows): `lines.2` is the third non-empty row, which is not the third row on
 * screen when an empty one sits above it.
 */
export function lineErrorLookup(
  lines: LineDraft[],
  errors: Record<string, string> | { path: string; message: string }[] | undefined,
): (key: string, field: string) => string | undefined {
  const map: Record<string, string> = Array.isArray(errors)
    ? Object.fromEntries(errors.map((e) => [e.path, e.message]))
    : (errors ?? {});
  const sent = new Map<string, number>();
  for (const l of lines) if (l.description.trim() !== '') sent.set(l.key, sent.size);
  return (key, field) => {
    const i = sent.get(key);
    return i === undefined ? undefined : map[`lines.${i}.${field}`];
  };
}
