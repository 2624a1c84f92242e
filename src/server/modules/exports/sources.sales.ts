import { labelOf } from '../../../shared/custom-fields.ts';
import { type DealDto, type DealListQuery, dealListQuery } from '../../../shared/deals.ts';
import type { ListQuery } from '../../../shared/filters.ts';
import { type InvoiceDto, type InvoiceListQuery, invoiceListQuery } from '../../../shared/invoices.ts';
import { type OrderSummary, orderListQuery } from '../../../shared/orders.ts';
import { type ProductDto, type ProductListQuery, productListQuery } from '../../../shared/products.ts';
import { type TaskDto, type TaskListQuery, taskListQuery } from '../../../shared/tasks.ts';
import { pipelineStages } from '../deals/deals.schema.ts';
import { listDeals } from '../deals/index.ts';
import { listInvoices } from '../invoices/index.ts';
import { countOrders, listOrders } from '../orders/index.ts';
import { listProducts } from '../products/index.ts';
import { countTasks, listTasks } from '../tasks/index.ts';
import { type ExportColumn, H, personOf } from './exports.columns.ts';
import type { ExportSource } from './exports.source.ts';

const money = (amount: number | null | undefined, currency: string) =>
  amount === null || amount === undefined ? null : { amount, currency };

export const dealSource: ExportSource<DealDto, DealListQuery> = {
  entity: 'deals',
  query: dealListQuery as never,
  page: (ctx, q, cursor, limit) => listDeals(ctx, { ...q, cursor, limit } as DealListQuery),
  defaults: ['title', 'stage', 'amount', 'contact', 'company', 'ownerId', 'expectedCloseOn', 'status'],
  async columns(ctx, lang) {
    const stages = await ctx.db
      .select({ id: pipelineStages.id, labels: pipelineStages.labels })
      .from(pipelineStages);
    const stageName = new Map(stages.map((s) => [s.id, labelOf(s.labels as { en: string }, lang)]));
    return [
      { key: 'title', header: H.title, type: 'text', value: (r) => r.title },
      {
        key: 'stage',
        header: { en: 'Stage', fr: 'Étape', de: 'Phase', da: 'Fase' },
        type: 'text',
        value: (r) => stageName.get(r.stageId) ?? null,
      },
      { key: 'status', header: H.status, type: 'text', value: (r) => r.status },
      { key: 'amount', header: H.amount, type: 'money', value: (r) => money(r.amount, r.currency) },
      { key: 'currency', header: H.currency, type: 'text', width: 8, value: (r) => r.currency },
      { key: 'contact', header: H.contact, type: 'text', value: (r) => r.contactName },
      { key: 'company', header: H.company, type: 'text', value: (r) => r.companyName },
      { key: 'ownerId', header: H.owner, type: 'text', value: (r) => r.ownerName },
      { key: 'expectedCloseOn', header: H.expectedCloseOn, type: 'date', value: (r) => r.expectedCloseOn },
      { key: 'closedAt', header: H.closedAt, type: 'datetime', value: (r) => r.closedAt },
      { key: 'closeReason', header: H.closeReason, type: 'text', value: (r) => r.closeReason },
      { key: 'source', header: H.source, type: 'text', value: (r) => r.source },
      { key: 'createdAt', header: H.createdAt, type: 'datetime', value: (r) => r.createdAt },
      { key: 'id', header: H.id, type: 'text', width: 36, value: (r) => r.id },
    ];
  },
};

export const orderSource: ExportSource<OrderSummary, ListQuery> = {
  entity: 'orders',
  query: orderListQuery as never,
  page: (ctx, q, cursor, limit) => listOrders(ctx, { ...q, cursor, limit }),
  count: (ctx, q) => countOrders(ctx, q),
  defaults: ['number', 'orderedAt', 'status', 'contact', 'company', 'net', 'gross', 'currency'],
  async columns() {
    return [
      { key: 'number', header: H.number, type: 'text', value: (r) => r.number },
      { key: 'orderedAt', header: H.orderedAt, type: 'datetime', value: (r) => r.orderedAt },
      { key: 'status', header: H.status, type: 'text', value: (r) => r.status },
      { key: 'channel', header: H.channel, type: 'text', value: (r) => r.channel },
      { key: 'contact', header: H.contact, type: 'text', value: (r) => r.contactName },
      { key: 'company', header: H.company, type: 'text', value: (r) => r.companyName },
      { key: 'ownerId', header: H.owner, type: 'text', value: (r) => r.ownerName },
      { key: 'net', header: H.net, type: 'money', value: (r) => money(r.totals.net, r.currency) },
      { key: 'tax', header: H.tax, type: 'money', value: (r) => money(r.totals.tax, r.currency) },
      { key: 'gross', header: H.gross, type: 'money', value: (r) => money(r.totals.gross, r.currency) },
      { key: 'cost', header: H.cost, type: 'money', value: (r) => money(r.cost, r.currency) },
      { key: 'margin', header: H.margin, type: 'money', value: (r) => money(r.margin, r.currency) },
      { key: 'currency', header: H.currency, type: 'text', width: 8, value: (r) => r.currency },
      { key: 'source', header: H.source, type: 'text', value: (r) => r.source },
      { key: 'id', header: H.id, type: 'text', width: 36, value: (r) => r.id },
    ];
  },
};

