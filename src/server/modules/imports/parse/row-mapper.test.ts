import { describe, expect, it } from 'vitest';
import { compileMapping, type TargetDef } from './row-mapper.ts';

const targets: TargetDef[] = [
  { key: 'firstName', type: 'text', maxLength: 10 },
  { key: 'lastName', type: 'text', required: true },
  { key: 'fullName', type: 'fullName' },
  { key: 'emails', type: 'email', multiple: true },
  { key: 'phone', type: 'phone' },
  { key: 'country', type: 'country' },
  { key: 'birthday', type: 'date' },
  { key: 'tags', type: 'tags' },
  { key: 'newsletter', type: 'boolean' },
  { key: 'revenue', type: 'money' },
  { key: 'employees', type: 'integer' },
  { key: 'score', type: 'decimal' },
  { key: 'website', type: 'url' },
  {
    key: 'lifecycleStage',
    type: 'enum',
    enumValues: ['lead', 'customer'],
    enumAliases: { customer: ['Kunde', 'Client'] },
  },
];

const mapper = compileMapping(
  [
    { column: 'Navn', target: 'fullName' },
    { column: 'E-mail', target: 'emails' },
    { column: 'E-mail 2', target: 'emails' },
    { column: 'Tlf', target: 'phone' },
    { column: 'Land', target: 'country' },
    { column: 'Født', target: 'birthday' },
    { column: 'Tags', target: 'tags' },
    { column: 'Tags 2', target: 'tags' },
    { column: 'Nyhedsbrev', target: 'newsletter' },
    { column: 'Omsætning', target: 'revenue', transform: 'money:2' },
    { column: 'Ansatte', target: 'employees' },
    { column: 'Score', target: 'score' },
    { column: 'Web', target: 'website' },
    { column: 'Status', target: 'lifecycleStage' },
  ],
  targets,
  { defaultCountry: 'DK', decimal: 'comma' },
);

const row = (values: Record<string, string>, rowNo = 17) => ({ rowNo, values });

describe('compileMapping', () => {
  it('converts a Danish row end to end', () => {
    expect(
      mapper(
        row({
          Navn: 'Mette Møller',
          'E-mail': 'Mette@Rapport.DK',
          'E-mail 2': 'mette@privat.dk',
          Tlf: '20 12 34 56',
          Land: 'Danmark',
          Født: '15.03.1990',
          Tags: 'VIP; Kunde',
          'Tags 2': 'vip|Messe',
          Nyhedsbrev: 'ja',
          Omsætning: '1.234.567,50 kr.',
          Ansatte: '1.200',
          Score: '4,5',
          Web: 'rapport.dk',
          Status: 'Kunde',
        }),
      ),
    ).toEqual({
      rowNo: 17,
      problems: [],
      fields: {
        firstName: 'Mette',
        lastName: 'Møller',
        emails: ['Mette@rapport.dk', 'mette@privat.dk'],
        phone: '+4520123456',
        country: 'DK',
        birthday: '1990-03-15',
        tags: ['VIP', 'Kunde', 'Messe'],
        newsletter: true,
        revenue: 123456750,
        employees: 1200,
        score: '4.5',
        website: 'https://rapport.dk/',
        lifecycleStage: 'customer',
      },
    });
  });

  it('uses the row’s own country for phone numbers', () => {
    const r = mapper(row({ Navn: 'Jürgen Weiß', Tlf: '(030) 1234567', Land: 'Deutschland' }));
    expect(r.fields.phone).toBe('+49301234567');
  });

  it('treats empty cells as absent and names the field and value of each problem', () => {
    const r = mapper(
      row({
        Navn: '',
        Født: '31.02.1990',
        Tlf: '12',
        Web: 'javascript:alert(1)',
        Status: 'Prospect',
        'E-mail': ' ',
      }),
    );
    expect(r.fields).toEqual({});
    expect(r.problems).toEqual([
      {
        rowNo: 17,
        field: 'phone',
        code: 'phone_invalid',
        params: { value: '12' },
        message: 'Not a valid phone number: "12"',
      },
      {
        rowNo: 17,
        field: 'birthday',
        code: 'date_invalid',
        params: { value: '31.02.1990' },
        message: 'Not a date: "31.02.1990"',
      },
      {
        rowNo: 17,
        field: 'website',
        code: 'url_invalid',
        params: { value: 'javascript:alert(1)' },
        message: 'Not a web address: "javascript:alert(1)"',
      },
      {
        rowNo: 17,
        field: 'lifecycleStage',
        code: 'option_unknown',
        params: { options: 'lead, customer', value: 'Prospect' },
        message: 'Not one of lead, customer: "Prospect"',
      },
      { rowNo: 17, field: 'lastName', code: 'required', params: {}, message: 'Required value missing' },
    ]);
  });

  it('lets mapped first/last name columns win over a full name, and enforces maxLength', () => {
    const m = compileMapping(
      [
        { column: 'Name', target: 'fullName' },
        { column: 'First', target: 'firstName' },
      ],
      targets,
    );
    expect(m(row({ Name: 'Hans-Peter von der Leyen', First: 'Hansi' })).fields).toEqual({
      firstName: 'Hansi',
      lastName: 'von der Leyen',
    });
    expect(m(row({ Name: 'A B', First: 'Maximiliane-Charlotte' })).problems[0]).toMatchObject({
      field: 'firstName',
      message: 'Longer than 10 characters',
    });
  });

  it('applies a date transform from the mapping', () => {
    const m = compileMapping([{ column: 'd', target: 'birthday', transform: 'date:mdy' }], targets);
    expect(m(row({ d: '03/04/2026' })).fields.birthday).toBe('2026-03-04');
  });

  it('reads several e-mail addresses or phone numbers in one cell, and names a bad one', () => {
    const lists: TargetDef[] = [
      { key: 'otherEmails', type: 'emails' },
      { key: 'phone', type: 'phones' },
    ];
    const m = compileMapping(
      [
        { column: 'Andre e-mails', target: 'otherEmails' },
        { column: 'Telefon', target: 'phone' },
      ],
      lists,
      { defaultCountry: 'DK' },
    );
    expect(
      m(row({ 'Andre e-mails': 'a@x.dk; b@y.dk,c@z.dk', Telefon: '21 23 45 67, +49 30 1234567; ' })).fields,
    ).toEqual({ otherEmails: ['a@x.dk', 'b@y.dk', 'c@z.dk'], phone: ['+4521234567', '+49301234567'] });
    const bad = m(row({ 'Andre e-mails': 'a@x.dk; nope', Telefon: '' }));
    expect(bad.problems).toMatchObject([
      { field: 'otherEmails', code: 'email_invalid', params: { value: 'nope' } },
    ]);
  });
});
