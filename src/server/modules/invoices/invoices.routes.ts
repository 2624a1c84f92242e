import { idParams } from '../../../shared/common.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import {
  accountRevenue,
  createCreditNoteInput,
  createInvoiceInput,
  createPaymentForInvoiceInput,
  createPaymentInput,
  invoiceDetailDto,
  invoiceList,
  invoiceListQuery,
  paymentDto,
  paymentList,
  paymentListQuery,
  sendInvoiceInput,
  voidInvoiceInput,
} from '../../../shared/invoices.ts';
import type { App } from '../../http/types.ts';
import { getCompany } from '../companies/index.ts';
import { getContact } from '../contacts/index.ts';
import { listHistory } from '../history/index.ts';
import { createInvoice } from './invoices.create.ts';
import { createCreditNote, voidInvoice } from './invoices.credit.ts';
import { listInvoices, listPayments } from './invoices.list.ts';
import { getPayment, recordPayment } from './invoices.payments.ts';
import { invoicePdf } from './invoices.pdf.ts';
import { accountRevenue as revenueOf } from './invoices.revenue.ts';
import { sendInvoice } from './invoices.send.ts';
import { getInvoice } from './invoices.service.ts';

const tags = ['Invoices'];
const agent = { role: 'agent' } as const;
const manager = { role: 'manager' } as const;

