import { type CustomFieldDto, labelOf } from '../../../shared/custom-fields.ts';
import { currencyMinorUnits } from '../../../shared/money.ts';

/**
 * A column of an export: a key (the list's column id where the list has one, `custom.<key>` for custom
 * fields), a header in four languages, a cell type and how to read the value from one DTO of the list.
 */
export type CellType = 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'money' | 'boolean' | 'list';
export type Money = { amount: number; currency: string };
export type CellValue = string | number | boolean | Money | string[] | null | undefined;
export type Lang = 'en' | 'fr' | 'de' | 'da';
export type Header = Record<Lang, string>;

export type ExportColumn<T> = {
  key: string;
  header: Header;
  type: CellType;
  /** Characters; measured from the first page when absent. */
  width?: number;
  value: (row: T) => CellValue;
};

const h = (en: string, fr: string, de: string, da: string): Header => ({ en, fr, de, da });

/** Headers used by several entities. */
export const H = {
  id: h('ID', 'ID', 'ID', 'ID'),
  firstName: h('First name', 'Prénom', 'Vorname', 'Fornavn'),
  lastName: h('Last name', 'Nom', 'Nachname', 'Efternavn'),
  name: h('Name', 'Nom', 'Name', 'Navn'),
  email: h('E-mail', 'E-mail', 'E-Mail', 'E-mail'),
  emails: h('Other e-mails', 'Autres e-mails', 'Weitere E-Mails', 'Andre e-mails'),
  phone: h('Phone', 'Téléphone', 'Telefon', 'Telefon'),
  company: h('Company', 'Entreprise', 'Firma', 'Virksomhed'),
  contact: h('Contact', 'Contact', 'Kontakt', 'Kontakt'),
  jobTitle: h('Job title', 'Fonction', 'Position', 'Stilling'),
  owner: h('Owner', 'Responsable', 'Verantwortlich', 'Ansvarlig'),
  tags: h('Tags', 'Étiquettes', 'Tags', 'Tags'),
  lifecycleStage: h('Lifecycle stage', 'Étape du cycle de vie', 'Lebenszyklusphase', 'Livscyklusfase'),
  relationshipType: h('Relationship type', 'Type de relation', 'Beziehungsart', 'Relationstype'),
  relationshipStage: h('Relationship stage', 'Phase de la relation', 'Beziehungsphase', 'Relationsfase'),
  birthday: h('Birthday', 'Anniversaire', 'Geburtstag', 'Fødselsdag'),
  customerSince: h('Customer since', 'Client depuis', 'Kunde seit', 'Kunde siden'),
  language: h('Language', 'Langue', 'Sprache', 'Sprog'),
  preferredChannel: h('Preferred channel', 'Canal préféré', 'Bevorzugter Kanal', 'Foretrukken kanal'),
  source: h('Source', 'Source', 'Quelle', 'Kilde'),
  customerGroup: h('Customer group', 'Groupe de clients', 'Kundengruppe', 'Kundegruppe'),
  street: h('Street', 'Rue', 'Straße', 'Gade'),
  postalCode: h('Postal code', 'Code postal', 'Postleitzahl', 'Postnummer'),
  city: h('City', 'Ville', 'Ort', 'By'),
  region: h('Region', 'Région', 'Region', 'Region'),
  country: h('Country', 'Pays', 'Land', 'Land'),
  stayInTouchDays: h(
    'Stay in touch (days)',
    'Garder le contact (jours)',
    'In Kontakt bleiben (Tage)',
    'Hold kontakten (dage)',
  ),
  touchDueAt: h('Next touch due', 'Prochain contact prévu', 'Nächster Kontakt fällig', 'Næste kontakt'),
  description: h('Description', 'Description', 'Beschreibung', 'Beskrivelse'),
  createdAt: h('Created', 'Créé le', 'Erstellt', 'Oprettet'),
  updatedAt: h('Updated', 'Modifié le', 'Geändert', 'Opdateret'),
  domain: h('Domain', 'Domaine', 'Domain', 'Domæne'),
  website: h('Website', 'Site web', 'Website', 'Websted'),
  industry: h('Industry', 'Secteur', 'Branche', 'Branche'),
  employees: h('Employees', 'Employés', 'Mitarbeitende', 'Medarbejdere'),
  vatId: h('VAT ID', 'N° TVA', 'USt-IdNr.', 'Momsnummer'),
  contactCount: h('Contacts', 'Contacts', 'Kontakte', 'Kontakter'),
  title: h('Title', 'Titre', 'Titel', 'Titel'),
  status: h('Status', 'Statut', 'Status', 'Status'),
  amount: h('Amount', 'Montant', 'Betrag', 'Beløb'),
  currency: h('Currency', 'Devise', 'Währung', 'Valuta'),
  expectedCloseOn: h('Expected close', 'Clôture prévue', 'Erwarteter Abschluss', 'Forventet lukning'),
  closedAt: h('Closed', 'Clôturé le', 'Abgeschlossen', 'Lukket'),
  closeReason: h('Close reason', 'Motif de clôture', 'Abschlussgrund', 'Lukkeårsag'),
  number: h('Number', 'Numéro', 'Nummer', 'Nummer'),
  channel: h('Channel', 'Canal', 'Kanal', 'Kanal'),
  orderedAt: h('Ordered', 'Commandé le', 'Bestellt', 'Bestilt'),
  net: h('Net', 'HT', 'Netto', 'Netto'),
  tax: h('Tax', 'TVA', 'Steuer', 'Moms'),
  gross: h('Total', 'TTC', 'Brutto', 'Brutto'),
  cost: h('Cost', 'Coût', 'Kosten', 'Omkostning'),
  margin: h('Margin', 'Marge', 'Marge', 'Avance'),
  kind: h('Kind', 'Type', 'Art', 'Type'),
  issuedOn: h('Issued', 'Émise le', 'Ausgestellt', 'Udstedt'),
  dueOn: h('Due', 'Échéance', 'Fällig', 'Forfald'),
  paid: h('Paid', 'Payé', 'Bezahlt', 'Betalt'),
  balance: h('Balance', 'Solde', 'Offen', 'Restbeløb'),
  overdue: h('Overdue', 'En retard', 'Überfällig', 'Forfalden'),
  order: h('Order', 'Commande', 'Auftrag', 'Ordre'),
  sku: h('SKU', 'Référence', 'Artikelnummer', 'Varenummer'),
  unit: h('Unit', 'Unité', 'Einheit', 'Enhed'),
  taxCategory: h('Tax category', 'Catégorie de TVA', 'Steuerkategorie', 'Momskategori'),
  price: h('Price', 'Prix', 'Preis', 'Pris'),
  costPrice: h('Cost price', 'Prix de revient', 'Einstandspreis', 'Kostpris'),
  dueAt: h('Due', 'Échéance', 'Fällig', 'Forfald'),
  priority: h('Priority', 'Priorité', 'Priorität', 'Prioritet'),
  assignee: h('Assigned to', 'Assignée à', 'Zugewiesen an', 'Tildelt'),
  completedAt: h('Completed', 'Terminée le', 'Erledigt', 'Fuldført'),
} satisfies Record<string, Header>;

