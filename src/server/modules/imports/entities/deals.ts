import { and, eq, sql } from 'drizzle-orm';
import {
  type CreateDealInput,
  closeReasons,
  createDealInput,
  type DealDetailDto,
  type DealStatus,
  dealStatuses,
  type PipelineDto,
  reasonsFor,
  type StageDto,
  type UpdateDealInput,
  updateDealInput,
} from '../../../../shared/deals.ts';
import { currencies } from '../../../../shared/money.ts';
import { type Executor, rowsOf } from '../../../db/client.ts';
import { invalid } from '../../../http/errors.ts';
import { deals } from '../../deals/deals.schema.ts';
import { createDeal, ensureDefaultPipeline, getDeal, loadPipelines, updateDeal } from '../../deals/index.ts';
import { getSalesSettings } from '../../sales/index.ts';
import { normaliseDomain } from '../imports.build.ts';
import { findCompanies, findContactsByEmail } from '../imports.companies.ts';
import type { Match } from '../imports.match.ts';
import { issueProblem, RowProblemsError } from '../imports.problems.ts';
import type { ImportTargetDef } from '../imports.targets.ts';
import { type ProblemText, problem, type RowProblem, rowProblem } from '../parse/index.ts';
import { foldKey } from '../parse/normalize.ts';
import { builtFrom, issuesAsProblems, minor, str, target } from './helpers.ts';
import type { RecordImporter } from './types.ts';

/** Other spellings of a deal's status: CRM exports (HubSpot's `closedwon`) and the four UI languages. */
const statusAliases: Record<DealStatus, string[]> = {
  open: ['ouvert', 'ouverte', 'en cours', 'offen', 'laufend', 'åben', 'aktiv', 'in progress'],
  won: ['closed won', 'closedwon', 'gagné', 'gagnée', 'gewonnen', 'vundet'],
  lost: ['closed lost', 'closedlost', 'perdu', 'perdue', 'verloren', 'tabt'],
};

/**
 * Why a deal was won or lost, as other systems and people write it. A reason that is none of these is kept
 * as written in the close note, with the reason `other`: a CRM's free-text "lost reason" loses nothing.
 */
const reasonAliases: Record<string, string[]> = {
  price: [
    'prix',
    'preis',
    'pris',
    'too expensive',
    'trop cher',
    'zu teuer',
    'for dyrt',
    'for dyr',
    'pricing',
  ],
  competitor: [
    'competition',
    'lost to competitor',
    'concurrent',
    'concurrence',
    'wettbewerber',
    'wettbewerb',
    'konkurrenz',
    'mitbewerber',
    'konkurrent',
    'konkurrence',
  ],
  timing: ['bad timing', 'calendrier', 'zeitpunkt', 'tidspunkt'],
  no_budget: ['budget', 'pas de budget', 'kein budget', 'intet budget', 'ikke budget'],
  no_decision: ['no decision made', 'pas de décision', 'keine entscheidung', 'ingen beslutning'],
  product_fit: ['fit', 'adéquation produit', 'produktpassung', 'produkt passt', 'produkttilpasning'],
  relationship: ['relation', 'relation client', 'beziehung', 'kundenbeziehung', 'relation til kunden'],
  other: ['autre', 'sonstiges', 'andere', 'anderes', 'andet'],
};
const reasonByKey = new Map<string, string>();
for (const code of closeReasons) reasonByKey.set(foldKey(code.replace(/_/g, ' ')), code);
for (const [code, aliases] of Object.entries(reasonAliases))
  for (const a of aliases) if (!reasonByKey.has(foldKey(a))) reasonByKey.set(foldKey(a), code);

