import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { channels } from '../../../../shared/crm.ts';
import {
  type CreateInteractionInput,
  createInteractionInput,
  directions,
  sourceName,
  touchpoints,
} from '../../../../shared/interactions.ts';
import { type Executor, rowsOf } from '../../../db/client.ts';
import { invalid } from '../../../http/errors.ts';
import { createInteraction } from '../../interactions/index.ts';
import { interactions } from '../../interactions/interactions.schema.ts';
import type { BuiltRow } from '../imports.build.ts';
import { findCompanies, findContactsByEmail } from '../imports.companies.ts';
import type { Match } from '../imports.match.ts';
import { issueProblem } from '../imports.problems.ts';
import type { ImportTargetDef } from '../imports.targets.ts';
import {
  type DateOrder,
  type ProblemText,
  parseDate,
  problem,
  type RowProblem,
  rowProblem,
} from '../parse/index.ts';
import { externalKey, findByExternalKeys } from './external.ts';
import { builtFrom, issuesAsProblems, str, target } from './helpers.ts';
import type { RecordImporter } from './types.ts';

/** The source of imported interactions when the file has no source column. */
export const DEFAULT_SOURCE = 'import';

const channelAliases: Record<string, string[]> = {
  email: ['e-mail', 'mail', 'emails', 'e-mails', 'courriel', 'mél', 'e-mail-nachricht', 'mail envoyé'],
  phone: [
    'call',
    'phone call',
    'telephone',
    'tel',
    'calls',
    'appel',
    'appel téléphonique',
    'téléphone',
    'anruf',
    'telefon',
    'telefonat',
    'telefonanruf',
    'opkald',
    'opringning',
    'telefonopkald',
  ],
  sms: ['text', 'text message', 'texto', 'message texte', 'sms-nachricht', 'kurznachricht', 'sms-besked'],
  chat: ['live chat', 'tchat', 'messagerie instantanée', 'whatsapp', 'messenger'],
  social: [
    'social media',
    'linkedin',
    'facebook',
    'instagram',
    'réseaux sociaux',
    'réseau social',
    'soziale medien',
    'social-media',
    'sociale medier',
  ],
  web: ['website', 'web form', 'site web', 'formulaire web', 'webseite', 'webformular', 'hjemmeside'],
  shop: ['store', 'in store', 'boutique', 'magasin', 'laden', 'geschäft', 'filiale', 'butik'],
  letter: ['post', 'courrier', 'lettre', 'brief', 'schreiben', 'brev'],
  meeting: [
    'visit',
    'appointment',
    'réunion',
    'rendez-vous',
    'rdv',
    'visite',
    'besuch',
    'termin',
    'treffen',
    'besprechung',
    'møde',
    'besøg',
  ],
  portal: ['customer portal', 'portail', 'portail client', 'kundenportal', 'kundeportal'],
};
const directionAliases: Record<string, string[]> = {
  in: [
    'inbound',
    'incoming',
    'received',
    'entrant',
    'entrante',
    'reçu',
    'eingehend',
    'eingang',
    'ind',
    'indgående',
    'modtaget',
  ],
  out: [
    'outbound',
    'outgoing',
    'sent',
    'sortant',
    'sortante',
    'émis',
    'envoyé',
    'ausgehend',
    'ausgang',
    'ud',
    'udgående',
    'sendt',
  ],
};
const touchpointAliases: Record<string, string[]> = {
  sales: ['sale', 'vente', 'ventes', 'commercial', 'vertrieb', 'verkauf', 'salg'],
  marketing: ['markedsføring'],
  service: ['customer service', 'support', 'service client', 'kundenservice', 'kundeservice'],
  shop: ['store', 'boutique', 'magasin', 'laden', 'butik'],
  accounting: ['finance', 'comptabilité', 'buchhaltung', 'regnskab', 'bogholderi'],
  after_sales: ['after sales', 'aftersales', 'sav', 'service après-vente', 'kundendienst', 'eftersalg'],
  web: ['website', 'site web', 'webseite', 'hjemmeside'],
};

