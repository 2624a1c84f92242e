import { z } from 'zod';
import { text } from './common.ts';
import { currency } from './money.ts';

/**
 * The seller: who Rapport's quotes and invoices come from (printed on every PDF and DOCX), and the defaults
 * new documents start with. Stored once per installation; admins change it in Settings → Sales.
 */
export const salesSettings = z.object({
  companyName: text(200),
  /** Street, postcode and city, country on separate lines. */
  address: text(1000),
  country: z.string().length(2),
  vatId: text(40),
  email: text(320),
  phone: text(60),
  website: text(300),
  iban: text(60),
  bic: text(20),
  bankName: text(200),
  /** Brand colour of documents, `#RRGGBB`. */
  brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  defaultCurrency: currency,
  paymentTermsDays: z.number().int().min(0).max(365),
  quoteValidityDays: z.number().int().min(1).max(365),
  /** Terms printed under every quote unless the quote has its own. */
  quoteTerms: text(4000),
  /** Footer line on invoices (e.g. registration number, court of registry). */
  invoiceFooter: text(1000),
});
export type SalesSettings = z.infer<typeof salesSettings>;

export const updateSalesSettingsInput = salesSettings.partial().strict();
export type UpdateSalesSettingsInput = z.infer<typeof updateSalesSettingsInput>;

export const defaultSalesSettings: SalesSettings = {
  companyName: 'Rapport',
  address: '',
  country: 'DK',
  vatId: '',
  email: '',
  phone: '',
  website: '',
  iban: '',
  bic: '',
  bankName: '',
  brandColor: '#1c7ed6',
  defaultCurrency: 'EUR',
  paymentTermsDays: 30,
  quoteValidityDays: 30,
  quoteTerms: '',
  invoiceFooter: '',
};