/** The same text in every language (custom field labels come already chosen). */
const same = (label: string): Header => ({ en: label, fr: label, de: label, da: label });

const customType: Record<CustomFieldDto['type'], CellType> = {
  text: 'text',
  long_text: 'text',
  url: 'text',
  email: 'text',
  phone: 'text',
  select: 'text',
  integer: 'integer',
  decimal: 'decimal',
  date: 'date',
  boolean: 'boolean',
  multi_select: 'list',
  money: 'money',
};

/** One column per custom field, headed by its label in the export's language. */
export function customColumns<T extends { custom: Record<string, unknown> }>(
  defs: CustomFieldDto[],
  lang: Lang,
): ExportColumn<T>[] {
  return defs.map((d) => ({
    key: `custom.${d.key}`,
    header: same(labelOf(d.labels, lang)),
    type: customType[d.type],
    value: (row: T) => {
      const v = row.custom[d.key];
      if (v === null || v === undefined) return null;
      if (d.type === 'decimal') return typeof v === 'string' || typeof v === 'number' ? Number(v) : null;
      if (d.type === 'select') {
        const option = d.options.find((o) => o.value === v);
        return option ? labelOf(option.labels, lang) : String(v);
      }
      if (d.type === 'multi_select' && Array.isArray(v))
        return v.map((x) => labelOf(d.options.find((o) => o.value === x)?.labels ?? same(String(x)), lang));
      return v as CellValue;
    },
  }));
}

/** Excel number format of an amount in this currency: `#,##0.00 "EUR"`, `#,##0 "JPY"`. */
export function moneyFormat(currency: string): string {
  const decimals = (currencyMinorUnits as Record<string, number>)[currency] ?? 2;
  const code = /^[A-Z]{3}$/.test(currency) ? currency : '';
  return `#,##0${decimals ? `.${'0'.repeat(decimals)}` : ''}${code ? ` "${code}"` : ''}`;
}

/** Who a user id is, for owner and assignee columns (users are few: read once per export). */
export type People = Map<string, string>;
export const personOf = (people: People, id: string | null) => (id ? (people.get(id) ?? null) : null);