// A header "Channel" is also a contact's lead source: channel comes first, so it wins the tie.
const targets: ImportTargetDef[] = [
  target(
    'externalId',
    'text',
    { en: 'External ID', fr: 'ID externe', de: 'Externe ID', da: 'Eksternt ID' },
    { maxLength: 200, matchable: true },
  ),
  target(
    'channel',
    'enum',
    { en: 'Channel', fr: 'Canal', de: 'Kanal', da: 'Kanal' },
    { enumValues: [...channels], enumAliases: channelAliases },
  ),
  target(
    'source',
    'text',
    { en: 'Source system', fr: 'Système source', de: 'Quellsystem', da: 'Kildesystem' },
    { maxLength: 60 },
  ),
  target('email', 'email', {
    en: 'Contact e-mail',
    fr: 'E-mail du contact',
    de: 'E-Mail des Kontakts',
    da: 'Kontaktens e-mail',
  }),
  target('phone', 'phone', {
    en: 'Contact phone',
    fr: 'Téléphone du contact',
    de: 'Telefon des Kontakts',
    da: 'Kontaktens telefon',
  }),
  target(
    'companyName',
    'text',
    { en: 'Company', fr: 'Société', de: 'Firma', da: 'Virksomhed' },
    { maxLength: 300 },
  ),
  target(
    'direction',
    'enum',
    { en: 'Direction', fr: 'Sens', de: 'Richtung', da: 'Retning' },
    { enumValues: [...directions], enumAliases: directionAliases },
  ),
  target(
    'touchpoint',
    'enum',
    { en: 'Touchpoint', fr: 'Point de contact', de: 'Kontaktpunkt', da: 'Kontaktpunkt' },
    { enumValues: [...touchpoints], enumAliases: touchpointAliases },
  ),
  // A date-time: the parse library's 'date' type drops the time of day, so the importer reads it itself.
  target('occurredAt', 'text', { en: 'Date', fr: 'Date', de: 'Datum', da: 'Dato' }, { maxLength: 60 }),
  target('subject', 'text', { en: 'Subject', fr: 'Objet', de: 'Betreff', da: 'Emne' }, { maxLength: 300 }),
  target('body', 'text', { en: 'Notes', fr: 'Notes', de: 'Notizen', da: 'Noter' }, { maxLength: 50_000 }),
  target(
    'outcome',
    'text',
    { en: 'Outcome', fr: 'Résultat', de: 'Ergebnis', da: 'Resultat' },
    { maxLength: 200 },
  ),
  target('durationMinutes', 'decimal', {
    en: 'Duration (minutes)',
    fr: 'Durée (minutes)',
    de: 'Dauer (Minuten)',
    da: 'Varighed (minutter)',
  }),
  target('durationSeconds', 'integer', {
    en: 'Duration (seconds)',
    fr: 'Durée (secondes)',
    de: 'Dauer (Sekunden)',
    da: 'Varighed (sekunder)',
  }),
  target('ownerEmail', 'email', {
    en: 'User (e-mail)',
    fr: 'Utilisateur (e-mail)',
    de: 'Benutzer (E-Mail)',
    da: 'Bruger (e-mail)',
  }),
];

type Built = {
  input: Partial<CreateInteractionInput>;
  /** How the row names its customer, resolved to contactId/companyId by `resolve`. */
  email?: string;
  phone?: string;
  companyName?: string;
  /** The column the duration came from, for a problem with it. */
  durationField: string;
};
const built = (row: { fields: Record<string, unknown> }) => row.fields as Built;

/** A contract path back to the column the user mapped (`contactId` → the e-mail or phone that named it). */
function fieldOf(path: string): string {
  const head = path.split('.')[0] ?? path;
  if (head === 'contactId') return 'email';
  if (head === 'companyId') return 'companyName';
  if (head === 'userId' || head === 'ownerId') return 'ownerEmail';
  if (head === 'durationSeconds') return 'durationMinutes';
  return head;
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * A plain-text body as the rich text the app keeps: every character escaped (an imported `<script>` is text
 * to read, not markup), blank lines as paragraphs, single line breaks as `<br>`. The service sanitises again.
 */
export function plainTextToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('');
}

const TIME_AT_END =
  /^(.*?[\p{L}\p{N}.])(?:\s*T\s*|\s*,\s*|\s+)(?:(?:à|um|kl\.?|klokken|at)\s*)?(\d{1,2})[:h.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/iu;

/**
 * When it happened, as an ISO date-time: `2026-03-04T09:30:00+01:00`, `04.03.2026 09:30`, `4 mars 2026 à
 * 9h30`, `3/4/2026 2:05 pm`, an Excel serial with its fraction of a day. The date part is read as the
 * import's other dates are (day first unless the settings say otherwise). A time without a zone is taken as
 * UTC; a date without a time is midnight UTC.
 */
export function parseOccurredAt(raw: string, order: DateOrder | undefined): string | { error: ProblemText } {
  const s = raw.trim();
  const bad = { error: problem('datetime_invalid', { value: raw }) };
  const serial = /^(\d{5})(\.\d+)?$/.exec(s);
  if (serial) {
    const n = Number(s);
    if (n < 20000 || n > 80000) return bad;
    return new Date(Math.round(((n - 25569) * 864e5) / 1000) * 1000).toISOString();
  }
  const t = TIME_AT_END.exec(s);
  const date = parseDate(t ? t[1]! : s, order);
  if (!date.ok) return bad;
  if (!t) return `${date.value}T00:00:00.000Z`;
  let hour = Number(t[2]);
  const minute = Number(t[3]);
  const second = Number(t[4] ?? 0);
  const half = t[5]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return bad;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return bad;
  const zone = t[6]?.toLowerCase();
  let offsetMinutes = 0;
  if (zone && zone !== 'z' && zone !== 'utc' && zone !== 'gmt') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const minutes = Number(z[2]) * 60 + Number(z[3] ?? 0);
    if (minutes > 14 * 60) return bad;
    offsetMinutes = z[1] === '-' ? -minutes : minutes;
  }
  const [y, m, d] = date.value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hour, minute, second) - offsetMinutes * 60_000).toISOString();
}

