export { createInvoice } from './invoices.create.ts';
export { createCreditNote, voidInvoice } from './invoices.credit.ts';
export { listInvoices, listPayments } from './invoices.list.ts';
export { recordPayment } from './invoices.payments.ts';
export { accountRevenue } from './invoices.revenue.ts';
export { invoicesRoutes } from './invoices.routes.ts';
export { invoiceLines, invoices, payments } from './invoices.schema.ts';
export { getInvoice } from './invoices.service.ts';
export { invoiceTimelineSource, paymentTimelineSource } from './invoices.timeline.ts';
