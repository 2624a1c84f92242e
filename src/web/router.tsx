import { createRootRoute, createRoute, createRouter, Navigate, Outlet } from '@tanstack/react-router';
import { AppLayout } from './components/app-shell.tsx';
import { analyticsRoutes } from './features/analytics/routes.tsx';
import { LoginPage, SetupPage } from './features/auth/auth-pages.tsx';
import { calendarRoutes } from './features/calendar/routes.tsx';
import { companiesRoutes } from './features/companies/routes.tsx';
import { contactsRoutes } from './features/contacts/routes.tsx';
import { dealsRoutes } from './features/deals/routes.tsx';
import { exportsRoutes } from './features/exports/routes.tsx';
import { importsRoutes } from './features/imports/routes.tsx';
import { invoicesRoutes } from './features/invoices/routes.tsx';
import { journeyRoutes } from './features/journey/routes.tsx';
import { leadsRoutes } from './features/leads/routes.tsx';
import { mergeRoutes } from './features/merge/routes.tsx';
import { ordersRoutes } from './features/orders/routes.tsx';
import { productsRoutes } from './features/products/routes.tsx';
import { publicQuoteRoutes, quotesRoutes } from './features/quotes/routes.tsx';
import { recordsRoutes } from './features/records/routes.tsx';
import { relationshipsRoutes } from './features/relationships/routes.tsx';
import { settingsRoutes } from './features/settings/routes.tsx';
import { tasksRoutes } from './features/tasks/routes.tsx';

const rootRoute = createRootRoute({ component: Outlet });
const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/setup', component: SetupPage });
const loginRoute = createRoute({ getParentRoute: () => rootRoute, path: '/login', component: LoginPage });
/** Everything behind the log-in: each feature adds its routes under this layout. */
export const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: AppLayout });
const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: () => <Navigate to="/contacts" />,
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  ...publicQuoteRoutes(rootRoute),
  appRoute.addChildren([
    indexRoute,
    ...contactsRoutes(appRoute),
    ...companiesRoutes(appRoute),
    ...recordsRoutes(appRoute),
    ...mergeRoutes(appRoute),
    ...leadsRoutes(appRoute),
    ...dealsRoutes(appRoute),
    ...quotesRoutes(appRoute),
    ...ordersRoutes(appRoute),
    ...exportsRoutes(appRoute),
    ...invoicesRoutes(appRoute),
    ...productsRoutes(appRoute),
    ...tasksRoutes(appRoute),
    ...calendarRoutes(appRoute),
    ...relationshipsRoutes(appRoute),
    ...journeyRoutes(appRoute),
    ...analyticsRoutes(appRoute),
    ...importsRoutes(appRoute),
    ...settingsRoutes(appRoute),
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