const targets: ImportTargetDef[] = [
  target(
    'title',
    'text',
    { en: 'Deal name', fr: "Nom de l'affaire", de: 'Titel', da: 'Titel' },
    { maxLength: 300, matchable: true },
  ),
  target('pipeline', 'text', { en: 'Pipeline', fr: 'Pipeline', de: 'Pipeline', da: 'Pipeline' }),
  target('stage', 'text', { en: 'Deal stage', fr: 'Étape', de: 'Phase', da: 'Fase' }),
  target(
    'status',
    'enum',
    { en: 'Status', fr: 'Statut', de: 'Status', da: 'Status' },
    { enumValues: [...dealStatuses], enumAliases: statusAliases },
  ),
  target('amount', 'decimal', { en: 'Amount', fr: 'Montant', de: 'Betrag', da: 'Beløb' }),
  target(
    'currency',
    'enum',
    { en: 'Currency', fr: 'Devise', de: 'Währung', da: 'Valuta' },
    { enumValues: [...currencies] },
  ),
  target('closeDate', 'date', {
    en: 'Expected close date',
    fr: 'Date de clôture prévue',
    de: 'Voraussichtlicher Abschluss',
    da: 'Forventet lukkedato',
  }),
  target('ownerEmail', 'email', {
    en: 'Owner (e-mail)',
    fr: 'Responsable (e-mail)',
    de: 'Verantwortlich (E-Mail)',
    da: 'Ansvarlig (e-mail)',
  }),
  target('contactEmail', 'email', {
    en: 'Contact e-mail',
    fr: 'E-mail du contact',
    de: 'Kontakt-E-Mail',
    da: 'Kontaktens e-mail',
  }),
  target(
    'companyName',
    'text',
    { en: 'Company', fr: 'Société', de: 'Firma', da: 'Virksomhed' },
    { maxLength: 300 },
  ),
  target('companyDomain', 'text', {
    en: 'Company domain',
    fr: 'Domaine de la société',
    de: 'Domain der Firma',
    da: 'Virksomhedens domæne',
  }),
  target('source', 'text', { en: 'Source', fr: 'Source', de: 'Quelle', da: 'Kilde' }, { maxLength: 100 }),
  target(
    'description',
    'text',
    { en: 'Description', fr: 'Description', de: 'Beschreibung', da: 'Beskrivelse' },
    { maxLength: 10_000 },
  ),
  target('closeReason', 'text', {
    en: 'Close reason',
    fr: 'Motif de clôture',
    de: 'Abschlussgrund',
    da: 'Lukkeårsag',
  }),
  target(
    'closeNote',
    'text',
    { en: 'Close note', fr: 'Note de clôture', de: 'Abschlussnotiz', da: 'Lukkenote' },
    { maxLength: 2000 },
  ),
];

/** A contract path back to the column the user mapped (`stageId` → `stage`, `ownerId` → `ownerEmail`). */
function fieldOf(path: string): string {
  const head = path.split('.')[0] ?? path;
  const byPath: Record<string, string> = {
    pipelineId: 'pipeline',
    expectedCloseOn: 'closeDate',
    stageId: 'stage',
    ownerId: 'ownerEmail',
    contactId: 'contactEmail',
    companyId: 'companyName',
    lines: 'amount',
  };
  return byPath[head] ?? head;
}

/** What a row names by name or e-mail, looked up for each batch by `resolve`. */
type Refs = {
  pipeline?: string;
  stage?: string;
  status?: DealStatus;
  contactEmail?: string;
  companyName?: string;
  companyDomain?: string;
};
type Built = {
  /** What the row gives, as the update contract takes it (no ids of pipelines, stages or customers yet). */
  input: UpdateDealInput;
  /** The amount as written, when the row has no currency: in the default currency, or the deal's own. */
  amountMajor?: string;
  refs: Refs;
  /** The owner of a created deal when the row names none (the import's setting; else the importing user). */
  defaultOwnerId?: string;
  /** Filled by resolve. */
  pipelineId?: string;
  /**
   * Why the row cannot create a deal though it may update one: a stage named without a pipeline that the
   * default pipeline lacks (an updated deal's stage is looked up in its own pipeline).
   */
  createProblem?: { field: string } & ProblemText;
  stage?: StageDto;
  contactId?: string;
  companyId?: string;
};
const built = (row: { fields: Record<string, unknown> }) => row.fields as Built;

/** A stage of the pipeline by any of its labels (case and accents ignored), or by a won/lost word. */
function stageNamed(p: PipelineDto, name: string): StageDto | undefined {
  const key = foldKey(name);
  const byLabel = p.stages.find((s) => Object.values(s.labels).some((l) => l && foldKey(l) === key));
  if (byLabel) return byLabel;
  for (const kind of ['won', 'lost'] as const)
    if (key === kind || statusAliases[kind].some((a) => foldKey(a) === key))
      return p.stages.find((s) => s.kind === kind);
  return undefined;
}

const pipelineNamed = (all: PipelineDto[], name: string) =>
  all.find((p) => foldKey(p.name) === foldKey(name));
const defaultPipeline = (all: PipelineDto[]) => all.find((p) => p.isDefault) ?? all[0];

/**
 * The stage a row puts the deal in, within pipeline `p`: the named stage; for a won or lost status the
 * pipeline's won (first lost) stage, unless the named stage is already one (Pipedrive exports a closed
 * deal's last open stage and its status). Without either: none for a new deal (the service takes the
 * first open stage); for a deal changing pipeline or reopened by an `open` status, the first open stage.
 */
