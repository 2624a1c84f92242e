import { languages, type UiLanguage } from './common.ts';

/**
 * Why an import row failed, as data: a stable `code` and the `params` its sentence needs. This is the one
 * catalogue of those sentences in the four UI languages. The server renders the English `message` the API
 * and the CLI keep, and the error report in the reader's language; the web app loads the same sentences as
 * i18next resources (`imports:problems.<code>`). Placeholders are i18next's: `{{name}}`, and
 * `{{name, number}}` for a number written the reader's way (`1,048,576`, `1.048.576`, `1 048 576`).
 * Row numbers stay as the file numbers them. A code never changes its meaning; a new sentence gets a new code.
 *
 * Some English sentences are the ones the API's own contracts say (`Give the deal a title`): a refusal by
 * a contract is found here by its English text and worded in the reader's language like any other.
 */
export const importProblemTexts = {
  // Values the reader could not read (by the target field's type).
  date_invalid: {
    en: 'Not a date: "{{value}}"',
    fr: 'Date non valide : « {{value}} »',
    de: 'Kein gültiges Datum: „{{value}}“',
    da: 'Ikke en gyldig dato: “{{value}}”',
  },
  datetime_invalid: {
    en: 'Not a date or date-time: "{{value}}"',
    fr: 'Ni une date ni une date et heure valide : « {{value}} »',
    de: 'Weder ein gültiges Datum noch ein Zeitpunkt: „{{value}}“',
    da: 'Hverken en gyldig dato eller et tidspunkt: “{{value}}”',
  },
  phone_not_number: {
    en: 'Not a phone number: "{{value}}"',
    fr: 'Ce n’est pas un numéro de téléphone : « {{value}} »',
    de: 'Keine Telefonnummer: „{{value}}“',
    da: 'Ikke et telefonnummer: “{{value}}”',
  },
  phone_invalid: {
    en: 'Not a valid phone number: "{{value}}"',
    fr: 'Numéro de téléphone non valide : « {{value}} »',
    de: 'Ungültige Telefonnummer: „{{value}}“',
    da: 'Ugyldigt telefonnummer: “{{value}}”',
  },
  phone_no_country: {
    en: 'Not a valid phone number: "{{value}}" (no country code and no default country)',
    fr: 'Numéro de téléphone non valide : « {{value}} » (ni indicatif du pays, ni pays par défaut)',
    de: 'Ungültige Telefonnummer: „{{value}}“ (weder Ländervorwahl noch Standardland)',
    da: 'Ugyldigt telefonnummer: “{{value}}” (hverken landekode eller standardland)',
  },
  country_unknown: {
    en: 'Unknown country: "{{value}}"',
    fr: 'Pays inconnu : « {{value}} »',
    de: 'Unbekanntes Land: „{{value}}“',
    da: 'Ukendt land: “{{value}}”',
  },
  boolean_invalid: {
    en: 'Not a yes/no value: "{{value}}"',
    fr: 'Ni oui ni non : « {{value}} »',
    de: 'Weder Ja noch Nein: „{{value}}“',
    da: 'Hverken ja eller nej: “{{value}}”',
  },
  email_invalid: {
    en: 'Not an e-mail address: "{{value}}"',
    fr: 'Adresse e-mail non valide : « {{value}} »',
    de: 'Keine gültige E-Mail-Adresse: „{{value}}“',
    da: 'Ikke en gyldig e-mailadresse: “{{value}}”',
  },
  number_invalid: {
    en: 'Not a number: "{{value}}"',
    fr: 'Ce n’est pas un nombre : « {{value}} »',
    de: 'Keine Zahl: „{{value}}“',
    da: 'Ikke et tal: “{{value}}”',
  },
  integer_invalid: {
    en: 'Not a whole number: "{{value}}"',
    fr: 'Ce n’est pas un nombre entier : « {{value}} »',
    de: 'Keine ganze Zahl: „{{value}}“',
    da: 'Ikke et helt tal: “{{value}}”',
  },
  number_too_large: {
    en: 'Number too large: "{{value}}"',
    fr: 'Nombre trop grand : « {{value}} »',
    de: 'Zahl zu groß: „{{value}}“',
    da: 'Tallet er for stort: “{{value}}”',
  },
  amount_invalid: {
    en: 'Not an amount: "{{value}}"',
    fr: 'Montant non valide : « {{value}} »',
    de: 'Kein gültiger Betrag: „{{value}}“',
    da: 'Ikke et gyldigt beløb: “{{value}}”',
  },
  amount_decimals: {
    en: 'Too many decimals for the currency ({{digits}}): "{{value}}"',
    fr: 'Trop de décimales pour la devise ({{digits}} au plus) : « {{value}} »',
    de: 'Zu viele Nachkommastellen für die Währung (höchstens {{digits}}): „{{value}}“',
    da: 'For mange decimaler for valutaen (højst {{digits}}): “{{value}}”',
  },
  amount_too_large: {
    en: 'Amount too large: "{{value}}"',
    fr: 'Montant trop élevé : « {{value}} »',
    de: 'Betrag zu hoch: „{{value}}“',
    da: 'Beløbet er for stort: “{{value}}”',
  },
  url_invalid: {
    en: 'Not a web address: "{{value}}"',
    fr: 'Adresse web non valide : « {{value}} »',
    de: 'Keine gültige Webadresse: „{{value}}“',
    da: 'Ikke en gyldig webadresse: “{{value}}”',
  },
  option_unknown: {
    en: 'Not one of {{options}}: "{{value}}"',
    fr: '« {{value}} » ne fait pas partie des valeurs possibles : {{options}}',
    de: '„{{value}}“ ist keiner der möglichen Werte: {{options}}',
    da: '“{{value}}” er ikke en af de mulige værdier: {{options}}',
  },
  language_unknown: {
    en: 'Not a language: "{{value}}"',
    fr: 'Langue inconnue : « {{value}} »',
    de: 'Unbekannte Sprache: „{{value}}“',
    da: 'Ukendt sprog: “{{value}}”',
  },
  domain_invalid: {
    en: 'Not a domain: "{{value}}"',
    fr: 'Nom de domaine non valide : « {{value}} »',
    de: 'Keine gültige Domain: „{{value}}“',
    da: 'Ikke et gyldigt domæne: “{{value}}”',
  },
  too_long: {
    en: 'Longer than {{max, number}} characters',
    fr: 'Plus de {{max, number}} caractères',
    de: 'Länger als {{max, number}} Zeichen',
    da: 'Længere end {{max, number}} tegn',
  },
  required: {
    en: 'Required value missing',
    fr: 'Valeur obligatoire manquante',
    de: 'Pflichtangabe fehlt',
    da: 'Påkrævet værdi mangler',
  },

  // The file itself (readers).
  row_width: {
    en: 'Row has {{cells, number}} cells but the header has {{columns, number}} columns',
    fr: 'La ligne a {{cells, number}} cellules, mais l’en-tête a {{columns, number}} colonnes',
    de: 'Die Zeile hat {{cells, number}} Zellen, die Kopfzeile aber {{columns, number}} Spalten',
    da: 'Rækken har {{cells, number}} celler, men overskriftsrækken har {{columns, number}} kolonner',
  },
  cell_too_large: {
    en: 'Cell "{{column}}" is larger than {{max, number}} bytes',
    fr: 'La cellule « {{column}} » dépasse {{max, number}} octets',
    de: 'Die Zelle „{{column}}“ ist größer als {{max, number}} Byte',
    da: 'Cellen “{{column}}” er større end {{max, number}} byte',
  },
  json_invalid: {
    en: 'Invalid JSON: {{detail}}',
    fr: 'JSON non valide : {{detail}}',
    de: 'Ungültiges JSON: {{detail}}',
    da: 'Ugyldig JSON: {{detail}}',
  },
  json_not_object: {
    en: 'Line is not a JSON object',
    fr: 'La ligne n’est pas un objet JSON',
    de: 'Die Zeile ist kein JSON-Objekt',
    da: 'Linjen er ikke et JSON-objekt',
  },
  json_too_many_fields: {
    en: 'Object has more than {{max, number}} fields',
    fr: 'L’objet a plus de {{max, number}} champs',
    de: 'Das Objekt hat mehr als {{max, number}} Felder',
    da: 'Objektet har mere end {{max, number}} felter',
  },
  vcard_unterminated: {
    en: 'vCard without END:VCARD',
    fr: 'vCard sans END:VCARD',
    de: 'vCard ohne END:VCARD',
    da: 'vCard uden END:VCARD',
  },
  vcard_unterminated_eof: {
    en: 'vCard without END:VCARD at the end of the file',
    fr: 'vCard sans END:VCARD à la fin du fichier',
    de: 'vCard ohne END:VCARD am Ende der Datei',
    da: 'vCard uden END:VCARD i slutningen af filen',
  },
  value_too_large: {
    en: 'Value too large, left out',
    fr: 'Valeur trop grande, laissée de côté',
    de: 'Wert zu groß, ausgelassen',
    da: 'Værdien er for stor og er udeladt',
  },

  // People and companies.
  address_country_missing: {
    en: 'An address needs a country (or set a default country)',
    fr: 'Une adresse a besoin d’un pays (ou choisissez un pays par défaut)',
    de: 'Eine Adresse braucht ein Land (oder legen Sie ein Standardland fest)',
    da: 'En adresse skal have et land (eller vælg et standardland)',
  },
  owner_unknown: {
    en: 'No active user has the e-mail {{email}}',
    fr: 'Aucun utilisateur actif n’a l’adresse e-mail {{email}}',
    de: 'Kein aktiver Benutzer hat die E-Mail-Adresse {{email}}',
    da: 'Ingen aktiv bruger har e-mailadressen {{email}}',
  },
  name_missing: {
    en: 'Give a first name, a last name or an e-mail address',
    fr: 'Indiquez un prénom, un nom ou une adresse e-mail',
    de: 'Geben Sie einen Vornamen, einen Nachnamen oder eine E-Mail-Adresse an',
    da: 'Angiv et fornavn, et efternavn eller en e-mailadresse',
  },
  company_name_missing: {
    en: 'A company needs a name',
    fr: 'Une société a besoin d’un nom',
    de: 'Ein Unternehmen braucht einen Namen',
    da: 'En virksomhed skal have et navn',
  },
  domain_format: {
    en: 'Use a domain like example.com',
    fr: 'Indiquez un domaine comme example.com',
    de: 'Geben Sie eine Domain wie example.com an',
    da: 'Angiv et domæne som example.com',
  },
  website_format: {
    en: 'Use an http(s) address',
    fr: 'Indiquez une adresse http(s)',
    de: 'Geben Sie eine http(s)-Adresse an',
    da: 'Angiv en http(s)-adresse',
  },
  vat_format: {
    en: 'Use letters, digits, spaces, dots and dashes',
    fr: 'Utilisez des lettres, des chiffres, des espaces, des points et des tirets',
    de: 'Erlaubt sind Buchstaben, Ziffern, Leerzeichen, Punkte und Bindestriche',
    da: 'Brug bogstaver, tal, mellemrum, punktummer og bindestreger',
  },
  tags_format: {
    en: 'Tags cannot contain , < or >',
    fr: 'Une étiquette ne peut pas contenir , < ou >',
    de: 'Tags dürfen weder , noch < oder > enthalten',
    da: 'Tags må ikke indeholde , < eller >',
  },
  language_format: {
    en: 'Use an ISO 639-1 two-letter language code',
    fr: 'Indiquez un code de langue ISO 639-1 à deux lettres',
    de: 'Geben Sie einen zweistelligen Sprachcode nach ISO 639-1 an',
    da: 'Angiv en sprogkode på to bogstaver (ISO 639-1)',
  },
  phone_format: {
    en: 'Use digits, spaces and + ( ) . / -',
    fr: 'Utilisez des chiffres, des espaces et + ( ) . / -',
    de: 'Erlaubt sind Ziffern, Leerzeichen und + ( ) . / -',
    da: 'Brug tal, mellemrum og + ( ) . / -',
  },
  country_format: {
    en: 'Use an ISO 3166 two-letter country code',
    fr: 'Indiquez un code pays ISO 3166 à deux lettres',
    de: 'Geben Sie einen zweistelligen Ländercode nach ISO 3166 an',
    da: 'Angiv en landekode på to bogstaver (ISO 3166)',
  },
  custom_field_unknown: {
    en: 'Unknown custom field',
    fr: 'Champ personnalisé inconnu',
    de: 'Unbekanntes benutzerdefiniertes Feld',
    da: 'Ukendt brugerdefineret felt',
  },
  value_taken: {
    en: 'Another record has this value',
    fr: 'Un autre enregistrement a déjà cette valeur',
    de: 'Ein anderer Datensatz hat bereits diesen Wert',
    da: 'En anden post har allerede denne værdi',
  },

  // Matching.
  group_split: {
    en: 'Row {{row}} started this record and other rows came in between: keep its rows together',
    fr: 'La ligne {{row}} commence cet enregistrement, mais d’autres lignes s’intercalent : gardez ses lignes ensemble',
    de: 'Zeile {{row}} beginnt diesen Datensatz, doch andere Zeilen stehen dazwischen: Halten Sie seine Zeilen zusammen',
    da: 'Række {{row}} begyndte denne post, men andre rækker kom imellem: hold dens rækker samlet',
  },
  no_match: {
    en: 'No existing record matches',
    fr: 'Aucun enregistrement existant ne correspond',
    de: 'Kein vorhandener Datensatz passt',
    da: 'Ingen eksisterende post passer',
  },
  email_no_second_contact: {
    en: 'Matching by e-mail never creates a second contact with the same address',
    fr: 'La recherche par e-mail ne crée jamais un second contact avec la même adresse',
    de: 'Beim Abgleich per E-Mail entsteht nie ein zweiter Kontakt mit derselben Adresse',
    da: 'Ved match på e-mail oprettes der aldrig en kontakt mere med samme adresse',
  },
  match_not_editable: {
    en: 'You cannot change the matching record (it belongs to someone outside your teams)',
    fr: 'Vous ne pouvez pas modifier l’enregistrement correspondant (il appartient à quelqu’un hors de vos équipes)',
    de: 'Sie können den passenden Datensatz nicht ändern (er gehört jemandem außerhalb Ihrer Teams)',
    da: 'Du kan ikke ændre den matchende post (den tilhører en uden for dine teams)',
  },
  match_deleted: {
    en: 'The matched record was deleted meanwhile',
    fr: 'L’enregistrement correspondant a été supprimé entre-temps',
    de: 'Der passende Datensatz wurde inzwischen gelöscht',
    da: 'Den matchende post er blevet slettet i mellemtiden',
  },

  // Amounts.
  amount_currency_missing: {
    en: 'An amount needs a currency (map a currency column)',
    fr: 'Un montant a besoin d’une devise (associez une colonne de devise)',
    de: 'Ein Betrag braucht eine Währung (ordnen Sie eine Währungsspalte zu)',
    da: 'Et beløb skal have en valuta (tilknyt en valutakolonne)',
  },
  amount_in_currency: {
    en: 'Not an amount in {{currency}} (at most {{digits}} decimals): "{{value}}"',
    fr: 'Montant non valide en {{currency}} ({{digits}} décimales au plus) : « {{value}} »',
    de: 'Kein gültiger Betrag in {{currency}} (höchstens {{digits}} Nachkommastellen): „{{value}}“',
    da: 'Ikke et gyldigt beløb i {{currency}} (højst {{digits}} decimaler): “{{value}}”',
  },
  amount_in_currency_whole: {
    en: 'Not an amount in {{currency}} (no decimals): "{{value}}"',
    fr: 'Montant non valide en {{currency}} (sans décimales) : « {{value}} »',
    de: 'Kein gültiger Betrag in {{currency}} (ohne Nachkommastellen): „{{value}}“',
    da: 'Ikke et gyldigt beløb i {{currency}} (uden decimaler): “{{value}}”',
  },

  // Deals.
  title_missing: {
    en: 'Give the deal a title',
    fr: 'Donnez un titre à l’affaire',
    de: 'Geben Sie dem Deal einen Titel',
    da: 'Giv salgsmuligheden en titel',
  },
  pipeline_unknown: {
    en: 'No pipeline "{{pipeline}}"',
    fr: 'Aucun pipeline « {{pipeline}} »',
    de: 'Keine Pipeline „{{pipeline}}“',
    da: 'Ingen pipeline ved navn “{{pipeline}}”',
  },
  pipeline_archived: {
    en: 'The deal’s pipeline is archived',
    fr: 'Le pipeline de l’affaire est archivé',
    de: 'Die Pipeline des Deals ist archiviert',
    da: 'Salgsmulighedens pipeline er arkiveret',
  },
  stage_unknown: {
    en: 'No stage "{{stage}}" in pipeline {{pipeline}}',
    fr: 'Aucune étape « {{stage}} » dans le pipeline {{pipeline}}',
    de: 'Keine Phase „{{stage}}“ in der Pipeline {{pipeline}}',
    da: 'Ingen fase “{{stage}}” i pipelinen {{pipeline}}',
  },
  stage_status_conflict: {
    en: 'The stage "{{stage}}" is a {{kind}} stage, the status says {{status}}',
    fr: 'L’étape « {{stage}} » est une étape {{kind}}, mais le statut indique « {{status}} »',
    de: 'Die Phase „{{stage}}“ hat den Status „{{kind}}“, die Zeile aber „{{status}}“',
    da: 'Fasen “{{stage}}” er en {{kind}} fase, men status er “{{status}}”',
  },
  deal_reason_missing: {
    en: 'A {{kind}} deal needs a close reason (stage "{{stage}}")',
    fr: 'Une affaire {{kind}} a besoin d’un motif (étape « {{stage}} »)',
    de: 'Ein Deal mit dem Status „{{kind}}“ braucht einen Grund (Phase „{{stage}}“)',
    da: 'En {{kind}} salgsmulighed skal have en årsag (fase “{{stage}}”)',
  },
  deal_reason_wrong: {
    en: 'Not a reason a deal is {{kind}} for: {{reason}}',
    fr: '« {{reason}} » n’est pas un motif pour une affaire {{kind}}',
    de: '„{{reason}}“ ist kein Grund für einen Deal mit dem Status „{{kind}}“',
    da: '“{{reason}}” er ikke en årsag til en {{kind}} salgsmulighed',
  },
  deal_reason_open: {
    en: 'Only a won or lost deal has a close reason',
    fr: 'Seule une affaire gagnée ou perdue a un motif',
    de: 'Nur ein gewonnener oder verlorener Deal hat einen Grund',
    da: 'Kun en vundet eller tabt salgsmulighed har en årsag',
  },
  deal_customer_missing: {
    en: 'A deal needs a contact or a company: map a contact e-mail, company or company domain column',
    fr: 'Une affaire a besoin d’un contact ou d’une société : associez une colonne d’e-mail du contact, de société ou de domaine de la société',
    de: 'Ein Deal braucht einen Kontakt oder ein Unternehmen: Ordnen Sie eine Spalte mit der E-Mail des Kontakts, dem Unternehmen oder dessen Domain zu',
    da: 'En salgsmulighed skal have en kontakt eller en virksomhed: tilknyt en kolonne med kontaktens e-mail, virksomheden eller virksomhedens domæne',
  },
  contact_email_unknown: {
    en: 'No contact has the e-mail {{email}}',
    fr: 'Aucun contact n’a l’adresse e-mail {{email}}',
    de: 'Kein Kontakt hat die E-Mail-Adresse {{email}}',
    da: 'Ingen kontakt har e-mailadressen {{email}}',
  },
  contact_phone_unknown: {
    en: 'No contact has the phone number {{phone}}',
    fr: 'Aucun contact n’a le numéro de téléphone {{phone}}',
    de: 'Kein Kontakt hat die Telefonnummer {{phone}}',
    da: 'Ingen kontakt har telefonnummeret {{phone}}',
  },
  company_unknown: {
    en: 'No company is called {{name}}',
    fr: 'Aucune société ne s’appelle {{name}}',
    de: 'Kein Unternehmen heißt {{name}}',
    da: 'Ingen virksomhed hedder {{name}}',
  },
  company_unknown_or_domain: {
    en: 'No company is called {{name}} or has the domain {{domain}}',
    fr: 'Aucune société ne s’appelle {{name}} ni n’a le domaine {{domain}}',
    de: 'Kein Unternehmen heißt {{name}} oder hat die Domain {{domain}}',
    da: 'Ingen virksomhed hedder {{name}} eller har domænet {{domain}}',
  },
  company_domain_unknown: {
    en: 'No company has the domain {{domain}}',
    fr: 'Aucune société n’a le domaine {{domain}}',
    de: 'Kein Unternehmen hat die Domain {{domain}}',
    da: 'Ingen virksomhed har domænet {{domain}}',
  },

  // Interactions.
  occurred_missing: {
    en: 'When did it happen? The date is missing',
    fr: 'Quand cela a-t-il eu lieu ? La date manque',
    de: 'Wann war das? Das Datum fehlt',
    da: 'Hvornår skete det? Datoen mangler',
  },
  channel_missing: {
    en: 'The channel is missing',
    fr: 'Le canal manque',
    de: 'Der Kanal fehlt',
    da: 'Kanalen mangler',
  },
  interaction_customer_missing: {
    en: 'Who was it with? Map the contact’s e-mail or phone, or the company',
    fr: 'Avec qui ? Associez l’e-mail ou le téléphone du contact, ou la société',
    de: 'Mit wem? Ordnen Sie die E-Mail-Adresse oder Telefonnummer des Kontakts oder das Unternehmen zu',
    da: 'Med hvem? Tilknyt kontaktens e-mail eller telefon eller virksomheden',
  },
  customer_missing: {
    en: 'Give a contact or a company',
    fr: 'Indiquez un contact ou une société',
    de: 'Geben Sie einen Kontakt oder ein Unternehmen an',
    da: 'Angiv en kontakt eller en virksomhed',
  },
  source_format: {
    en: 'Use lower-case letters, digits, . _ -',
    fr: 'Utilisez des minuscules, des chiffres, . _ -',
    de: 'Erlaubt sind Kleinbuchstaben, Ziffern, . _ -',
    da: 'Brug små bogstaver, tal, . _ -',
  },
  datetime_format: {
    en: 'Use an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z',
    fr: 'Indiquez une date et heure ISO 8601, par exemple 2026-11-23T09:30:00Z',
    de: 'Geben Sie einen Zeitpunkt nach ISO 8601 an, z. B. 2026-11-23T09:30:00Z',
    da: 'Angiv et tidspunkt efter ISO 8601, f.eks. 2026-11-23T09:30:00Z',
  },

  // Orders.
  order_number_missing: {
    en: 'No order number: each row needs its order number (the rows of one order share it)',
    fr: 'Numéro de commande manquant : chaque ligne a besoin du sien (les lignes d’une même commande le partagent)',
    de: 'Keine Bestellnummer: Jede Zeile braucht ihre Bestellnummer (die Zeilen einer Bestellung teilen sie)',
    da: 'Intet ordrenummer: hver række skal have sit ordrenummer (rækkerne i en ordre deler det)',
  },
  order_rows_disagree: {
    en: 'Order {{order}} has "{{first}}" in row {{row}}, "{{value}}" here: the rows of an order must agree',
    fr: 'La commande {{order}} a « {{first}} » à la ligne {{row}} et « {{value}} » ici : les lignes d’une commande doivent concorder',
    de: 'Bestellung {{order}} hat „{{first}}“ in Zeile {{row}}, hier aber „{{value}}“: Die Zeilen einer Bestellung müssen übereinstimmen',
    da: 'Ordre {{order}} har “{{first}}” i række {{row}}, men “{{value}}” her: rækkerne i en ordre skal stemme overens',
  },
  order_currency_missing: {
    en: 'An order needs its currency (map a currency column)',
    fr: 'Une commande a besoin de sa devise (associez une colonne de devise)',
    de: 'Eine Bestellung braucht ihre Währung (ordnen Sie eine Währungsspalte zu)',
    da: 'En ordre skal have sin valuta (tilknyt en valutakolonne)',
  },
  order_date_missing: {
    en: 'An order needs its date (map an order date column)',
    fr: 'Une commande a besoin de sa date (associez une colonne de date de commande)',
    de: 'Eine Bestellung braucht ihr Datum (ordnen Sie eine Spalte mit dem Bestelldatum zu)',
    da: 'En ordre skal have sin dato (tilknyt en kolonne med ordredatoen)',
  },
  order_lines_missing: {
    en: 'An order needs at least one line (map the SKU, quantity and price columns)',
    fr: 'Une commande a besoin d’au moins une ligne (associez les colonnes de référence, de quantité et de prix)',
    de: 'Eine Bestellung braucht mindestens eine Position (ordnen Sie die Spalten für Artikelnummer, Menge und Preis zu)',
    da: 'En ordre skal have mindst én linje (tilknyt kolonnerne med varenummer, antal og pris)',
  },
  order_lines_min: {
    en: 'An order needs at least one line',
    fr: 'Une commande a besoin d’au moins une ligne',
    de: 'Eine Bestellung braucht mindestens eine Position',
    da: 'En ordre skal have mindst én linje',
  },
  line_quantity_missing: {
    en: 'A line needs a quantity',
    fr: 'Une ligne a besoin d’une quantité',
    de: 'Eine Position braucht eine Menge',
    da: 'En linje skal have et antal',
  },
  line_tax_missing: {
    en: 'A line needs its tax rate in percent (0 for none)',
    fr: 'Une ligne a besoin de son taux de TVA en pourcentage (0 s’il n’y en a pas)',
    de: 'Eine Position braucht ihren Steuersatz in Prozent (0 für keinen)',
    da: 'En linje skal have sin momssats i procent (0 for ingen)',
  },
  line_price_missing: {
    en: 'A line needs its unit price',
    fr: 'Une ligne a besoin de son prix unitaire',
    de: 'Eine Position braucht ihren Stückpreis',
    da: 'En linje skal have sin stykpris',
  },
  line_item_missing: {
    en: 'Give a SKU, a product id or a description',
    fr: 'Indiquez une référence, un identifiant de produit ou une description',
    de: 'Geben Sie eine Artikelnummer, eine Produkt-ID oder eine Beschreibung an',
    da: 'Angiv et varenummer, et produkt-id eller en beskrivelse',
  },
  line_description_missing: {
    en: 'Describe the line',
    fr: 'Décrivez la ligne',
    de: 'Beschreiben Sie die Position',
    da: 'Beskriv linjen',
  },
  shipping_country_missing: {
    en: 'A shipping address needs a country (or set a default country)',
    fr: 'Une adresse de livraison a besoin d’un pays (ou choisissez un pays par défaut)',
    de: 'Eine Lieferadresse braucht ein Land (oder legen Sie ein Standardland fest)',
    da: 'En leveringsadresse skal have et land (eller vælg et standardland)',
  },
  order_customer_missing: {
    en: 'Name the customer by contactId, email or phone',
    fr: 'Désignez le client par contactId, e-mail ou téléphone',
    de: 'Nennen Sie den Kunden per contactId, E-Mail oder Telefon',
    da: 'Angiv kunden med contactId, e-mail eller telefon',
  },
  sku_unknown: {
    en: 'Unknown SKU {{sku}}',
    fr: 'Référence inconnue : {{sku}}',
    de: 'Unbekannte Artikelnummer {{sku}}',
    da: 'Ukendt varenummer {{sku}}',
  },
  order_in_bin: {
    en: 'Order {{order}} (source "{{source}}") is in the recycle bin as {{number}}: restore it there, or delete it for good to import it again',
    fr: 'La commande {{order}} (source « {{source}} ») est dans la corbeille sous le numéro {{number}} : restaurez-la, ou supprimez-la définitivement pour l’importer à nouveau',
    de: 'Bestellung {{order}} (Quelle „{{source}}“) liegt als {{number}} im Papierkorb: Stellen Sie sie dort wieder her, oder löschen Sie sie endgültig, um sie erneut zu importieren',
    da: 'Ordre {{order}} (kilde “{{source}}”) ligger i papirkurven som {{number}}: gendan den dér, eller slet den permanent for at importere den igen',
  },
  order_already_stored: {
    en: 'Order {{order}} from {{source}} is already stored',
    fr: 'La commande {{order}} de {{source}} est déjà enregistrée',
    de: 'Bestellung {{order}} aus {{source}} ist bereits gespeichert',
    da: 'Ordre {{order}} fra {{source}} er allerede gemt',
  },
  order_stored: {
    en: 'Order {{order}} from {{source}} is already stored as {{number}}',
    fr: 'La commande {{order}} de {{source}} est déjà enregistrée sous le numéro {{number}}',
    de: 'Bestellung {{order}} aus {{source}} ist bereits als {{number}} gespeichert',
    da: 'Ordre {{order}} fra {{source}} er allerede gemt som {{number}}',
  },

  // Products.
  sku_missing: {
    en: 'Give the product a SKU',
    fr: 'Donnez une référence au produit',
    de: 'Geben Sie dem Produkt eine Artikelnummer',
    da: 'Giv produktet et varenummer',
  },
  sku_format: {
    en: 'Use letters, digits and - _ . / + # (no spaces)',
    fr: 'Utilisez des lettres, des chiffres et - _ . / + # (sans espaces)',
    de: 'Erlaubt sind Buchstaben, Ziffern und - _ . / + # (keine Leerzeichen)',
    da: 'Brug bogstaver, tal og - _ . / + # (ingen mellemrum)',
  },
  product_name_missing: {
    en: 'Give the product an English name',
    fr: 'Donnez un nom anglais au produit',
    de: 'Geben Sie dem Produkt einen englischen Namen',
    da: 'Giv produktet et engelsk navn',
  },
  currency_twice: {
    en: 'This currency appears twice',
    fr: 'Cette devise apparaît deux fois',
    de: 'Diese Währung kommt zweimal vor',
    da: 'Denne valuta optræder to gange',
  },
  cost_incomplete: {
    en: 'Give the cost price and its currency together',
    fr: 'Indiquez le prix de revient avec sa devise',
    de: 'Geben Sie den Einstandspreis zusammen mit seiner Währung an',
    da: 'Angiv kostprisen sammen med dens valuta',
  },

  // A contract's generic checks, and what nothing above words.
  max_value: {
    en: 'At most {{max, number}}',
    fr: '{{max, number}} au maximum',
    de: 'Höchstens {{max, number}}',
    da: 'Højst {{max, number}}',
  },
  min_value: {
    en: 'At least {{min, number}}',
    fr: '{{min, number}} au minimum',
    de: 'Mindestens {{min, number}}',
    da: 'Mindst {{min, number}}',
  },
  too_short: {
    en: 'At least {{min, number}} characters',
    fr: '{{min, number}} caractères au minimum',
    de: 'Mindestens {{min, number}} Zeichen',
    da: 'Mindst {{min, number}} tegn',
  },
  too_many: {
    en: 'At most {{max, number}} values',
    fr: '{{max, number}} valeurs au maximum',
    de: 'Höchstens {{max, number}} Werte',
    da: 'Højst {{max, number}} værdier',
  },
  option_invalid: {
    en: 'Not one of {{options}}',
    fr: 'Valeur non prévue (valeurs possibles : {{options}})',
    de: 'Kein zulässiger Wert (möglich: {{options}})',
    da: 'Ikke en af de mulige værdier ({{options}})',
  },
  format_invalid: {
    en: 'Not in the expected format',
    fr: 'Format non valide',
    de: 'Nicht im erwarteten Format',
    da: 'Ikke i det forventede format',
  },
  value_invalid: {
    en: 'Not a valid value',
    fr: 'Valeur non valide',
    de: 'Kein gültiger Wert',
    da: 'Ikke en gyldig værdi',
  },
  forbidden: {
    en: 'You are not allowed to do this',
    fr: 'Vous n’avez pas le droit de faire cela',
    de: 'Dazu sind Sie nicht berechtigt',
    da: 'Du har ikke tilladelse til dette',
  },
  /** A refusal worded by a service this catalogue does not know: its English sentence, as it came. */
  rejected: { en: '{{reason}}', fr: '{{reason}}', de: '{{reason}}', da: '{{reason}}' },
} as const satisfies Record<string, Record<UiLanguage, string>>;

