import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectDateOrder,
  parseBoolean,
  parseCountry,
  parseDate,
  parseDecimal,
  parseEmail,
  parseMoneyMinor,
  parsePhone,
  parseTags,
  splitFullName,
} from './transforms.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) =>
  r.ok ? r.value : `ERR ${r.message}`;

describe('splitFullName', () => {
  it.each([
    ['Mette Møller', 'Mette', 'Møller'],
    ['Møller, Mette', 'Mette', 'Møller'],
    ['Dr. Hans-Peter von der Leyen', 'Hans-Peter', 'von der Leyen'],
    ['Prof. Dr. Angela Merkel', 'Angela', 'Merkel'],
    ['Mme Émilie de la Fontaine', 'Émilie', 'de la Fontaine'],
    ['M. Jean du Pont', 'Jean', 'du Pont'],
    ['Herr Jürgen Weiß', 'Jürgen', 'Weiß'],
    ['Hr. Søren Kierkegaard', 'Søren', 'Kierkegaard'],
    ['Fr. Karen Blixen', 'Karen', 'Blixen'],
    ['Anne Sofie Jensen', 'Anne Sofie', 'Jensen'],
    ['Vincent van Gogh', 'Vincent', 'van Gogh'],
    ['Ebba af Rosenborg', 'Ebba', 'af Rosenborg'],
    ['DUPONT Jean', 'Jean', 'DUPONT'],
    ['Mr. John Smith', 'John', 'Smith'],
    ['Møller', '', 'Møller'],
    ['  ', '', ''],
  ])('%s → %s / %s', (full, firstName, lastName) => {
    expect(splitFullName(full)).toEqual({ firstName, lastName });
  });

  it('never loses letters of a name without titles', () => {
    const word = fc.stringMatching(/^[A-Za-zÀ-ÿøØåÅæÆ-]{4,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const full = words.join(' ');
        const { firstName, lastName } = splitFullName(full);
        const letters = (s: string) => [...s.replace(/[\s,]/g, '')].sort().join('');
        expect(letters(firstName + lastName)).toBe(letters(full));
      }),
    );
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-03-04', undefined, '2026-03-04'],
    ['2026-03-04T10:00:00Z', undefined, '2026-03-04'],
    ['04.03.2026', undefined, '2026-03-04'],
    ['4.3.26', undefined, '2026-03-04'],
    ['4.3.75', undefined, '1975-03-04'],
    ['04/03/2026', undefined, '2026-03-04'],
    ['04/03/2026', 'mdy', '2026-04-03'],
    ['03/04/2026 10:30', 'mdy', '2026-03-04'],
    ['4 March 2026', undefined, '2026-03-04'],
    ['4. März 2026', undefined, '2026-03-04'],
    ['4 mars 2026', undefined, '2026-03-04'],
    ['le 4 février 2026', undefined, '2026-02-04'],
    ['4. marts 2026', undefined, '2026-03-04'],
    ['den 24. december 2025', undefined, '2025-12-24'],
    ['Mar 4, 2026', undefined, '2026-03-04'],
    ['1er août 2026', undefined, '2026-08-01'],
    ['45720', undefined, '2025-03-04'],
    ['19900315', undefined, '1990-03-15'],
    ['2024-02-29', undefined, '2024-02-29'],
  ] as const)('%s (%s) → %s', (raw, hint, expected) => {
    expect(value(parseDate(raw, hint))).toBe(expected);
  });

  it.each([
    '31.02.2026',
    '2025-02-29',
    '13/13/2026',
    'tomorrow',
    '12345',
    '4 Jui 2026',
    '',
  ])('rejects %s', (raw) => {
    const r = parseDate(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`"${raw}"`);
  });

  it('detects the order from many values', () => {
    expect(detectDateOrder(['01/02/2026', '25/12/2026'])).toBe('dmy');
    expect(detectDateOrder(['01/02/2026', '12/25/2026'])).toBe('mdy');
    expect(detectDateOrder(['2026-01-02'])).toBe('ymd');
    expect(detectDateOrder(['01/02/2026'])).toBeNull();
    expect(detectDateOrder(['13/02/2026', '02/13/2026'])).toBeNull();
  });
});