export const invoiceSource: ExportSource<InvoiceDto, InvoiceListQuery> = {
  entity: 'invoices',
  query: invoiceListQuery as never,
  page: (ctx, q, cursor, limit) => listInvoices(ctx, { ...q, cursor, limit }),
  defaults: ['number', 'issuedOn', 'dueOn', 'status', 'contact', 'company', 'gross', 'balance', 'currency'],
  async columns(_ctx, _lang, people) {
    return [
      { key: 'number', header: H.number, type: 'text', value: (r) => r.number },
      { key: 'kind', header: H.kind, type: 'text', value: (r) => r.kind },
      { key: 'issuedOn', header: H.issuedOn, type: 'date', value: (r) => r.issuedOn },
      { key: 'dueOn', header: H.dueOn, type: 'date', value: (r) => r.dueOn },
      { key: 'status', header: H.status, type: 'text', value: (r) => r.status },
      { key: 'overdue', header: H.overdue, type: 'boolean', value: (r) => r.overdue },
      { key: 'contact', header: H.contact, type: 'text', value: (r) => r.contactName },
      { key: 'company', header: H.company, type: 'text', value: (r) => r.companyName },
      { key: 'order', header: H.order, type: 'text', value: (r) => r.orderNumber },
      { key: 'ownerId', header: H.owner, type: 'text', value: (r) => personOf(people, r.ownerId) },
      { key: 'net', header: H.net, type: 'money', value: (r) => money(r.totals.net, r.currency) },
      { key: 'tax', header: H.tax, type: 'money', value: (r) => money(r.totals.tax, r.currency) },
      { key: 'gross', header: H.gross, type: 'money', value: (r) => money(r.totals.gross, r.currency) },
      { key: 'paid', header: H.paid, type: 'money', value: (r) => money(r.paid, r.currency) },
      { key: 'balance', header: H.balance, type: 'money', value: (r) => money(r.balance, r.currency) },
      { key: 'currency', header: H.currency, type: 'text', width: 8, value: (r) => r.currency },
      { key: 'id', header: H.id, type: 'text', width: 36, value: (r) => r.id },
    ];
  },
};

export const productSource: ExportSource<ProductDto, ProductListQuery> = {
  entity: 'products',
  query: productListQuery as never,
  page: (ctx, q, cursor, limit) => listProducts(ctx, { ...q, cursor, limit }),
  defaults: ['sku', 'name', 'unit', 'price', 'taxCategory', 'status'],
  async columns(_ctx, lang) {
    const first = (r: ProductDto) => r.prices[0];
    return [
      { key: 'sku', header: H.sku, type: 'text', value: (r) => r.sku },
      { key: 'name', header: H.name, type: 'text', value: (r) => labelOf(r.names, lang) },
      { key: 'unit', header: H.unit, type: 'text', width: 10, value: (r) => r.unit },
      {
        key: 'price',
        header: H.price,
        type: 'money',
        value: (r) => first(r) && money(first(r)!.unitPrice, first(r)!.currency),
      },
      {
        key: 'costPrice',
        header: H.costPrice,
        type: 'money',
        value: (r) => (r.costCurrency ? money(r.costPrice, r.costCurrency) : null),
      },
      { key: 'taxCategory', header: H.taxCategory, type: 'text', value: (r) => r.taxCategory },
      { key: 'status', header: H.status, type: 'text', value: (r) => r.status },
      { key: 'createdAt', header: H.createdAt, type: 'datetime', value: (r) => r.createdAt },
      { key: 'id', header: H.id, type: 'text', width: 36, value: (r) => r.id },
    ];
  },
};

export const taskSource: ExportSource<TaskDto, TaskListQuery> = {
  entity: 'tasks',
  query: taskListQuery as never,
  page: (ctx, q, cursor, limit) => listTasks(ctx, { ...q, cursor, limit } as TaskListQuery),
  count: (ctx, q) => countTasks(ctx, q),
  defaults: ['title', 'dueAt', 'priority', 'status', 'assigneeId', 'contact', 'company'],
  async columns() {
    const cols: ExportColumn<TaskDto>[] = [
      { key: 'title', header: H.title, type: 'text', value: (r) => r.title },
      { key: 'dueAt', header: H.dueAt, type: 'datetime', value: (r) => r.dueAt },
      { key: 'priority', header: H.priority, type: 'text', value: (r) => r.priority },
      { key: 'status', header: H.status, type: 'text', value: (r) => r.status },
      { key: 'assigneeId', header: H.assignee, type: 'text', value: (r) => r.assigneeName },
      { key: 'contact', header: H.contact, type: 'text', value: (r) => r.contactName },
      { key: 'company', header: H.company, type: 'text', value: (r) => r.companyName },
      { key: 'description', header: H.description, type: 'text', width: 40, value: (r) => r.description },
      { key: 'completedAt', header: H.completedAt, type: 'datetime', value: (r) => r.completedAt },
      { key: 'createdAt', header: H.createdAt, type: 'datetime', value: (r) => r.createdAt },
      { key: 'id', header: H.id, type: 'text', width: 36, value: (r) => r.id },
    ];
    return cols;
  },
};