function placeIn(
  p: PipelineDto,
  refs: Refs,
  current: { pipelineId: string; status: string } | null,
): { stage?: StageDto; problem?: { field: string } & ProblemText } {
  let stage = refs.stage ? stageNamed(p, refs.stage) : undefined;
  if (refs.stage && !stage)
    return {
      problem: { field: 'stage', ...problem('stage_unknown', { stage: refs.stage, pipeline: p.name }) },
    };
  const status = refs.status;
  if (status && stage && stage.kind !== 'open' && stage.kind !== status)
    return {
      problem: {
        field: 'status',
        ...problem('stage_status_conflict', { stage: stage.labels.en, kind: stage.kind, status }),
      },
    };
  if (status && status !== 'open' && (!stage || stage.kind === 'open'))
    stage =
      current?.pipelineId === p.id && current.status === status
        ? undefined // already closed that way: it stays in its stage
        : p.stages.find((s) => s.kind === status);
  if (!stage && current && (p.id !== current.pipelineId || (status === 'open' && current.status !== 'open')))
    stage = p.stages.find((s) => s.kind === 'open');
  return { stage };
}

/**
 * Deals: one row a deal, in a pipeline and stage named as the board shows them (any UI language), for a
 * contact (by e-mail) and/or a company (by name or domain), with an amount in the row's currency or the
 * default one. Matched (when asked) by title, case ignored; a matched deal is updated through the deals
 * service: a stage change is recorded in its history as a move on the board would be.
 */
