import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { invalid } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';

/**
 * The live contact and company a record (interaction, note, task…) is about. With only a contact, its
 * company is filled in (`companyId: undefined`); `null` keeps it empty. Unknown or binned ones → 422.
 */
export async function resolveCustomer(
  db: Executor,
  contactId: string | null | undefined,
  companyId: string | null | undefined,
): Promise<{ contactId: string | null; companyId: string | null }> {
  let derivedCompany: string | null = null;
  if (contactId) {
    const [c] = await db
      .select({ id: contacts.id, companyId: contacts.companyId })
      .from(contacts)
      .where(and(eq(contacts.id, contactId), isNull(contacts.deletedAt)));
    if (!c) throw invalid([{ path: 'contactId', message: 'Unknown contact' }]);
    derivedCompany = c.companyId;
  }
  if (companyId) {
    const [co] = await db
      .select({ id: companies.id })
      .from(companies)
      .where(and(eq(companies.id, companyId), isNull(companies.deletedAt)));
    if (!co) throw invalid([{ path: 'companyId', message: 'Unknown company' }]);
  }
  const resolved = {
    contactId: contactId ?? null,
    companyId: companyId === undefined ? derivedCompany : companyId,
  };
  if (!resolved.contactId && !resolved.companyId)
    throw invalid([{ path: 'contactId', message: 'Give a contact or a company' }]);
  return resolved;
}
