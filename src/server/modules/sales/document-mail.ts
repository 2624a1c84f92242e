import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';

/** `{name}` placeholders of a mail text filled in (unknown ones become empty). */
export const fillText = (t: string, v: Record<string, string>) =>
  t.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Paragraphs of a mail as HTML: escaped, line breaks kept, an http(s) link on its own line made clickable. */
export const paragraphsHtml = (paragraphs: string[]) =>
  paragraphs
    .map(
      (p) =>
        `<p>${p
          .split('\n')
          .map((line) =>
            /^https?:\/\/\S+$/.test(line)
              ? `<a href="${escapeHtml(line)}">${escapeHtml(line)}</a>`
              : escapeHtml(line),
          )
          .join('<br>')}</p>`,
    )
    .join('\n');

/**
 * Who a sales document is mailed to: the contact's name, the company's name, and the contact's first e-mail
 * address, else the company's.
 */
export async function documentRecipient(db: Executor, contactId: string | null, companyId: string | null) {
  const [contact] = contactId
    ? await db
        .select({ firstName: contacts.firstName, lastName: contacts.lastName, emails: contacts.emails })
        .from(contacts)
        .where(eq(contacts.id, contactId))
    : [];
  const [company] = companyId
    ? await db
        .select({ name: companies.name, emails: companies.emails })
        .from(companies)
        .where(eq(companies.id, companyId))
    : [];
  const first = (list: unknown) => ((Array.isArray(list) ? list : []) as { address: string }[])[0]?.address;
  return {
    name: contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') : null,
    company: company?.name ?? null,
    email: first(contact?.emails) ?? first(company?.emails) ?? null,
  };
}
