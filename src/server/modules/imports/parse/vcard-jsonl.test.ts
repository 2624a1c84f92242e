import { describe, expect, it } from 'vitest';
import { detectFormat, probeFile } from './probe.ts';
import { collect, writeTemp } from './test-helpers.ts';

const APPLE_30 = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//macOS 14.0//EN',
  'N:Møller;Mette;;;',
  'FN:Mette Møller',
  'ORG:Rapport ApS;Salg;',
  'TITLE:Key account manager',
  'item1.EMAIL;type=INTERNET;type=WORK;type=pref:mette@rapport.dk',
  'EMAIL;type=INTERNET;type=HOME:mette@privat.dk',
  'TEL;type=CELL;type=VOICE;type=pref:+45 20 12 34 56',
  'item2.ADR;type=WORK;type=pref:;;Vestergade 1\\nBaghuset;Aarhus C;;8000;Danmark',
  'NOTE:Met at the fair\\, very keen\\; follow up\\nin March. Backslash: \\\\',
  'BDAY:1990-03-15',
  'CATEGORIES:VIP,Newsletter',
  'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD',
  ' /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0',
  'END:VCARD',
].join('\r\n');

const GOOGLE_30 = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Jürgen Weiß',
  'N:Weiß;Jürgen;;;',
  'EMAIL;TYPE=INTERNET;TYPE=WORK:juergen@beispiel.de',
  'TEL;TYPE=WORK:+49 30 1234567',
  'ADR;TYPE=HOME:;;Hauptstraße 5;Berlin;;10115;Deutschland',
  'NOTE:A very long note that Google folds at seventy-five octets so the readers must unf',
  ' old it correctly.',
  'BDAY:19851201',
  'END:VCARD',
].join('\n');

const OUTLOOK_40 = [
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Émilie Lefèvre',
  'N:Lefèvre;Émilie;;Mme;',
  'EMAIL;TYPE=work,pref;PREF=1:emilie@exemple.fr',
  'TEL;VALUE=uri;TYPE="voice,work":tel:+33-1-23-45-67-89',
  'LANG:fr',
  'UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
  'URL:https://exemple.fr',
  'END:VCARD',
].join('\r\n');

const VCARD_21 = [
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=F8ller;S=F8ren',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:S=C3=B8ren M=C3=B8ller, =',
  'Aarhus',
  'TEL;WORK;VOICE:+4520123456',
  'END:VCARD',
].join('\r\n');

describe('vCard reader', () => {
  it('reads Apple, Google and Outlook style cards with folding, escapes and parameters', async () => {
    const file = writeTemp('contacts.vcf', [APPLE_30, GOOGLE_30, OUTLOOK_40].join('\r\n'));
    expect(await detectFormat(file, 'contacts.vcf')).toBe('vcf');
    const { rows, problems } = await collect(file, { format: 'vcf' });
    expect(problems).toEqual([]);
    expect(rows[0]).toEqual({
      rowNo: 1,
      values: {
        fn: 'Mette Møller',
        'n.family': 'Møller',
        'n.given': 'Mette',
        org: 'Rapport ApS',
        title: 'Key account manager',
        'email.1': 'mette@rapport.dk',
        'email.1.type': 'work',
        'email.2': 'mette@privat.dk',
        'email.2.type': 'home',
        'tel.1': '+45 20 12 34 56',
        'tel.1.type': 'cell,voice',
        'adr.1.street': 'Vestergade 1\nBaghuset',
        'adr.1.locality': 'Aarhus C',
        'adr.1.postcode': '8000',
        'adr.1.country': 'Danmark',
        'adr.1.type': 'work',
        note: 'Met at the fair, very keen; follow up\nin March. Backslash: \\',
        bday: '1990-03-15',
        categories: 'VIP, Newsletter',
      },
    });
    expect(rows[1]!.values).toMatchObject({
      note: 'A very long note that Google folds at seventy-five octets so the readers must unfold it correctly.',
      bday: '1985-12-01',
      'adr.1.street': 'Hauptstraße 5',
      'adr.1.type': 'home',
    });
    expect(rows[2]).toEqual({
      rowNo: 3,
      values: {
        fn: 'Émilie Lefèvre',
        'n.family': 'Lefèvre',
        'n.given': 'Émilie',
        'email.1': 'emilie@exemple.fr',
        'email.1.type': 'work',
        'tel.1': '+33-1-23-45-67-89',
        'tel.1.type': 'voice,work',
        lang: 'fr',
        uid: 'urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
        url: 'https://exemple.fr',
      },
    });
  });

  it('derives columns in a stable order for the probe', async () => {
    const probe = await probeFile(writeTemp('c.vcf', [GOOGLE_30, APPLE_30].join('\n')), 'c.vcf');
    expect(probe.columns.slice(0, 6)).toEqual(['fn', 'n.family', 'n.given', 'org', 'title', 'email.1']);
    expect(probe.columns.indexOf('email.2')).toBeGreaterThan(probe.columns.indexOf('email.1.type'));
  });

  it('decodes vCard 2.1 quoted-printable with its charset', async () => {
    const { rows } = await collect(writeTemp('old.vcf', VCARD_21), { format: 'vcf' });
    expect(rows[0]!.values).toMatchObject({
      'n.family': 'Møller',
      'n.given': 'Søren',
      fn: 'Søren Møller, Aarhus',
      'tel.1': '+4520123456',
      'tel.1.type': 'work,voice',
    });
  });

  it('reports a card cut off at the end of the file', async () => {
    const { rows, problems } = await collect(writeTemp('cut.vcf', `${GOOGLE_30}\nBEGIN:VCARD\nFN:Half`), {
      format: 'vcf',
    });
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([
      {
        rowNo: 2,
        field: null,
        code: 'vcard_unterminated_eof',
        params: {},
        message: expect.stringContaining('END:VCARD'),
      },
    ]);
  });
});

describe('JSONL reader', () => {
  it('flattens objects, joins arrays and reports a malformed line with its line number', async () => {
    const text = [
      '{"name":"Mette","address":{"city":"Aarhus","geo":{"lat":56.1}},"tags":["vip","news"],"active":true,"fax":null}',
      '{"name": "broken",',
      '',
      '[1,2]',
      '{"name":"Jürgen","emails":[{"v":"j@x.de"}]}',
    ].join('\n');
    const file = writeTemp('people.jsonl', text);
    expect(await detectFormat(file, 'people.jsonl')).toBe('jsonl');
    const { rows, problems } = await collect(file, { format: 'jsonl' });
    expect(rows).toEqual([
      {
        rowNo: 1,
        values: {
          name: 'Mette',
          'address.city': 'Aarhus',
          'address.geo.lat': '56.1',
          tags: 'vip, news',
          active: 'true',
          fax: '',
        },
      },
      { rowNo: 5, values: { name: 'Jürgen', emails: '{"v":"j@x.de"}' } },
    ]);
    expect(problems.map((p) => p.rowNo)).toEqual([2, 4]);
    expect(problems[0]!.message).toMatch(/Invalid JSON/);
    const probe = await probeFile(file, 'people.jsonl');
    expect(probe.columns).toEqual([
      'name',
      'address.city',
      'address.geo.lat',
      'tags',
      'active',
      'fax',
      'emails',
    ]);
  });
});
