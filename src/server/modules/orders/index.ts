export { type CreateOrderCore, createOrderCore, snapshotLines } from './orders.create.ts';
export { ingestOrders } from './orders.ingest.ts';
export { countOrders, listOrders } from './orders.list.ts';
export { ordersRoutes } from './orders.routes.ts';
export { orderLines, orders } from './orders.schema.ts';
export { getOrder, loadOrders, purgeOrderRecycleBin, toOrderSummary } from './orders.service.ts';
export { orderTimelineSource } from './orders.timeline.ts';
