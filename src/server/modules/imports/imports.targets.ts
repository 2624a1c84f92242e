import { channels, lifecycleStages } from '../../../shared/crm.ts';
import type { CustomFieldDto, CustomFieldType } from '../../../shared/custom-fields.ts';
import { type ImportEntity, isPartyEntity, type PartyEntity } from '../../../shared/imports.ts';
import type { Executor } from '../../db/client.ts';
import { customFieldDefs } from '../custom-fields/index.ts';
import { recordImporterOf } from './entities/index.ts';
import type { TargetDef } from './parse/index.ts';

type Labels = { en: string; fr: string; de: string; da: string };
/** A field an import can fill: how to read it (parse library) and what to call it in the wizard. */
export type ImportTargetDef = TargetDef & {
  labels: Labels;
  matchable?: boolean;
  /** More header spellings that mean this field (exports of shops and other CRMs). */
  aliases?: string[];
  /**
   * The shared header synonyms of this key are about people and companies (`externalId`: "Customer ID"):
   * a record type whose field means something else under the same key takes only its own labels and aliases.
   */
  ownSynonymsOnly?: boolean;
};

const t = (
  key: string,
  type: TargetDef['type'],
  labels: Labels,
  extra: Partial<ImportTargetDef> = {},
): ImportTargetDef => ({ key, type, labels, ...extra });

const address: ImportTargetDef[] = [
  t('street', 'text', { en: 'Street', fr: 'Rue', de: 'Straße', da: 'Gade' }, { maxLength: 300 }),
  t(
    'postalCode',
    'text',
    { en: 'Postal code', fr: 'Code postal', de: 'Postleitzahl', da: 'Postnummer' },
    { maxLength: 20 },
  ),
  t('city', 'text', { en: 'City', fr: 'Ville', de: 'Ort', da: 'By' }, { maxLength: 120 }),
  t('region', 'text', { en: 'Region', fr: 'Région', de: 'Region', da: 'Region' }, { maxLength: 120 }),
  t('country', 'country', { en: 'Country', fr: 'Pays', de: 'Land', da: 'Land' }),
];

/**
 * More addresses in one cell (`a@x.dk; b@y.dk`), as Rapport's own export writes them after the first; a
 * phone column may hold several numbers the same way (`+45 12 34 56 78, +49 30 1234567`).
 */
const otherEmails = t('otherEmails', 'emails', {
  en: 'Other e-mails',
  fr: 'Autres e-mails',
  de: 'Weitere E-Mails',
  da: 'Andre e-mails',
});

const common: ImportTargetDef[] = [
  t('tags', 'tags', { en: 'Tags', fr: 'Étiquettes', de: 'Tags', da: 'Tags' }),
  t(
    'lifecycleStage',
    'enum',
    { en: 'Lifecycle stage', fr: 'Étape du cycle de vie', de: 'Lebenszyklusphase', da: 'Livscyklusfase' },
    { enumValues: [...lifecycleStages] },
  ),
  t('customerSince', 'date', {
    en: 'Customer since',
    fr: 'Client depuis',
    de: 'Kunde seit',
    da: 'Kunde siden',
  }),
  t(
    'description',
    'text',
    { en: 'Description', fr: 'Description', de: 'Beschreibung', da: 'Beskrivelse' },
    { maxLength: 10_000 },
  ),
  t('ownerEmail', 'email', {
    en: 'Owner (e-mail)',
    fr: 'Responsable (e-mail)',
    de: 'Verantwortlich (E-Mail)',
    da: 'Ansvarlig (e-mail)',
  }),
  t(
    'externalId',
    'text',
    { en: 'External ID', fr: 'ID externe', de: 'Externe ID', da: 'Eksternt ID' },
    { maxLength: 200, matchable: true },
  ),
];

