import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableName, type SQL, sql } from 'drizzle-orm';
import yazl from 'yazl';
import type { ContactDto } from '../../../shared/contacts.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { getContact } from '../contacts/index.ts';
import { recordHistory } from '../history/history.schema.ts';
import { invoicePdf } from '../invoices/index.ts';
import { notifications } from '../notifications/notifications.schema.ts';
import { quotePdf } from '../quotes/index.ts';
import { auditLog } from '../system/index.ts';
import { type ContactLinks, contactLinks, hiddenColumn, ident, type Link } from './gdpr.catalog.ts';

export const SUBJECT_FORMAT = 'rapport-subject-export';
const BATCH = 500;

type Section = { table: string; key: string[]; where: SQL };

/** Rows of one table as JSON objects (secrets and search columns left out), in keyset batches. */
async function* rows(ctx: Ctx, links: ContactLinks, s: Section): AsyncGenerator<unknown> {
  const hidden = (links.columns.get(s.table) ?? []).filter(hiddenColumn);
  const from = sql.raw(`${ident(s.table)} x`);
  const json = sql`to_jsonb(x) - ${sql.param(hidden)}::text[]`;
  if (s.key.length !== 1) {
    // Link tables without a one-column key are small per contact: one query.
    for (const r of rowsOf<{ row: unknown }>(
      await ctx.db.execute(sql`select ${json} as row from ${from} where ${s.where}`),
    ))
      yield r.row;
    return;
  }
  const key = sql.raw(`x.${ident(s.key[0]!)}`);
  let last: string | null = null;
  for (;;) {
    const batch: { row: unknown; k: string }[] = rowsOf<{ row: unknown; k: string }>(
      await ctx.db.execute(
        sql`select ${json} as row, ${key}::text as k from ${from}
            where (${s.where}) ${last === null ? sql`` : sql`and ${key} > ${last}`}
            order by ${key} limit ${BATCH}`,
      ),
    );
    for (const r of batch) yield r.row;
    if (batch.length < BATCH) return;
    last = batch[batch.length - 1]!.k;
  }
}

const col = (name: string) => sql.raw(`x.${ident(name)}`);

/** The sections of subject.json: each table holding data about the contact, and how to find its rows. */
function sections(links: ContactLinks, id: string) {
  const byTable = (list: Link[], cond: (l: Link) => SQL) => {
    const out = new Map<string, Section>();
    for (const l of list) {
      const prev = out.get(l.table);
      out.set(l.table, {
        table: l.table,
        key: l.key,
        where: prev ? sql`${prev.where} or ${cond(l)}` : cond(l),
      });
    }
    return [...out.values()];
  };
  const direct = byTable(links.direct, (l) => sql`${col(l.column)} = ${id}`);
  const related = byTable(links.related, (l) => {
    const parentLinks = links.direct.filter((d) => d.table === l.parent);
    const inParent = sql.join(
      parentLinks.map((d) => sql`p.${sql.raw(ident(d.column))} = ${id}`),
      sql` or `,
    );
    return sql`${col(l.column)} in (select p.${sql.raw(ident(l.parentColumn))} from ${sql.raw(ident(l.parent))} p where ${inParent})`;
  });
  // Ids of the contact's own records (tasks, deals, invoices …): their history and notifications are about it too.
  const recordIds = sql.join(
    [
      sql`select ${id}::uuid`,
      ...links.direct
        .filter((d) => links.uuidIds.has(d.table))
        .map(
          (d) =>
            sql`select p.id from ${sql.raw(ident(d.table))} p where p.${sql.raw(ident(d.column))} = ${id}`,
        ),
    ],
    sql` union all `,
  );
  const about: Section[] = [
    { table: getTableName(recordHistory), key: ['id'], where: sql`x.record_id in (${recordIds})` },
    { table: getTableName(notifications), key: ['id'], where: sql`x.link_id in (${recordIds})` },
    { table: getTableName(auditLog), key: ['id'], where: sql`x.target_id = ${id}` },
  ];
  return { direct, related, about };
}

/** `personal-data-søren-jørgensen-2026-12-03.zip` */
export function subjectFileName(contact: ContactDto, at: Date) {
  const name = `${contact.firstName} ${contact.lastName}`
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-');
  return `personal-data-${name || contact.id}-${at.toISOString().slice(0, 10)}.zip`;
}

