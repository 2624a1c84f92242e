import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { languages, type UiLanguage } from '../../shared/common.ts';
import { analytics } from '../features/analytics/analytics.i18n.ts';
import { auth } from '../features/auth/auth.i18n.ts';
import { backup } from '../features/backup/backup.i18n.ts';
import { calendar } from '../features/calendar/calendar.i18n.ts';
import { companies } from '../features/companies/companies.i18n.ts';
import { contacts } from '../features/contacts/contacts.i18n.ts';
import { deals } from '../features/deals/deals.i18n.ts';
import { exportsMessages } from '../features/exports/exports.i18n.ts';
import { imports } from '../features/imports/imports.i18n.ts';
import { invoices } from '../features/invoices/invoices.i18n.ts';
import { journey } from '../features/journey/journey.i18n.ts';
import { leads } from '../features/leads/leads.i18n.ts';
import { merge } from '../features/merge/merge.i18n.ts';
import { orders } from '../features/orders/orders.i18n.ts';
import { products } from '../features/products/products.i18n.ts';
import { quotes } from '../features/quotes/quotes.i18n.ts';
import { records } from '../features/records/records.i18n.ts';
import { relationships } from '../features/relationships/relationships.i18n.ts';
import { sales } from '../features/sales/sales.i18n.ts';
import { integrations } from '../features/settings/integrations.i18n.ts';
import { settings } from '../features/settings/settings.i18n.ts';
import { tasks } from '../features/tasks/tasks.i18n.ts';
import { timeline } from '../features/timeline/timeline.i18n.ts';
import { common } from './common.i18n.ts';

/** Every namespace, one file per feature; each file holds all four languages. */
const namespaces = {
  common,
  auth,
  backup,
  contacts,
  companies,
  settings,
  records,
  timeline,
  journey,
  integrations,
  tasks,
  calendar,
  relationships,
  products,
  leads,
  deals,
  quotes,
  orders,
  invoices,
  sales,
  imports,
  merge,
  analytics,
  exports: exportsMessages,
};

const resources = Object.fromEntries(
  languages.map((lng) => [
    lng,
    Object.fromEntries(Object.entries(namespaces).map(([ns, m]) => [ns, m[lng]])),
  ]),
);

const STORAGE_KEY = 'rapport.language';

export function initialLanguage(): UiLanguage {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (stored && (languages as readonly string[]).includes(stored)) return stored as UiLanguage;
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
  return (languages as readonly string[]).includes(nav) ? (nav as UiLanguage) : 'en';
}

export function setLanguage(lng: UiLanguage) {
  localStorage.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
  return i18n.changeLanguage(lng);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(namespaces),
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export { i18n };
