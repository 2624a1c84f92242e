import type { CompanyDto } from '../../../shared/companies.ts';
import type { ContactDto } from '../../../shared/contacts.ts';
import type { AddressEntry } from '../../../shared/crm.ts';
import { type ListQuery, listQuery } from '../../../shared/filters.ts';
import { countCompanies, listCompanies } from '../companies/index.ts';
import { countContacts, listContacts } from '../contacts/index.ts';
import { customFieldDefs } from '../custom-fields/index.ts';
import { customColumns, type ExportColumn, H, type People, personOf } from './exports.columns.ts';
import type { ExportSource } from './exports.source.ts';

type WithPoints = {
  emails: { address: string }[];
  phones: { number: string }[];
  addresses: AddressEntry[];
};

/** E-mail, phone and first address as columns, shared by contacts and companies. */
function pointColumns<T extends WithPoints>(): ExportColumn<T>[] {
  const addr = (r: T) => r.addresses[0];
  return [
    { key: 'email', header: H.email, type: 'text', value: (r) => r.emails[0]?.address },
    { key: 'emails', header: H.emails, type: 'list', value: (r) => r.emails.slice(1).map((e) => e.address) },
    { key: 'phone', header: H.phone, type: 'text', value: (r) => r.phones.map((p) => p.number).join(', ') },
    { key: 'street', header: H.street, type: 'text', value: (r) => addr(r)?.street },
    { key: 'postalCode', header: H.postalCode, type: 'text', value: (r) => addr(r)?.postalCode },
    { key: 'city', header: H.city, type: 'text', value: (r) => addr(r)?.city },
    { key: 'region', header: H.region, type: 'text', value: (r) => addr(r)?.region },
    { key: 'country', header: H.country, type: 'text', width: 8, value: (r) => addr(r)?.country },
  ];
}

type Common = CompanyDto | ContactDto;
function relationColumns<T extends Common>(people: People): ExportColumn<T>[] {
  return [
    { key: 'lifecycleStage', header: H.lifecycleStage, type: 'text', value: (r) => r.lifecycleStage },
    { key: 'relationshipType', header: H.relationshipType, type: 'text', value: (r) => r.relationshipType },
    {
      key: 'relationshipStage',
      header: H.relationshipStage,
      type: 'text',
      value: (r) => r.relationshipStage,
    },
    { key: 'ownerId', header: H.owner, type: 'text', value: (r) => personOf(people, r.ownerId) },
    { key: 'tags', header: H.tags, type: 'list', value: (r) => r.tags },
    { key: 'customerSince', header: H.customerSince, type: 'date', value: (r) => r.customerSince },
  ];
}

function stampColumns<T extends Common>(): ExportColumn<T>[] {
  return [
    { key: 'description', header: H.description, type: 'text', width: 40, value: (r) => r.description },
    { key: 'createdAt', header: H.createdAt, type: 'datetime', value: (r) => r.createdAt },
    { key: 'updatedAt', header: H.updatedAt, type: 'datetime', value: (r) => r.updatedAt },
    { key: 'id', header: H.id, type: 'text', width: 36, value: (r) => r.id },
  ];
}

export const contactSource: ExportSource<ContactDto, ListQuery> = {
  entity: 'contacts',
  query: listQuery as never,
  page: (ctx, q, cursor, limit) => listContacts(ctx, { ...q, cursor, limit }),
  count: (ctx, q) => countContacts(ctx, q),
  defaults: ['name', 'email', 'phone', 'companyId', 'jobTitle', 'lifecycleStage', 'ownerId', 'createdAt'],
  aliases: { name: ['firstName', 'lastName'] },
  async columns(ctx, lang, people) {
    return [
      { key: 'firstName', header: H.firstName, type: 'text', value: (r) => r.firstName },
      { key: 'lastName', header: H.lastName, type: 'text', value: (r) => r.lastName },
      ...pointColumns<ContactDto>(),
      { key: 'companyId', header: H.company, type: 'text', value: (r) => r.companyName },
      { key: 'jobTitle', header: H.jobTitle, type: 'text', value: (r) => r.jobTitle },
      ...relationColumns<ContactDto>(people),
      { key: 'birthday', header: H.birthday, type: 'date', value: (r) => r.birthday },
      { key: 'language', header: H.language, type: 'text', width: 8, value: (r) => r.language },
      { key: 'preferredChannel', header: H.preferredChannel, type: 'text', value: (r) => r.preferredChannel },
      { key: 'source', header: H.source, type: 'text', value: (r) => r.source },
      { key: 'customerGroup', header: H.customerGroup, type: 'text', value: (r) => r.customerGroup },
      { key: 'stayInTouchDays', header: H.stayInTouchDays, type: 'integer', value: (r) => r.stayInTouchDays },
      { key: 'touchDueAt', header: H.touchDueAt, type: 'datetime', value: (r) => r.touchDueAt },
      ...stampColumns<ContactDto>(),
      ...customColumns<ContactDto>(await customFieldDefs(ctx.db, 'contact', ctx.database.db), lang),
    ];
  },
};

export const companySource: ExportSource<CompanyDto, ListQuery> = {
  entity: 'companies',
  query: listQuery as never,
  page: (ctx, q, cursor, limit) => listCompanies(ctx, { ...q, cursor, limit }),
  count: (ctx, q) => countCompanies(ctx, q),
  defaults: ['name', 'domain', 'industry', 'email', 'phone', 'city', 'country', 'ownerId', 'createdAt'],
  async columns(ctx, lang, people) {
    return [
      { key: 'name', header: H.name, type: 'text', value: (r) => r.name },
      { key: 'domain', header: H.domain, type: 'text', value: (r) => r.domain },
      { key: 'website', header: H.website, type: 'text', value: (r) => r.website },
      { key: 'industry', header: H.industry, type: 'text', value: (r) => r.industry },
      { key: 'employees', header: H.employees, type: 'integer', value: (r) => r.employees },
      { key: 'vatId', header: H.vatId, type: 'text', value: (r) => r.vatId },
      ...pointColumns<CompanyDto>(),
      ...relationColumns<CompanyDto>(people),
      { key: 'customerGroup', header: H.customerGroup, type: 'text', value: (r) => r.customerGroup },
      { key: 'contactCount', header: H.contactCount, type: 'integer', value: (r) => r.contactCount },
      ...stampColumns<CompanyDto>(),
      ...customColumns<CompanyDto>(await customFieldDefs(ctx.db, 'company', ctx.database.db), lang),
    ];
  },
};
