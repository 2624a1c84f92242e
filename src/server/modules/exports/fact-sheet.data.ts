import { and, desc, eq, isNull } from 'drizzle-orm';
import { type CustomFieldDto, labelOf } from '../../../shared/custom-fields.ts';
import type { DealListQuery } from '../../../shared/deals.ts';
import type { FilterNode } from '../../../shared/filters.ts';
import type { TaskListQuery } from '../../../shared/tasks.ts';
import type { Ctx } from '../../http/context.ts';
import { getCompany } from '../companies/index.ts';
import { getContact, listContacts } from '../contacts/index.ts';
import { customFieldDefs } from '../custom-fields/index.ts';
import { listDeals } from '../deals/index.ts';
import { listEvents } from '../events/index.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { accountRevenue } from '../invoices/index.ts';
import { countOrders, listOrders } from '../orders/index.ts';
import { documentFormat } from '../sales/index.ts';
import { listTasks } from '../tasks/index.ts';
import type { Lang } from './exports.columns.ts';
import { loadPeople } from './exports.source.ts';
import { factSheetLabels, factSheetValues } from './fact-sheet.labels.ts';

/** What a fact sheet says, already formatted in its language (the renderer only lays it out). */
export type FactSheet = {
  language: Lang;
  kind: 'contact' | 'company';
  name: string;
  subtitle: string;
  details: [string, string][];
  custom: [string, string][];
  people: string[][];
  interactions: string[][];
  deals: string[][];
  orders: { count: string; rows: string[][] };
  revenue: string[][];
  tasks: string[][];
  events: string[][];
  generated: string;
};

const filter = (...nodes: FilterNode[]) => JSON.stringify(nodes.length === 1 ? nodes[0] : { and: nodes });

function customValue(d: CustomFieldDto, v: unknown, lang: Lang, date: (iso: string) => string): string {
  if (v === null || v === undefined || v === '') return '';
  const L = factSheetLabels[lang];
  const option = (x: unknown) => {
    const o = d.options.find((opt) => opt.value === x);
    return o ? labelOf(o.labels, lang) : String(x);
  };
  switch (d.type) {
    case 'boolean':
      return v ? L.yes : L.no;
    case 'date':
      return date(String(v));
    case 'select':
      return option(v);
    case 'multi_select':
      return Array.isArray(v) ? v.map(option).join(', ') : String(v);
    case 'money': {
      const m = v as { amount: number; currency: string };
      try {
        return documentFormat(lang, m.currency).money(m.amount);
      } catch {
        return `${m.amount / 100} ${m.currency}`;
      }
    }
    default:
      return String(v);
  }
}

/**
 * Gathers a contact's or company's fact sheet through each module's own read functions (so it shows what
 * the caller may see): details, people or company, owner, custom fields, recent interactions, open deals,
 * orders and revenue, open tasks and upcoming events.
 */
