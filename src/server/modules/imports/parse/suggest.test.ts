import { describe, expect, it } from 'vitest';
import { suggestMapping, type TargetField } from './suggest.ts';

const KEYS = [
  'firstName',
  'lastName',
  'fullName',
  'email',
  'email2',
  'phone',
  'mobile',
  'jobTitle',
  'companyName',
  'website',
  'street',
  'postalCode',
  'city',
  'region',
  'country',
  'tags',
  'lifecycleStage',
  'source',
  'birthday',
  'language',
  'description',
  'ownerEmail',
  'externalId',
];
const targets: TargetField[] = [
  ...KEYS.map((key) => ({ key, label: key })),
  { key: 'custom.shoeSize', label: 'Shoe size', aliases: ['Pointure', 'Schuhgröße', 'Skostørrelse'] },
];

const mapOf = (columns: string[], sample?: Parameters<typeof suggestMapping>[3]) => {
  const r = suggestMapping(columns, targets, 'contacts', sample);
  return { preset: r.preset, map: Object.fromEntries(r.suggestions.map((s) => [s.column, s.target])) };
};

describe('suggestMapping', () => {
  it.each([
    [
      'hubspot',
      [
        'Record ID',
        'First Name',
        'Last Name',
        'Email',
        'Phone Number',
        'Company Name',
        'Lifecycle Stage',
        'Contact owner',
        'Country/Region',
        'Create Date',
      ],
      {
        'Record ID': 'externalId',
        'Phone Number': 'phone',
        'Contact owner': 'ownerEmail',
        'Country/Region': 'country',
      },
    ],
    [
      'salesforce',
      [
        'Id',
        'FirstName',
        'LastName',
        'Email',
        'MobilePhone',
        'Account.Name',
        'MailingCity',
        'MailingPostalCode',
        'LeadSource',
      ],
      {
        Id: 'externalId',
        'Account.Name': 'companyName',
        MailingPostalCode: 'postalCode',
        LeadSource: 'source',
      },
    ],
    [
      'pipedrive',
      [
        'Person - ID',
        'Person - Name',
        'Person - Email',
        'Person - Phone',
        'Person - Organization',
        'Person - Label',
        'Person - Owner',
      ],
      { 'Person - Name': 'fullName', 'Person - Label': 'tags', 'Person - Organization': 'companyName' },
    ],
    [
      'suitecrm',
      [
        'id',
        'first_name',
        'last_name',
        'email1',
        'phone_work',
        'phone_mobile',
        'primary_address_city',
        'account_name',
      ],
      { email1: 'email', phone_work: 'phone', phone_mobile: 'mobile', primary_address_city: 'city' },
    ],
    [
      'twenty',
      [
        'Id',
        'Name / First Name',
        'Name / Last Name',
        'Emails / Primary Email',
        'Phones / Primary Phone Number',
        'Company',
        'City',
      ],
      { 'Emails / Primary Email': 'email', 'Name / Last Name': 'lastName' },
    ],
    [
      'odoo',
      ['id', 'Name', 'Email', 'Related Company', 'Job Position', 'Zip', 'Is a Company', 'Tags', 'VAT'],
      { 'Related Company': 'companyName', 'Job Position': 'jobTitle', Zip: 'postalCode', Name: 'fullName' },
    ],
  ] as const)('detects the %s export and applies its mapping', (preset, columns, expected) => {
    const r = mapOf([...columns]);
    expect(r.preset).toBe(preset);
    expect(r.map).toMatchObject(expected);
  });

  it.each([
    [
      'French',
      [
        'Prénom',
        'Nom de famille',
        'Courriel',
        'Téléphone',
        'Code postal',
        'Ville',
        'Pays',
        'Date de naissance',
        'Pointure',
      ],
    ],
    [
      'German',
      [
        'Vorname',
        'Nachname',
        'E-Mail-Adresse',
        'Telefon',
        'PLZ',
        'Ort',
        'Land',
        'Geburtsdatum',
        'Schuhgröße',
      ],
    ],
    [
      'Danish',
      [
        'Fornavn',
        'Efternavn',
        'E-mailadresse',
        'Tlf.',
        'Postnummer',
        'By',
        'Land',
        'Fødselsdato',
        'Skostørrelse',
      ],
    ],
  ])('maps %s headers', (_, columns) => {
    const { preset, map } = mapOf(columns);
    expect(preset).toBeNull();
    expect(Object.values(map)).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'postalCode',
      'city',
      'country',
      'birthday',
      'custom.shoeSize',
    ]);
  });

  it('matches fuzzily at lower confidence and leaves unknown columns unmapped', () => {
    const r = suggestMapping(['Emial adress', 'Favourite colour'], targets, 'contacts');
    expect(r.suggestions[0]).toMatchObject({ target: 'email' });
    expect(r.suggestions[0]!.confidence).toBeLessThan(0.9);
    expect(r.suggestions[1]).toMatchObject({ target: null, confidence: 0 });
  });

  it('uses each target once and lets sample values decide', () => {
    const sample = [
      { rowNo: 2, values: { Contact: 'mette@x.dk', 'E-mail': 'Mette' } },
      { rowNo: 3, values: { Contact: 'hans@y.de', 'E-mail': 'Hans' } },
    ];
    const { map } = mapOf(['E-mail', 'Contact'], sample);
    expect(map.Contact).toBe('email');
    expect(map['E-mail']).not.toBe('email');
    const twice = mapOf(['Email', 'E-mail']);
    expect(Object.values(twice.map).filter((t) => t === 'email')).toHaveLength(1);
  });

  it('reads a column of phone numbers as phones, but not one of dates or amounts', () => {
    const sample = [
      { rowNo: 2, values: { 'Felt 1': '2026-05-01', 'Felt 2': '1500.00', 'Felt 3': '+45 20 12 34 56' } },
      { rowNo: 3, values: { 'Felt 1': '01.05.2026', 'Felt 2': '249,95', 'Felt 3': '030 1234567' } },
    ];
    // Headers that say nothing: only the values can suggest a target.
    const { map } = mapOf(['Felt 1', 'Felt 2', 'Felt 3'], sample);
    expect(map['Felt 1']).not.toBe('phone');
    expect(map['Felt 2']).not.toBe('phone');
    expect(map['Felt 3']).toBe('phone');
  });
});
