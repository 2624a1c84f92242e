import { inArray, sql } from 'drizzle-orm';
import type { TimelineSource } from '../timeline/index.ts';
import { invoices as i, payments as p } from './invoices.schema.ts';
import { loadInvoices, loadPayments, toInvoiceDto } from './invoices.service.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Invoices and credit notes of the contact, or of the company and its people, when they were issued in
 * Rapport (`created_at`; the rows come through `invoices_contact_idx` / `invoices_company_idx`, a customer has
 * few enough invoices to order them). The entry shows the invoice's state now.
 */
export const invoiceTimelineSource: TimelineSource = {
  type: 'invoice',
  keys: (subject, _filter, before, limit) => {
    const customer = subject.kind === 'contact' ? i.contactId : i.companyId;
    return sql`select ${i.createdAt} as at, ${i.id}::text as key, ${i.id}::text as id from ${i}
      where ${customer} = ${subject.id} and ${before(sql`${i.createdAt}`, sql`${i.id}`)}
      order by ${i.createdAt} desc nulls last, ${i.id} desc nulls last limit ${limit}`;
  },
  load: async (db, ids) =>
    (await loadInvoices(db, ids)).map((row) => ({
      type: 'invoice' as const,
      id: row.id,
      at: row.createdAt.toISOString(),
      invoice: toInvoiceDto(row, today()),
    })),
};

/** Payments received on the customer's invoices, at the time they were received. */
export const paymentTimelineSource: TimelineSource = {
  type: 'payment',
  keys: (subject, _filter, before, limit) => {
    const customer = subject.kind === 'contact' ? i.contactId : i.companyId;
    return sql`select ${p.receivedAt} as at, ${p.id}::text as key, ${p.id}::text as id
      from ${p} join ${i} on ${i.id} = ${p.invoiceId}
      where ${customer} = ${subject.id} and ${before(sql`${p.receivedAt}`, sql`${p.id}`)}
      order by ${p.receivedAt} desc nulls last, ${p.id} desc nulls last limit ${limit}`;
  },
  load: async (db, ids) =>
    ids.length
      ? (await loadPayments(db, inArray(p.id, ids))).map((payment) => ({
          type: 'payment' as const,
          id: payment.id,
          at: payment.receivedAt,
          payment,
        }))
      : [],
};