const contactTargets: ImportTargetDef[] = [
  t('fullName', 'fullName', {
    en: 'Full name',
    fr: 'Nom complet',
    de: 'Vollständiger Name',
    da: 'Fulde navn',
  }),
  t(
    'firstName',
    'text',
    { en: 'First name', fr: 'Prénom', de: 'Vorname', da: 'Fornavn' },
    { maxLength: 200 },
  ),
  t('lastName', 'text', { en: 'Last name', fr: 'Nom', de: 'Nachname', da: 'Efternavn' }, { maxLength: 200 }),
  t('email', 'email', { en: 'E-mail', fr: 'E-mail', de: 'E-Mail', da: 'E-mail' }, { matchable: true }),
  t('email2', 'email', { en: 'E-mail 2', fr: 'E-mail 2', de: 'E-Mail 2', da: 'E-mail 2' }),
  otherEmails,
  t('phone', 'phones', { en: 'Phone', fr: 'Téléphone', de: 'Telefon', da: 'Telefon' }, { matchable: true }),
  t('mobile', 'phone', { en: 'Mobile', fr: 'Portable', de: 'Mobil', da: 'Mobil' }),
  t(
    'jobTitle',
    'text',
    { en: 'Job title', fr: 'Fonction', de: 'Position', da: 'Stilling' },
    { maxLength: 200 },
  ),
  t(
    'companyName',
    'text',
    { en: 'Company', fr: 'Société', de: 'Firma', da: 'Virksomhed' },
    { maxLength: 300 },
  ),
  t('companyDomain', 'text', {
    en: 'Company domain',
    fr: 'Domaine de la société',
    de: 'Domain der Firma',
    da: 'Virksomhedens domæne',
  }),
  ...address,
  t('birthday', 'date', { en: 'Birthday', fr: 'Date de naissance', de: 'Geburtstag', da: 'Fødselsdag' }),
  t('language', 'text', { en: 'Language', fr: 'Langue', de: 'Sprache', da: 'Sprog' }, { maxLength: 20 }),
  t(
    'preferredChannel',
    'enum',
    { en: 'Preferred channel', fr: 'Canal préféré', de: 'Bevorzugter Kanal', da: 'Foretrukken kanal' },
    { enumValues: [...channels] },
  ),
  t('source', 'text', { en: 'Source', fr: 'Source', de: 'Quelle', da: 'Kilde' }, { maxLength: 100 }),
  ...common,
];

const companyTargets: ImportTargetDef[] = [
  t(
    'name',
    'text',
    { en: 'Company name', fr: 'Raison sociale', de: 'Firmenname', da: 'Virksomhedsnavn' },
    { maxLength: 300, required: true, matchable: true },
  ),
  t('domain', 'text', { en: 'Domain', fr: 'Domaine', de: 'Domain', da: 'Domæne' }, { matchable: true }),
  t('website', 'url', { en: 'Website', fr: 'Site web', de: 'Website', da: 'Hjemmeside' }),
  t('industry', 'text', { en: 'Industry', fr: 'Secteur', de: 'Branche', da: 'Branche' }, { maxLength: 120 }),
  t('employees', 'integer', { en: 'Employees', fr: 'Effectif', de: 'Mitarbeiter', da: 'Ansatte' }),
  t(
    'vatId',
    'text',
    { en: 'VAT number', fr: 'N° de TVA', de: 'USt-IdNr.', da: 'Momsnummer' },
    { maxLength: 40 },
  ),
  t('email', 'email', { en: 'E-mail', fr: 'E-mail', de: 'E-Mail', da: 'E-mail' }),
  otherEmails,
  t('phone', 'phones', { en: 'Phone', fr: 'Téléphone', de: 'Telefon', da: 'Telefon' }),
  ...address,
  ...common,
];

const customType: Record<CustomFieldType, TargetDef['type']> = {
  text: 'text',
  long_text: 'text',
  integer: 'integer',
  decimal: 'decimal',
  date: 'date',
  boolean: 'boolean',
  select: 'enum',
  multi_select: 'tags',
  url: 'url',
  email: 'email',
  phone: 'text',
  money: 'money',
};

export const customFieldEntity = (entity: PartyEntity) => (entity === 'contacts' ? 'contact' : 'company');

function customTargets(defs: CustomFieldDto[]): ImportTargetDef[] {
  return defs.map((d) => ({
    key: `custom.${d.key}`,
    type: customType[d.type],
    labels: {
      en: d.labels.en,
      fr: d.labels.fr ?? d.labels.en,
      de: d.labels.de ?? d.labels.en,
      da: d.labels.da ?? d.labels.en,
    },
    enumValues: d.options.length ? d.options.map((o) => o.value) : undefined,
    maxLength: d.type === 'long_text' ? 10_000 : d.type === 'text' ? 500 : undefined,
    matchable: d.unique,
  }));
}

/** Every field a file of this entity can map to: the standard ones and the entity's custom fields. */
export async function importTargets(db: Executor, entity: ImportEntity, cacheKey?: object) {
  const importer = recordImporterOf(entity);
  if (!isPartyEntity(entity) || importer) return { targets: importer?.targets ?? [], defs: [] };
  const defs = await customFieldDefs(db, customFieldEntity(entity), cacheKey);
  const standard = entity === 'contacts' ? contactTargets : companyTargets;
  return { targets: [...standard, ...customTargets(defs)], defs };
}

export const labelOf = (target: ImportTargetDef, language: string) =>
  target.labels[(language in target.labels ? language : 'en') as keyof Labels];