export const dealImporter: RecordImporter = {
  entity: 'deals',
  targets,
  historyEntity: 'deal',
  table: deals,
  fieldOf,
  build(rows, env) {
    const m = rows[0]!.fields;
    const rowNo = rows[0]!.rowNo;
    const problems: RowProblem[] = [];
    const input: Record<string, unknown> = {};
    if (str(m.title)) input.title = str(m.title);
    const currency = str(m.currency);
    if (currency) input.currency = currency;
    let amountMajor: string | undefined;
    if (str(m.amount) !== undefined) {
      if (currency) input.amount = minor(m.amount, currency, rowNo, 'amount', problems);
      else amountMajor = str(m.amount);
    }
    if (str(m.closeDate)) input.expectedCloseOn = str(m.closeDate);
    const ownerEmail = str(m.ownerEmail)?.toLowerCase();
    if (ownerEmail) {
      const id = env.usersByEmail.get(ownerEmail);
      if (id) input.ownerId = id;
      else problems.push(rowProblem(rowNo, 'ownerEmail', 'owner_unknown', { email: ownerEmail }));
    }
    for (const k of ['source', 'description', 'closeNote'] as const) if (str(m[k])) input[k] = str(m[k]);
    const reason = str(m.closeReason);
    if (reason) {
      const code = reasonByKey.get(foldKey(reason));
      input.closeReason = code ?? 'other';
      if (!code)
        input.closeNote = (input.closeNote ? `${reason}: ${input.closeNote}` : reason).slice(0, 2000);
    }
    const refs: Refs = {};
    if (str(m.pipeline)) refs.pipeline = str(m.pipeline);
    if (str(m.stage)) refs.stage = str(m.stage);
    if (m.status) refs.status = m.status as DealStatus;
    if (str(m.contactEmail)) refs.contactEmail = str(m.contactEmail)!.toLowerCase();
    if (str(m.companyName)) refs.companyName = str(m.companyName);
    if (str(m.companyDomain)) {
      const domain = normaliseDomain(str(m.companyDomain)!);
      if (domain) refs.companyDomain = domain;
      else
        problems.push(rowProblem(rowNo, 'companyDomain', 'domain_invalid', { value: str(m.companyDomain)! }));
    }
    // The API's own contract decides what a valid deal is (an update needs only what the row gives).
    const parsed = updateDealInput.safeParse(input);
    if (!parsed.success) problems.push(...issuesAsProblems(rowNo, parsed.error.issues, fieldOf));
    const fields: Built = {
      input: parsed.success ? parsed.data : (input as UpdateDealInput),
      amountMajor,
      refs,
      defaultOwnerId: env.settings.ownerId ?? undefined,
    };
    return builtFrom(rows, fields, problems);
  },
  async resolve(db, rows) {
    const all = rows.map((row) => ({ row, b: built(row) }));
    // Pipelines and their stages: all of them, two statements (an installation has a handful).
    if (all.some(({ b }) => b.refs.pipeline || b.refs.stage || b.refs.status)) {
      let pipelines = await loadPipelines(db);
      if (!pipelines.length) {
        await ensureDefaultPipeline(db, new Date());
        pipelines = await loadPipelines(db);
      }
      for (const { row, b } of all) {
        if (!b.refs.pipeline && !b.refs.stage && !b.refs.status) continue;
        const p = b.refs.pipeline ? pipelineNamed(pipelines, b.refs.pipeline) : defaultPipeline(pipelines);
        if (!p) {
          row.problems.push(
            rowProblem(row.rowNo, 'pipeline', 'pipeline_unknown', { pipeline: b.refs.pipeline ?? '' }),
          );
          continue;
        }
        if (b.refs.pipeline) b.pipelineId = p.id;
        const placed = placeIn(p, b.refs, null);
        const elsewhere =
          placed.problem?.field === 'stage' &&
          !b.refs.pipeline &&
          pipelines.some((o) => o.id !== p.id && stageNamed(o, b.refs.stage!));
        if (elsewhere) b.createProblem = placed.problem;
        else if (placed.problem) row.problems.push({ rowNo: row.rowNo, ...placed.problem });
        b.stage = placed.stage;
      }
    }
    // Contacts by e-mail, then companies by domain, then by name: one statement each a batch.
    const emails = all.map(({ b }) => b.refs.contactEmail).filter((e): e is string => !!e);
    if (emails.length) {
      const byEmail = await findContactsByEmail(db, emails);
      for (const { row, b } of all) {
        if (!b.refs.contactEmail) continue;
        b.contactId = byEmail.get(b.refs.contactEmail);
        if (!b.contactId)
          row.problems.push(
            rowProblem(row.rowNo, 'contactEmail', 'contact_email_unknown', { email: b.refs.contactEmail }),
          );
      }
    }
    if (all.some(({ b }) => b.refs.companyName || b.refs.companyDomain)) {
      const { byDomain, byName } = await findCompanies(
        db,
        all.map(({ b }) => b.refs.companyDomain),
        all.map(({ b }) => b.refs.companyName),
      );
      for (const { row, b } of all) {
        const { companyName: name, companyDomain: domain } = b.refs;
        if (!name && !domain) continue;
        b.companyId =
          (domain ? byDomain.get(domain) : undefined) ?? (name ? byName.get(name.toLowerCase()) : undefined);
        if (!b.companyId)
          row.problems.push({
            rowNo: row.rowNo,
            field: name ? 'companyName' : 'companyDomain',
            ...(name && domain
              ? problem('company_unknown_or_domain', { name, domain })
              : name
                ? problem('company_unknown', { name })
                : problem('company_domain_unknown', { domain: domain ?? '' })),
          });
      }
    }
    // An amount without a currency is in the default currency of Settings → Sales (what createDeal uses).
    if (all.some(({ b }) => b.amountMajor !== undefined)) {
      const { defaultCurrency } = await getSalesSettings(db);
      for (const { row, b } of all) {
        if (b.amountMajor === undefined) continue;
        const amount = minor(b.amountMajor, defaultCurrency, row.rowNo, 'amount', row.problems);
        if (amount === undefined) continue;
        const ok = updateDealInput.shape.amount.safeParse(amount);
        if (ok.success) b.input.amount = amount;
        else row.problems.push(...issuesAsProblems(row.rowNo, ok.error.issues, () => 'amount'));
      }
    }
  },
  creatable(row) {
    const b = built(row);
    if (b.createProblem) return { rowNo: row.rowNo, ...b.createProblem };
    const r = createDealInput.safeParse(createInputOf(b));
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return { rowNo: row.rowNo, field: fieldOf(issue.path.map(String).join('.')), ...issueProblem(issue) };
    }
    if (!b.contactId && !b.companyId) return rowProblem(row.rowNo, 'contactEmail', 'deal_customer_missing');
    // Closing needs a reason of that kind; an open deal has none (checked here so a dry run shows it).
    const kind = b.stage?.kind ?? 'open';
    const reason = b.input.closeReason;
    if (kind !== 'open' && !reason)
      return rowProblem(row.rowNo, 'closeReason', 'deal_reason_missing', { kind, stage: b.stage!.labels.en });
    if (kind !== 'open' && reason && !reasonsFor(kind).includes(reason))
      return rowProblem(row.rowNo, 'closeReason', 'deal_reason_wrong', { kind, reason });
    if (kind === 'open' && reason) return rowProblem(row.rowNo, 'closeReason', 'deal_reason_open');
    return null;
  },
  keysOf(row, match) {
    const title = built(row).input.title;
    return match === 'title' && title ? [title.toLowerCase()] : [];
  },
  async findByKeys(db: Executor, match, keys) {
    const found = new Map<string, Match>();
    if (match !== 'title' || !keys.length) return found;
    // One probe a key through `deals_title_key_idx`, in one statement a batch.
    const rows = rowsOf<{ key: string; id: string; owner_id: string | null; title: string }>(
      await db.execute(sql`select k.key, d.id, d.owner_id, d.title
        from unnest(${sql.param([...new Set(keys)])}::text[]) as k(key)
        cross join lateral (select id, owner_id, title, created_at from deals
          where lower(trim(title)) = k.key and deleted_at is null) d
        order by d.created_at, d.id`),
    );
    for (const r of rows)
      if (!found.has(r.key))
        found.set(r.key, { id: r.id, ownerId: r.owner_id, name: r.title, reason: `title ${r.title}` });
    return found;
  },
  async create(ctx, row) {
    const parsed = createDealInput.safeParse(createInputOf(built(row)));
    if (!parsed.success)
      throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const made = await createDeal(ctx, parsed.data);
    return { id: made.id };
  },
  async update(ctx, id, row) {
    const b = built(row);
    // The row matched by its title (case ignored): the deal keeps its own spelling of it.
    const { title: _title, ...input } = b.input;
    const before = await getDeal(ctx, id);
    if (b.amountMajor !== undefined && !input.currency) {
      const problems: RowProblem[] = [];
      input.amount = minor(b.amountMajor, before.currency, row.rowNo, 'amount', problems);
      if (problems.length) throw new RowProblemsError(problems);
    }
    if (b.contactId) input.contactId = b.contactId;
    if (b.companyId) input.companyId = b.companyId;
    if (b.refs.pipeline || b.refs.stage || b.refs.status) {
      // The stage is looked up in the deal's own pipeline unless the row names another.
      const pipelineId = b.pipelineId ?? before.pipelineId;
      const [p] = await loadPipelines(ctx.db, [pipelineId]);
      if (!p) throw new RowProblemsError([{ field: 'pipeline', ...problem('pipeline_archived') }]);
      const placed = placeIn(p, b.refs, before);
      if (placed.problem) throw new RowProblemsError([placed.problem]);
      if (placed.stage && placed.stage.id !== before.stageId) {
        input.stageId = placed.stage.id;
        if (p.id !== before.pipelineId) input.pipelineId = p.id;
      }
    }
    const after = await updateDeal(ctx, id, input);
    if (after.version === before.version) return null;
    return { before: restorable(before, after), versionAfter: after.version };
  },
  async restore(ctx, id, before) {
    const { closedAt, status, ...input } = before as UpdateDealInput & {
      closedAt?: string | null;
      status?: DealStatus;
    };
    // Through the service: the stage change back is in the deal's history like any move on the board.
    await updateDeal(ctx, id, input);
    // Closing again stamps the undo's time; the deal closed when it first did (the forecast counts by it).
    if (closedAt && status && status !== 'open')
      await ctx.db
        .update(deals)
        .set({ closedAt: new Date(closedAt) })
        .where(and(eq(deals.id, id), eq(deals.status, status)));
  },
};

