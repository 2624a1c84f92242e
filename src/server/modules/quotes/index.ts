import type { Sweep } from '../jobs/index.ts';
import { expireQuotes } from './quotes.service.ts';

export { quotePdf } from './quotes.documents.ts';
export { quotesRoutes } from './quotes.routes.ts';
export { quotes, quoteTemplates, quoteVersions } from './quotes.schema.ts';
export { createQuote, getQuote } from './quotes.service.ts';

/** Marks sent quotes past their validity as expired (they read as expired before the sweep too). */
export const quoteExpirySweep: Sweep = { name: 'quote-expiry', run: expireQuotes };
