/** ISO 639-1 codes offered for a contact's preferred language (European first, then widely spoken ones). */
const codes =
  'da de en fr nl sv nb nn fi is it es pt pl cs sk hu ro bg el hr sl sr lt lv et ga mt lb fo kl ru uk tr ar he fa hi ur bn zh ja ko vi th id ms tl sw am yo'.split(
    ' ',
  );

export function languageName(code: string | null | undefined, lng: string): string {
  if (!code) return '—';
  try {
    return new Intl.DisplayNames([lng], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Languages to pick from; `current` is kept even when it is not in the usual list. */
export function languageOptions(lng: string, current?: string | null): { value: string; label: string }[] {
  return [...codes, ...(current && !codes.includes(current) ? [current] : [])]
    .map((c) => ({ value: c, label: `${languageName(c, lng)} (${c})` }))
    .sort((a, b) => a.label.localeCompare(b.label, lng));
}
