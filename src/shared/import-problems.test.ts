import { describe, expect, it } from 'vitest';
import { languages } from './common.ts';
import {
  importProblemCodes,
  importProblemMessages,
  importProblemText,
  importProblemTexts,
  importReportColumns,
  placeholdersOf,
} from './import-problems.ts';

/** Options i18next reads from the params object: a param of that name would change what `t` does. */
const i18nextOptions = ['count', 'context', 'ns', 'lng', 'lngs', 'defaultValue', 'replace', 'ordinal'];

describe('import problem catalogue', () => {
  it.each(importProblemCodes)('words %s in all four languages with the same placeholders', (code) => {
    const texts = importProblemTexts[code] as Record<string, string>;
    expect(Object.keys(texts).sort()).toEqual([...languages].sort());
    const english = placeholdersOf(texts.en!);
    for (const lang of languages) {
      expect(texts[lang]?.trim(), `${code} in ${lang}`).toBeTruthy();
      expect(placeholdersOf(texts[lang]!), `${code} in ${lang}`).toEqual(english);
    }
    for (const p of english) expect(i18nextOptions).not.toContain(p.split(',')[0]);
  });

  it('has stable snake_case codes, and each English sentence once', () => {
    for (const code of importProblemCodes) expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
    const english = importProblemCodes.map((c) => importProblemTexts[c].en);
    expect(new Set(english).size).toBe(english.length);
  });

  it('puts a sentence together in the reader’s language, numbers written their way', () => {
    expect(importProblemText('date_invalid', { value: '31.02.1990' }, 'da')).toBe(
      'Ikke en gyldig dato: “31.02.1990”',
    );
    const big = { column: 'Notes', max: 1048576 };
    expect(importProblemText('cell_too_large', big, 'en')).toBe(
      'Cell "Notes" is larger than 1,048,576 bytes',
    );
    expect(importProblemText('cell_too_large', big, 'da')).toBe(
      'Cellen “Notes” er større end 1.048.576 byte',
    );
    expect(importProblemText('cell_too_large', big, 'de')).toBe(
      'Die Zelle „Notes“ ist größer als 1.048.576 Byte',
    );
    expect(importProblemText('cell_too_large', big, 'fr')).toBe(
      `La cellule « Notes » dépasse 1${'\u202f'}048${'\u202f'}576 octets`,
    );
  });

  it('words a deal’s status in the reader’s language, and falls back to English', () => {
    const params = { stage: 'Won', kind: 'won', status: 'lost' };
    expect(importProblemText('stage_status_conflict', params, 'da')).toBe(
      'Fasen “Won” er en vundet fase, men status er “tabt”',
    );
    expect(importProblemText('stage_status_conflict', params, 'sv')).toBe(
      'The stage "Won" is a won stage, the status says lost',
    );
    expect(importProblemText('no_such_code', {}, 'da')).toBeNull();
  });

  it('gives the web app one resource per language and the report its headings', () => {
    for (const lang of languages) {
      expect(Object.keys(importProblemMessages(lang))).toEqual(importProblemCodes);
      expect(Object.values(importReportColumns[lang]).every(Boolean)).toBe(true);
    }
  });
});
