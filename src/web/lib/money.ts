/** Money travels in integer minor units; inputs show major units. The digits come from the currency. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export const toMinor = (major: number, currency: string) =>
  Math.round(major * 10 ** currencyDigits(currency));
export const toMajor = (minor: number, currency: string) => minor / 10 ** currencyDigits(currency);

/** Currencies first shown in pickers (European first); the rest follow alphabetically. */
const preferred = ['EUR', 'DKK', 'SEK', 'NOK', 'GBP', 'CHF', 'PLN', 'CZK', 'HUF', 'ISK', 'USD'];

/** "EUR · Euro" in the UI language. */
export function currencyName(code: string, lng: string): string {
  try {
    return `${code} · ${new Intl.DisplayNames([lng], { type: 'currency' }).of(code) ?? code}`;
  } catch {
    return code;
  }
}

export function currencyOptions(lng: string): { value: string; label: string }[] {
  let all: string[] = preferred;
  try {
    all = Intl.supportedValuesOf('currency');
  } catch {
    // older engines: the preferred list is enough
  }
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lng], { type: 'currency' });
  } catch {
    names = null;
  }
  const rest = all.filter((c) => !preferred.includes(c)).sort();
  return [...preferred, ...rest].map((c) => ({ value: c, label: `${c} · ${names?.of(c) ?? c}` }));
}
