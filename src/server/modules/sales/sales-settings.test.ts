import { expect, it } from 'vitest';
import { makeUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { defaultSalesSettings } from '../../../shared/sales-settings.ts';

describeEachDb('sales settings', (getDb) => {
  const app = useApp(getDb);
  it('start from the defaults, and only an admin changes them', async () => {
    const admin = await makeUser(getDb(), 'admin');
    const agent = await makeUser(getDb(), 'agent');
    const get = await app().inject({ method: 'GET', url: '/api/v1/settings/sales', headers: agent.auth });
    expect(get.json()).toEqual(defaultSalesSettings);
    const change = { companyName: 'Nordlys ApS', vatId: 'DK12345678', brandColor: '#0b7285' };
    const denied = await app().inject({
      method: 'PATCH',
      url: '/api/v1/settings/sales',
      headers: agent.auth,
      payload: change,
    });
    expect(denied.statusCode).toBe(403);
    const ok = await app().inject({
      method: 'PATCH',
      url: '/api/v1/settings/sales',
      headers: admin.auth,
      payload: change,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject(change);
    const bad = await app().inject({
      method: 'PATCH',
      url: '/api/v1/settings/sales',
      headers: admin.auth,
      payload: { brandColor: 'red', paymentTermsDays: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['brandColor', 'paymentTermsDays']);
  });
});