export function invoicesRoutes(app: App) {
  app.get(
    '/invoices',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List invoices and credit notes',
        description:
          'Newest issued first, keyset-paginated with `cursor`. `status=open|partially_paid|paid|void`, or `overdue` (open or partially paid, due before today; oldest due first). Filter by `kind`, `contactId`, `companyId`, `orderId`, `issuedFrom`/`issuedTo` (dates) and `q` (a number or its beginning).',
        querystring: invoiceListQuery,
        response: { 200: invoiceList },
      },
    },
    (req) => listInvoices(req.ctx, req.query),
  );

  app.post(
    '/invoices',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Issue an invoice, from an order or by hand',
        description:
          'From an order: `{orderId, lines?:[{orderLineId, quantity}]}` invoices the chosen quantities (at most what is not yet invoiced; without `lines`, all of it) at the order’s prices, tax rates and cost snapshots. By hand: `{contactId|companyId, currency, lines:[…]}`. Numbered `INV-<year>-0001`; `issuedOn` defaults to today (UTC), `paymentTermsDays` to the sales settings, due date = issued + terms. Send `Idempotency-Key` to make retries safe.',
        body: createInvoiceInput,
        response: { 201: invoiceDetailDto },
      },
    },
    async (req, reply) => {
      const created = await createInvoice(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${created.version}"`)
        .header('location', `/api/v1/invoices/${created.id}`)
        .send(created);
    },
  );

  app.get(
    '/invoices/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get an invoice or credit note with its lines, payments and credit notes',
        params: idParams,
        response: { 200: invoiceDetailDto },
      },
    },
    async (req, reply) => {
      const found = await getInvoice(req.ctx, req.params.id);
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );

  app.get(
    '/invoices/:id/pdf',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'The invoice or credit note as PDF, in its language', params: idParams },
    },
    async (req, reply) => {
      const { fileName, pdf } = await invoicePdf(req.ctx, req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.post(
    '/invoices/:id/send',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Send the invoice or credit note by e-mail, with its PDF',
        description:
          'To the contact’s first e-mail address (else the company’s) unless `to` is given; `cc`, `subject` and `message` are optional, the defaults in the document’s language. The mail says what is still due, by when, and the seller’s bank details; it is queued with the document and leaves after the commit, and an outgoing e-mail is logged on the customer’s timeline. Sending again sends again (a copy or a reminder). A void document answers 409.',
        params: idParams,
        body: sendInvoiceInput.nullish(),
        response: { 200: invoiceDetailDto },
      },
    },
    (req) => sendInvoice(req.ctx, req.params.id, req.body ?? {}),
  );

  app.post(
    '/invoices/:id/void',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Void an invoice (without payments) or a credit note',
        description:
          'Invoices are never deleted. Voiding keeps the number and the document, marked void with the reason; the order’s quantities become invoiceable again. An invoice with payments or live credit notes answers 409: credit it instead.',
        params: idParams,
        body: voidInvoiceInput,
        response: { 200: invoiceDetailDto },
      },
    },
    (req) => voidInvoice(req.ctx, req.params.id, req.body.reason),
  );

  app.post(
    '/invoices/:id/credit-note',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Issue a credit note for returned lines of an invoice',
        description:
          '`{lines:[{invoiceLineId, quantity}], reason}`: a credit note `CN-<year>-0001` with negative amounts at the invoice’s prices; each line at most what was invoiced less earlier credit notes. The order lines’ returned quantity grows; the invoice’s balance becomes gross − paid − credited.',
        params: idParams,
        body: createCreditNoteInput,
        response: { 201: invoiceDetailDto },
      },
    },
    async (req, reply) => {
      const created = await createCreditNote(req.ctx, req.params.id, req.body);
      return reply.code(201).header('location', `/api/v1/invoices/${created.id}`).send(created);
    },
  );

  app.post(
    '/invoices/:id/payments',
    {
      config: { policy: agent },
      schema: {
        tags: ['Payments'],
        summary: 'Record a payment against an invoice',
        description:
          'Partial payments add up; more than the open balance answers 422 and records nothing. The invoice becomes partially paid, then paid (with `paidAt` = the completing payment’s `receivedAt`). Idempotent by `Idempotency-Key`, and by (`source`, `externalId`): a repeat answers 200 with the first payment.',
        params: idParams,
        body: createPaymentInput,
        response: { 200: paymentDto, 201: paymentDto },
      },
    },
    async (req, reply) => {
      const { payment, created } = await recordPayment(req.ctx, req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(payment);
    },
  );

  app.get(
    '/invoices/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'History of an invoice, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getInvoice(req.ctx, req.params.id);
      return listHistory(req.ctx, 'invoice', req.params.id, req.query.limit, req.query.cursor);
    },
  );

  app.get(
    '/payments',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Payments'],
        summary: 'List payments, latest received first',
        querystring: paymentListQuery,
        response: { 200: paymentList },
      },
    },
    (req) => listPayments(req.ctx, req.query),
  );

  app.post(
    '/payments',
    {
      config: { policy: agent },
      schema: {
        tags: ['Payments'],
        summary: 'Record a payment (`invoiceId` in the body)',
        description: 'Same as `POST /invoices/:id/payments`.',
        body: createPaymentForInvoiceInput,
        response: { 200: paymentDto, 201: paymentDto },
      },
    },
    async (req, reply) => {
      const { invoiceId, ...input } = req.body;
      const { payment, created } = await recordPayment(req.ctx, invoiceId, input);
      return reply.code(created ? 201 : 200).send(payment);
    },
  );

  app.get(
    '/payments/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Payments'],
        summary: 'Get a payment',
        params: idParams,
        response: { 200: paymentDto },
      },
    },
    (req) => getPayment(req.ctx, req.params.id),
  );

  const revenueDescription =
    'Per currency: lifetime and last-12-months revenue (net of tax, invoices minus credit notes, void ones left out), margin (revenue − cost snapshots), open and overdue invoices (count and amount still to pay), and over paid invoices the average days to pay (issue → payment) and days late (past due, 0 when on time).';
  app.get(
    '/contacts/:id/revenue',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Contacts'],
        summary: 'Revenue, margin and payment behaviour of a contact',
        description: revenueDescription,
        params: idParams,
        response: { 200: accountRevenue },
      },
    },
    async (req) => {
      await getContact(req.ctx, req.params.id);
      return revenueOf(req.ctx, 'contact', req.params.id);
    },
  );

  app.get(
    '/companies/:id/revenue',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Companies'],
        summary: 'Revenue, margin and payment behaviour of a company',
        description: revenueDescription,
        params: idParams,
        response: { 200: accountRevenue },
      },
    },
    async (req) => {
      await getCompany(req.ctx, req.params.id);
      return revenueOf(req.ctx, 'company', req.params.id);
    },
  );
}
