import { and, eq, isNull, sql } from 'drizzle-orm';
import { languages } from '../../../shared/common.ts';
import type { Executor } from '../../db/client.ts';
import { invalid } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { users } from '../users/users.schema.ts';

/** Who a new quote is for and by, with what the quote shows of them, read in one statement. */
export type QuoteParties = {
  contactId: string | null;
  companyId: string | null;
  /** The contact's language when it is one the documents speak, else English. */
  language: string;
  contactName: string | null;
  companyName: string | null;
  ownerName: string | null;
  /** Where a mail goes by default: the contact's first address, else the company's. */
  recipient: string | null;
};

/**
 * The live contact and company of a new quote (as `resolveCustomer` decides them: with only a contact, its
 * company is filled in; `null` keeps it empty; unknown or binned ones → 422), the contact's language and
 * the names the quote is returned with — one round trip instead of four.
 */
export async function quoteParties(
  db: Executor,
  contactId: string | null | undefined,
  companyId: string | null | undefined,
  ownerId: string | null,
): Promise<QuoteParties> {
  const derive = companyId === undefined;
  const none = sql`false`;
  const [row] = await db
    .select({
      contactId: contacts.id,
      contactCompanyId: contacts.companyId,
      language: contacts.language,
      contactName: sql<
        string | null
      >`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`,
      contactEmail: sql<string | null>`${contacts.emails}->0->>'address'`,
      companyId: companies.id,
      companyDeletedAt: companies.deletedAt,
      companyName: companies.name,
      companyEmail: sql<string | null>`${companies.emails}->0->>'address'`,
      ownerName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(contacts, contactId ? and(eq(contacts.id, contactId), isNull(contacts.deletedAt)) : none)
    .leftJoin(
      companies,
      derive ? eq(companies.id, contacts.companyId) : companyId ? eq(companies.id, companyId) : none,
    )
    .leftJoin(users, ownerId ? eq(users.id, ownerId) : none);
  if (contactId && !row?.contactId) throw invalid([{ path: 'contactId', message: 'Unknown contact' }]);
  if (companyId && (!row?.companyId || row.companyDeletedAt))
    throw invalid([{ path: 'companyId', message: 'Unknown company' }]);
  const resolved = {
    contactId: contactId ?? null,
    companyId: derive ? (row?.contactCompanyId ?? null) : companyId,
  };
  if (!resolved.contactId && !resolved.companyId)
    throw invalid([{ path: 'contactId', message: 'Give a contact or a company' }]);
  const lng = row?.language?.slice(0, 2).toLowerCase();
  return {
    ...resolved,
    language: lng && (languages as readonly string[]).includes(lng) ? lng : 'en',
    contactName: row?.contactName ?? null,
    companyName: resolved.companyId ? (row?.companyName ?? null) : null,
    ownerName: row?.ownerName ?? null,
    recipient: row?.contactEmail ?? (resolved.companyId ? (row?.companyEmail ?? null) : null),
  };
}