/** The create contract's input from a resolved row. */
function createInputOf(b: Built): Partial<CreateDealInput> {
  return {
    ...b.input,
    ...(b.pipelineId ? { pipelineId: b.pipelineId } : {}),
    ...(b.stage ? { stageId: b.stage.id } : {}),
    ...(b.contactId ? { contactId: b.contactId } : {}),
    ...(b.companyId ? { companyId: b.companyId } : {}),
    ...(b.input.ownerId === undefined && b.defaultOwnerId ? { ownerId: b.defaultOwnerId } : {}),
  };
}

/**
 * What an update replaced, as the update contract takes it back: only the fields it changed; the customer,
 * and the stage with its reason and note, each as a whole (the service derives one part from another).
 */
function restorable(before: DealDetailDto, after: DealDetailDto): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['amount', 'currency', 'expectedCloseOn', 'ownerId', 'source', 'description'] as const)
    if (before[k] !== after[k]) out[k] = before[k];
  if (before.contactId !== after.contactId || before.companyId !== after.companyId) {
    out.contactId = before.contactId;
    out.companyId = before.companyId;
  }
  if (
    before.stageId !== after.stageId ||
    before.closeReason !== after.closeReason ||
    before.closeNote !== after.closeNote
  ) {
    out.pipelineId = before.pipelineId;
    out.stageId = before.stageId;
    out.closeReason = before.closeReason;
    out.closeNote = before.closeNote;
    out.closedAt = before.closedAt;
    out.status = before.status;
  }
  return out;
}