/**
 * Everything held about one contact, as a zip: `subject.json` (the contact, its company reference and
 * every record about it, discovered from the catalogue) and `files/` (its quotes and invoices as PDFs,
 * rendered as they are sent). Resolves the contact first (404 when missing or erased); streaming starts
 * with `write`.
 */
export async function prepareSubjectExport(ctx: Ctx, id: string) {
  const contact = await getContact(ctx, id, { includeDeleted: true });
  const at = ctx.now();
  return {
    contact,
    fileName: subjectFileName(contact, at),
    write: (out: Writable) => writeSubjectExport(ctx, contact, at, out),
  };
}

async function writeSubjectExport(ctx: Ctx, contact: ContactDto, at: Date, out: Writable) {
  const zip = new yazl.ZipFile();
  const piped = pipeline(zip.outputStream, out);
  piped.catch(() => {});
  try {
    const files = await addDocuments(ctx, contact.id, zip);
    const entry = new PassThrough();
    zip.addReadStream(entry, 'subject.json');
    const write = async (text: string) => {
      if (!entry.write(text)) await Promise.race([once(entry, 'drain'), piped]);
    };
    const links = await contactLinks(ctx.db);
    const { direct, related, about } = sections(links, contact.id);
    const [company] = contact.companyId
      ? rowsOf<{ id: string; name: string }>(
          await ctx.db.execute(sql`select id, name from companies where id = ${contact.companyId}`),
        )
      : [];
    await write(
      `{\n"format": "${SUBJECT_FORMAT}",\n"version": 1,\n"exportedAt": ${JSON.stringify(at.toISOString())},\n` +
        `"exportedBy": ${JSON.stringify({ id: ctx.user.id, name: ctx.user.name })},\n` +
        `"contact": ${JSON.stringify(contact)},\n"company": ${JSON.stringify(company ?? null)},\n`,
    );
    const group = async (name: string, list: Section[]) => {
      await write(`${JSON.stringify(name)}: {`);
      let firstTable = true;
      for (const s of list) {
        await write(`${firstTable ? '' : ','}\n  ${JSON.stringify(s.table)}: [`);
        firstTable = false;
        let first = true;
        for await (const row of rows(ctx, links, s)) {
          await write(`${first ? '' : ','}\n    ${JSON.stringify(row)}`);
          first = false;
        }
        await write(first ? ']' : '\n  ]');
      }
      await write('\n},\n');
    };
    await group('records', direct);
    await group('relatedRecords', related);
    await group('about', about);
    await write(`"files": ${JSON.stringify(files)}\n}\n`);
    entry.end();
    zip.end();
    await piped;
  } catch (err) {
    out.destroy(err as Error);
    await piped.catch(() => {});
    throw err;
  }
}

/** A document in the recycle bin renders no PDF (404): its data is still in subject.json. */
async function skipGone<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  }
}

/** The contact's quotes and invoices (credit notes too) as PDFs under `files/`; returns their paths. */
async function addDocuments(ctx: Ctx, contactId: string, zip: yazl.ZipFile): Promise<string[]> {
  const paths: string[] = [];
  const add = (dir: string, name: string, body: Buffer) => {
    let path = `files/${dir}/${name.replace(/[/\\]/g, '_')}`;
    for (let n = 2; paths.includes(path); n++) path = path.replace(/(\.pdf)?$/, `-${n}.pdf`);
    paths.push(path);
    zip.addBuffer(body, path);
  };
  const quotes = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`select id from quotes where contact_id = ${contactId} order by created_at, id`),
  );
  for (const q of quotes) {
    const doc = await skipGone(() => quotePdf(ctx.db, q.id));
    if (doc) add('quotes', doc.filename, doc.body);
  }
  const invoices = rowsOf<{ id: string }>(
    await ctx.db.execute(
      sql`select id from invoices where contact_id = ${contactId} order by created_at, id`,
    ),
  );
  for (const i of invoices) {
    const doc = await skipGone(() => invoicePdf(ctx, i.id));
    if (doc) add('invoices', doc.fileName, doc.pdf);
  }
  return paths;
}