export async function buildFactSheet(
  ctx: Ctx,
  kind: 'contact' | 'company',
  id: string,
  lang: Lang,
): Promise<FactSheet> {
  const L = factSheetLabels[lang];
  const word = (code: string | null) => (code ? (factSheetValues[lang][code] ?? code) : '');
  const fmt = documentFormat(lang, 'EUR');
  const locale = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE', da: 'da-DK' }[lang];
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const when = (iso: string | null) => (iso ? `${dateTime.format(new Date(iso))} UTC` : '');
  const day = (iso: string | null) => (iso ? fmt.date(iso) : '');
  const money = (amount: number, currency: string) => documentFormat(lang, currency).money(amount);
  const people = await loadPeople(ctx);
  const person = (uid: string | null) => (uid ? (people.get(uid) ?? '') : '');

  const record = kind === 'contact' ? await getContact(ctx, id) : await getCompany(ctx, id);
  const defs = await customFieldDefs(ctx.db, kind, ctx.database.db);
  const on = { field: kind === 'contact' ? 'contactId' : 'companyId', op: 'eq' as const, value: id };
  const details: [string, string][] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value) details.push([label, value]);
  };
  let name: string;
  let subtitle: string;
  let peopleRows: string[][] = [];
  if ('firstName' in record) {
    name = [record.firstName, record.lastName].filter(Boolean).join(' ') || (record.emails[0]?.address ?? '');
    subtitle = [record.jobTitle, record.companyName].filter(Boolean).join(' · ');
    add(L.company, record.companyName);
    add(L.birthday, day(record.birthday));
  } else {
    name = record.name;
    subtitle = [record.industry, record.domain].filter(Boolean).join(' · ');
    add(L.website, record.website);
    add(L.vatId, record.vatId);
    add(L.employees, record.employees === null ? null : String(record.employees));
    const staff = await listContacts(ctx, { limit: 25, filter: filter(on) });
    peopleRows = staff.data.map((c) => [
      [c.firstName, c.lastName].filter(Boolean).join(' '),
      c.jobTitle ?? '',
      c.emails[0]?.address ?? '',
      c.phones[0]?.number ?? '',
    ]);
  }
  add(L.email, record.emails.map((e) => e.address).join(', '));
  add(L.phone, record.phones.map((p) => p.number).join(', '));
  for (const a of record.addresses)
    add(
      L.address,
      [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country]
        .filter(Boolean)
        .join(', '),
    );
  add(L.owner, person(record.ownerId));
  add(L.lifecycleStage, word(record.lifecycleStage));
  add(L.customerSince, day(record.customerSince));
  add(L.tags, record.tags.join(', '));
  add(L.description, record.description);
  const custom = defs
    .map(
      (d) => [labelOf(d.labels, lang), customValue(d, record.custom[d.key], lang, day)] as [string, string],
    )
    .filter(([, v]) => v);

  const recent = await ctx.db
    .select({
      at: interactions.occurredAt,
      channel: interactions.channel,
      direction: interactions.direction,
      subject: interactions.subject,
      userId: interactions.userId,
    })
    .from(interactions)
    .where(
      and(
        eq(kind === 'contact' ? interactions.contactId : interactions.companyId, id),
        isNull(interactions.deletedAt),
      ),
    )
    .orderBy(desc(interactions.occurredAt))
    .limit(10);
  const deals = await listDeals(ctx, {
    limit: 20,
    filter: filter(on, { field: 'status', op: 'eq', value: 'open' }),
  } as DealListQuery);
  const orders = await listOrders(ctx, { limit: 10, filter: filter(on) });
  const orderCount = await countOrders(ctx, { limit: 10, filter: filter(on) });
  const revenue = await accountRevenue(ctx, kind, id);
  const tasks = await listTasks(ctx, {
    limit: 20,
    sort: 'dueAt',
    filter: filter(on, { field: 'status', op: 'in', value: ['open', 'in_progress'] }),
  } as TaskListQuery);
  const now = ctx.now();
  const events = await listEvents(ctx, {
    from: now.toISOString(),
    to: new Date(now.getTime() + 90 * 86_400_000).toISOString(),
    [kind === 'contact' ? 'contactId' : 'companyId']: id,
    limit: 10,
  });

  return {
    language: lang,
    kind,
    name,
    subtitle,
    details,
    custom,
    people: peopleRows,
    interactions: recent.map((r) => [
      when(r.at.toISOString()),
      `${word(r.channel)} (${word(r.direction)})`,
      r.subject ?? '',
      person(r.userId),
    ]),
    deals: deals.data.map((d) => [
      d.title,
      money(d.amount, d.currency),
      day(d.expectedCloseOn),
      d.ownerName ?? '',
    ]),
    orders: {
      count: `${orderCount.exact ? '' : '~'}${orderCount.count}`,
      rows: orders.data.map((o) => [
        o.number,
        day(o.orderedAt),
        word(o.status),
        money(o.totals.gross, o.currency),
      ]),
    },
    revenue: revenue.currencies.map((r) => [
      r.currency,
      money(r.lifetimeRevenue, r.currency),
      money(r.last12MonthsRevenue, r.currency),
    ]),
    tasks: tasks.data.map((t) => [t.title, when(t.dueAt), word(t.priority), t.assigneeName ?? '']),
    events: events.data.map((e) => [e.title, when(e.startsAt)]),
    generated: when(now.toISOString()),
  };
}