export type ImportProblemCode = keyof typeof importProblemTexts;
export const importProblemCodes = Object.keys(importProblemTexts) as ImportProblemCode[];
export type ImportProblemValue = string | number;
export type ImportProblemParamValues = Record<string, ImportProblemValue>;

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type PlaceholderName<P extends string> = P extends `${infer N},${string}` ? Trim<N> : Trim<P>;
type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}`
  ? PlaceholderName<P> | Placeholders<Rest>
  : never;
/** The params a code's sentence needs, read from its English sentence at compile time. */
export type ImportProblemParams<C extends ImportProblemCode> = {
  [K in Placeholders<(typeof importProblemTexts)[C]['en']>]: ImportProblemValue;
};

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*(?:,\s*(\w+)\s*)?\}\}/g;

/** The placeholder names of a sentence with their format, `['max, number', 'value']`: the test compares them. */
export const placeholdersOf = (sentence: string) =>
  [...sentence.matchAll(PLACEHOLDER)].map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1]!)).sort();

/**
 * Words a param can hold that are themselves words of the reader's language: a deal's status (`kind`,
 * `status`). Replaced before the sentence is put together, on the server and in the web app alike.
 */
const terms: Record<string, Record<string, Record<UiLanguage, string>>> = {
  kind: {
    open: { en: 'open', fr: 'ouverte', de: 'Offen', da: 'åben' },
    won: { en: 'won', fr: 'gagnée', de: 'Gewonnen', da: 'vundet' },
    lost: { en: 'lost', fr: 'perdue', de: 'Verloren', da: 'tabt' },
  },
};
terms.status = terms.kind!;

export const isImportProblemCode = (code: unknown): code is ImportProblemCode =>
  typeof code === 'string' && Object.hasOwn(importProblemTexts, code);

const uiLanguageOf = (lang: string): UiLanguage =>
  (languages as readonly string[]).includes(lang.slice(0, 2)) ? (lang.slice(0, 2) as UiLanguage) : 'en';

/** The params as the reader's sentence shows them (deal statuses in their language); numbers stay numbers. */
export function localizeProblemParams(
  params: ImportProblemParamValues | null | undefined,
  lang: string,
): ImportProblemParamValues {
  const l = uiLanguageOf(lang);
  const out: ImportProblemParamValues = {};
  for (const [name, value] of Object.entries(params ?? {}))
    out[name] = (typeof value === 'string' && terms[name]?.[value]?.[l]) || value;
  return out;
}

/** The sentences of one language, keyed by code: the web app's i18next resources. */
export const importProblemMessages = (lang: UiLanguage) =>
  Object.fromEntries(importProblemCodes.map((code) => [code, importProblemTexts[code][lang]])) as Record<
    ImportProblemCode,
    string
  >;

/**
 * A problem in a language (English for one the catalogue lacks), put together as i18next would: `{{x}}`
 * replaced by the param, `{{x, number}}` by the number written the language's way. Null for an unknown code.
 */
export function importProblemText(
  code: string,
  params: ImportProblemParamValues | null | undefined,
  lang: string,
): string | null {
  if (!isImportProblemCode(code)) return null;
  const l = uiLanguageOf(lang);
  const values = localizeProblemParams(params, l);
  return importProblemTexts[code][l].replace(PLACEHOLDER, (_, name: string, format?: string) => {
    const v = values[name];
    if (v === undefined) return '';
    return format === 'number' && typeof v === 'number' ? new Intl.NumberFormat(l).format(v) : String(v);
  });
}

/** The error report's column headings in the reader's language. */
export const importReportColumns: Record<
  UiLanguage,
  { row: string; field: string; value: string; reason: string; code: string }
> = {
  en: { row: 'row', field: 'field', value: 'value', reason: 'reason', code: 'code' },
  fr: { row: 'ligne', field: 'champ', value: 'valeur', reason: 'problème', code: 'code' },
  de: { row: 'Zeile', field: 'Feld', value: 'Wert', reason: 'Problem', code: 'Code' },
  da: { row: 'række', field: 'felt', value: 'værdi', reason: 'problem', code: 'kode' },
};
export const importReportColumnsIn = (lang: string) => importReportColumns[uiLanguageOf(lang)];