/** A source name as the contract takes it: "Standard Téléphonique" → `standard-telephonique`. */
const sourceOf = (v: string) =>
  v
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');

const digits = (phone: string) => phone.split(';ext=')[0]!.replace(/[^0-9]/g, '');

/**
 * Without an id column, the id is the row's content: importing the same file again (or an overlapping
 * export) skips what is stored already, and identical rows of one file are one interaction.
 */
function contentId(b: Built): string {
  const i = b.input;
  const who = [b.email?.toLowerCase() ?? '', b.phone ? digits(b.phone) : '', b.companyName?.toLowerCase()];
  const what = [i.channel, i.direction, i.touchpoint, i.occurredAt, i.subject, i.body, i.outcome];
  const hash = createHash('sha256')
    .update(JSON.stringify([...who, ...what, i.durationSeconds, i.userId]))
    .digest('hex');
  return `row-${hash.slice(0, 32)}`;
}

const keyOf = externalKey;

/**
 * Interactions (calls, e-mails, meetings, visits…) from another system: one row an interaction, about the
 * contact its e-mail or phone names (or a company by name), stored once per (source, external id): a
 * repeated one is skipped, never updated. Created through the interaction service, so it is on the
 * contact's and company's timeline exactly like one logged in the app, body sanitised, history recorded.
 */
