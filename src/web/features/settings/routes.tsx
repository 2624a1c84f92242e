import { type AnyRoute, createRoute, Navigate } from '@tanstack/react-router';
import { type CustomFieldEntity, customFieldEntities } from '../../../shared/custom-fields.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { AnalyticsSettingsPage } from '../analytics/analytics-settings.page.tsx';
import { BackupPage } from '../backup/backup.page.tsx';
import { PipelinesPage } from '../deals/pipelines.page.tsx';
import { PriceListsPage } from '../products/price-lists.page.tsx';
import { SalesSettingsPage } from '../products/sales-settings.page.tsx';
import { TaxRatesPage } from '../products/tax-rates.page.tsx';
import { QuoteTemplatesPage } from '../quotes/quote-templates.page.tsx';
import { ApiKeysPage } from './api-keys.page.tsx';
import { CustomFieldsPage } from './custom-fields.page.tsx';
import { IntegrationsPage } from './integrations.page.tsx';
import { SettingsLayout } from './settings.layout.tsx';
import { TeamsPage } from './teams.page.tsx';
import { UsersPage } from './users.page.tsx';

/** Admins land on users; everyone else on the one thing they can change, their API keys. */
function SettingsIndex() {
  const user = useSession().data?.user;
  return <Navigate to={hasRole(user, 'admin') ? '/settings/users' : '/settings/api-keys'} replace />;
}

export type CustomFieldsSearch = { entity: CustomFieldEntity };
export type ApiKeysSearch = { all?: boolean };

/** Routes of this feature, mounted under the signed-in layout. */
export function settingsRoutes(parent: AnyRoute): AnyRoute[] {
  const layout = createRoute({ getParentRoute: () => parent, path: '/settings', component: SettingsLayout });
  return [
    layout.addChildren([
      createRoute({ getParentRoute: () => layout, path: '/', component: SettingsIndex }),
      createRoute({ getParentRoute: () => layout, path: '/users', component: UsersPage }),
      createRoute({ getParentRoute: () => layout, path: '/teams', component: TeamsPage }),
      createRoute({ getParentRoute: () => layout, path: '/integrations', component: IntegrationsPage }),
      createRoute({ getParentRoute: () => layout, path: '/sales', component: SalesSettingsPage }),
      createRoute({ getParentRoute: () => layout, path: '/tax-rates', component: TaxRatesPage }),
      createRoute({ getParentRoute: () => layout, path: '/price-lists', component: PriceListsPage }),
      createRoute({ getParentRoute: () => layout, path: '/pipelines', component: PipelinesPage }),
      createRoute({ getParentRoute: () => layout, path: '/quote-templates', component: QuoteTemplatesPage }),
      createRoute({ getParentRoute: () => layout, path: '/backup', component: BackupPage }),
      createRoute({ getParentRoute: () => layout, path: '/analytics', component: AnalyticsSettingsPage }),
      createRoute({
        getParentRoute: () => layout,
        path: '/api-keys',
        component: ApiKeysPage,
        validateSearch: (s: Record<string, unknown>): ApiKeysSearch =>
          s.all === true || s.all === 'true' ? { all: true } : {},
      }),
      createRoute({
        getParentRoute: () => layout,
        path: '/custom-fields',
        component: CustomFieldsPage,
        validateSearch: (s: Record<string, unknown>): CustomFieldsSearch => ({
          entity: customFieldEntities.includes(s.entity as CustomFieldEntity)
            ? (s.entity as CustomFieldEntity)
            : 'contact',
        }),
      }),
    ]),
  ];
}