describe('parsePhone', () => {
  it.each([
    ['0045 20 12 34 56', 'DK', '+4520123456'],
    ['+45 20 12 34 56', undefined, '+4520123456'],
    ['20 12 34 56', 'DK', '+4520123456'],
    ['(030) 1234567', 'DE', '+49301234567'],
    ['+49 (0)30 1234567', undefined, '+49301234567'],
    ['01 23 45 67 89', 'FR', '+33123456789'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+1 212 555 0123 ext. 45', undefined, '+12125550123;ext=45'],
    ['tel:+4520123456', undefined, '+4520123456'],
  ])('%s (%s) → %s', (raw, country, expected) => {
    expect(value(parsePhone(raw, country))).toBe(expected);
  });

  it.each(['12', 'abc', '20123456'])('rejects %s without a usable country', (raw) => {
    const r = parsePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(raw);
  });
});

describe('parseCountry', () => {
  it.each([
    ['Denmark', 'DK'],
    ['Danmark', 'DK'],
    ['Dänemark', 'DK'],
    ['Danemark', 'DK'],
    ['DK', 'DK'],
    ['DNK', 'DK'],
    ['dk', 'DK'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['Allemagne', 'DE'],
    ['Tyskland', 'DE'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['Storbritannien', 'GB'],
    ['USA', 'US'],
    ['Vereinigte Staaten', 'US'],
    ['États-Unis', 'US'],
    ['France', 'FR'],
    ['Frankrig', 'FR'],
    ['Frankreich', 'FR'],
    ['SCHWEIZ', 'CH'],
    ['  sverige ', 'SE'],
    ['Suède', 'SE'],
  ])('%s → %s', (raw, code) => {
    expect(value(parseCountry(raw))).toBe(code);
  });
  it('rejects unknown names', () => expect(parseCountry('Atlantis').ok).toBe(false));
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['Yes', true],
    ['y', true],
    ['1', true],
    ['x', true],
    ['ja', true],
    ['Oui', true],
    ['vrai', true],
    ['sand', true],
    ['wahr', true],
    ['on', true],
    ['false', false],
    ['no', false],
    ['N', false],
    ['0', false],
    ['', false],
    ['nej', false],
    ['nein', false],
    ['non', false],
    ['faux', false],
    ['falsk', false],
    ['falsch', false],
    ['off', false],
  ])('%s → %s', (raw, expected) => expect(value(parseBoolean(raw))).toBe(expected));
  it('rejects other words', () => expect(parseBoolean('maybe').ok).toBe(false));
});

describe('parseTags', () => {
  it('splits on , ; | and newlines, trims and de-duplicates keeping the first spelling', () => {
    expect(parseTags(' VIP, Newsletter;vip | Kunde\nnewsletter,, ')).toEqual(['VIP', 'Newsletter', 'Kunde']);
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = parseTags(s);
        expect(parseTags(once.join(', '))).toEqual(once);
      }),
    );
  });
});

describe('parseDecimal', () => {
  it.each([
    ['1.234,56', undefined, '1234.56'],
    ['1,234.56', undefined, '1234.56'],
    ['1 234,56', undefined, '1234.56'],
    ['1\u00a0234,56', undefined, '1234.56'],
    ['1\u202f234,56', undefined, '1234.56'],
    ["1'234.50", undefined, '1234.50'],
    ['1,5', undefined, '1.5'],
    ['2.75', undefined, '2.75'],
    ['1.234.567', undefined, '1234567'],
    ['1,234', 'point', '1234'],
    ['1.234', 'comma', '1234'],
    ['1,234', 'comma', '1.234'],
    ['-12,5', undefined, '-12.5'],
    ['(100)', undefined, '-100'],
    ['007', undefined, '7'],
    [',5', undefined, '0.5'],
    ['-0', undefined, '0'],
  ] as const)('%s (%s) → %s', (raw, hint, expected) => expect(value(parseDecimal(raw, hint))).toBe(expected));

  it.each(['abc', '1.2.3,4,5', '12,34,5', '1e5', ''])('rejects %s', (raw) =>
    expect(parseDecimal(raw).ok).toBe(false));

  it('keeps every digit of long decimals (never through a float)', () => {
    const digits = fc.stringMatching(/^[1-9]\d{0,30}$/);
    fc.assert(
      fc.property(digits, fc.stringMatching(/^\d{1,30}$/), (int, frac) => {
        expect(value(parseDecimal(`${int}.${frac}`))).toBe(`${int}.${frac}`);
        expect(value(parseDecimal(`${int},${frac}`, 'comma'))).toBe(`${int}.${frac}`);
      }),
    );
  });
});

describe('parseMoneyMinor', () => {
  it.each([
    ['1.234,56 kr.', 2, 123456],
    ['€1,234.56', 2, 123456],
    ['1234', 2, 123400],
    ['DKK 99,95', 2, 9995],
    ['100,-', 2, 10000],
    ['12.340', 2, 1234],
    ['1 234', 0, 1234],
    ['-5,5 €', 2, -550],
    ['£0.01', 2, 1],
  ] as const)('%s (%d) → %d', (raw, digits, expected) =>
    expect(value(parseMoneyMinor(raw, digits))).toBe(expected));
  it('rejects more decimals than the currency has instead of rounding', () => {
    const r = parseMoneyMinor('12.345', 2);
    expect(r.ok).toBe(false);
  });
});

describe('parseEmail', () => {
  it.each([
    ['  Mette@Example.DK ', 'Mette@example.dk'],
    ['Mailto:jean@exemple.fr', 'jean@exemple.fr'],
    ['Jürgen Weiß <juergen@beispiel.de>', 'juergen@beispiel.de'],
    ['søren@eksempel.dk', 'søren@eksempel.dk'],
    ['a.b+tag@sub.example.co.uk', 'a.b+tag@sub.example.co.uk'],
  ])('%s → %s', (raw, expected) => expect(value(parseEmail(raw))).toBe(expected));
  it.each([
    'mette',
    'mette@',
    '@example.dk',
    'a@b',
    'a b@example.dk',
    'a..b@example.dk',
    'a@example.123',
  ])('rejects %s', (raw) => expect(parseEmail(raw).ok).toBe(false));
});