export const interactionImporter: RecordImporter = {
  entity: 'interactions',
  targets,
  historyEntity: 'interaction',
  purgesLeftovers: true,
  table: interactions,
  fieldOf,
  build(rows, env) {
    const m = rows[0]!.fields;
    const rowNo = rows[0]!.rowNo;
    const problems: RowProblem[] = [];
    const input: Record<string, unknown> = {};
    const b: Built = { input: input as Built['input'], durationField: 'durationMinutes' };
    if (m.channel) input.channel = m.channel;
    if (m.direction) input.direction = m.direction;
    if (m.touchpoint) input.touchpoint = m.touchpoint;
    if (str(m.subject)) input.subject = str(m.subject);
    if (str(m.body)) input.body = plainTextToHtml(str(m.body)!);
    if (str(m.outcome)) input.outcome = str(m.outcome);
    const at = str(m.occurredAt);
    if (at) {
      const parsed = parseOccurredAt(at, env.settings.dateOrder ?? undefined);
      if (typeof parsed === 'string') input.occurredAt = parsed;
      else problems.push({ rowNo, field: 'occurredAt', ...parsed.error });
    } else if (!rows[0]!.problems.some((p) => p.field === 'occurredAt'))
      problems.push(rowProblem(rowNo, 'occurredAt', 'occurred_missing'));
    if (!m.channel && !rows[0]!.problems.some((p) => p.field === 'channel'))
      problems.push(rowProblem(rowNo, 'channel', 'channel_missing'));
    if (m.durationSeconds !== undefined) {
      input.durationSeconds = Number(m.durationSeconds);
      b.durationField = 'durationSeconds';
    } else if (m.durationMinutes !== undefined)
      input.durationSeconds = Math.round(Number(m.durationMinutes) * 60);
    const owner = str(m.ownerEmail);
    if (owner) {
      const id = env.usersByEmail.get(owner.toLowerCase());
      if (id) input.userId = id;
      else problems.push(rowProblem(rowNo, 'ownerEmail', 'owner_unknown', { email: owner }));
    }
    b.email = str(m.email);
    b.phone = str(m.phone);
    b.companyName = str(m.companyName);
    if (!b.email && !b.phone && !b.companyName)
      problems.push({
        rowNo,
        field: 'email',
        ...problem('interaction_customer_missing'),
      });
    if (str(m.source)) {
      const source = sourceName.safeParse(sourceOf(str(m.source)!));
      if (source.success) input.source = source.data;
      else problems.push({ rowNo, field: 'source', ...issueProblem(source.error.issues[0]!) });
    } else input.source = DEFAULT_SOURCE;
    input.externalId = str(m.externalId) ?? contentId(b);
    // The API's own contract decides what a valid interaction is; the customer is looked up by `resolve`.
    const parsed = createInteractionInput.safeParse(input);
    if (!parsed.success) {
      const field = (p: string) => (p === 'durationSeconds' ? b.durationField : fieldOf(p));
      // A field the mapper or the checks above already found wrong is reported once.
      const known = new Set([...rows[0]!.problems, ...problems].map((p) => p.field));
      const issues = parsed.error.issues.filter((i) => {
        const path = i.path.join('.');
        if (path === 'contactId' && !input.contactId && !input.companyId) return false;
        return !known.has(field(path));
      });
      problems.push(...issuesAsProblems(rowNo, issues, field));
    }
    return builtFrom(rows, b as unknown as Record<string, unknown>, problems);
  },
  async resolve(db, rows) {
    const wanted = rows.filter((r) => {
      const b = built(r);
      return b.email || b.phone || b.companyName;
    });
    if (!wanted.length) return;
    const emails = [
      ...new Set(wanted.flatMap((r) => (built(r).email ? [built(r).email!.toLowerCase()] : []))),
    ];
    const phones = [...new Set(wanted.flatMap((r) => (built(r).phone ? [digits(built(r).phone!)] : [])))];
    const names = [...new Set(wanted.flatMap((r) => (built(r).companyName ? [built(r).companyName!] : [])))];
    // One index probe a key (the e-mail keys' GIN, the phone keys' GIN, the company name key); where
    // several live records share a key, the oldest is taken, as the batch API does.
    const byEmail = await findContactsByEmail(db, emails);
    const byPhone = new Map(
      !phones.length
        ? []
        : rowsOf<{ key: string; id: string }>(
            await db.execute(sql`select k.key, c.id from unnest(${sql.param(phones)}::text[]) as k(key)
          cross join lateral (select id from contacts
            where rapport_phone_keys(phones) @> array[k.key] and deleted_at is null
            order by created_at, id limit 1) c`),
          ).map((f) => [f.key, f.id]),
    );
    const { byName } = await findCompanies(db, [], names);
    for (const row of wanted) {
      const b = built(row);
      const contactId =
        (b.email ? byEmail.get(b.email.toLowerCase()) : undefined) ??
        (b.phone ? byPhone.get(digits(b.phone)) : undefined);
      if (contactId) b.input.contactId = contactId;
      else if (b.email || b.phone)
        row.problems.push(
          b.email
            ? rowProblem(row.rowNo, 'email', 'contact_email_unknown', { email: b.email })
            : rowProblem(row.rowNo, 'phone', 'contact_phone_unknown', { phone: b.phone! }),
        );
      if (b.companyName) {
        const companyId = byName.get(b.companyName.trim().toLowerCase());
        if (companyId) b.input.companyId = companyId;
        else
          row.problems.push({
            rowNo: row.rowNo,
            field: 'companyName',
            ...problem('company_unknown', { name: b.companyName }),
          });
      }
    }
  },
  creatable(row) {
    const r = createInteractionInput.safeParse(built(row).input);
    if (r.success) return null;
    const issue = r.error.issues[0]!;
    return { rowNo: row.rowNo, field: fieldOf(issue.path.map(String).join('.')), ...issueProblem(issue) };
  },
  keysOf(row, match) {
    const { source, externalId } = built(row).input;
    return match === 'externalId' && source && externalId ? [keyOf(source, externalId)] : [];
  },
  async findByKeys(db: Executor, match, keys) {
    const found = new Map<string, Match>();
    if (match !== 'externalId') return found;
    // Binned interactions hold their key too: the service refuses those as well, so they are reported here
    // (and skipped) rather than failing at the write — unless an undone import left them there.
    const hits = await findByExternalKeys<{
      user_id: string | null;
      subject: string | null;
      channel: string;
      occurred_at: string | Date;
    }>(db, interactions, 'interaction', keys, sql`t.user_id, t.subject, t.channel, t.occurred_at`);
    for (const r of hits) {
      const [source, externalId] = JSON.parse(r.key) as [string, string];
      found.set(r.key, {
        id: r.id,
        ownerId: r.user_id,
        name: r.subject ?? `${r.channel} ${new Date(r.occurred_at).toISOString().slice(0, 10)}`,
        reason: `${source} id ${externalId}${r.deleted ? ' (in the recycle bin)' : ''}`,
      });
    }
    return found;
  },
  async create(ctx, row: BuiltRow) {
    const parsed = createInteractionInput.safeParse(built(row).input);
    if (!parsed.success)
      throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    // A (source, external id) stored meanwhile answers 409 with a field error on externalId.
    const made = await createInteraction(ctx, parsed.data);
    return { id: made.id };
  },
};
