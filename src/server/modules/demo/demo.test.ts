import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { rowsOf } from '../../db/client.ts';
import { DEMO_USER_DOMAIN } from './demo.data.ts';
import { asciiFold } from './demo.random.ts';
import { generateDemo } from './index.ts';

type Row = {
  id: string;
  first_name: string;
  last_name: string;
  emails: { address: string; label: string }[];
  phones: { number: string; label: string }[];
  addresses: { country: string; city: string; postalCode: string; street: string }[];
  company_id: string | null;
  owner_id: string | null;
  tags: string[];
  lifecycle_stage: string | null;
  language: string | null;
};

describeEachDb('demo data', (getDb) => {
  const app = useApp(getDb);
  let viewer: TestUser;
  let rows: Row[];
  const logged: string[] = [];

  beforeAll(async () => {
    viewer = await makeUser(getDb(), 'viewer');
    await generateDemo(getDb(), testConfig(), { contacts: 300, log: (m) => logged.push(m) });
    rows = rowsOf<Row>(await getDb().db.execute(sql`select * from contacts`));
  });

  const count = async (table: 'contacts' | 'companies') =>
    rowsOf<{ n: number }>(
      await getDb().db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`),
    )[0]!.n;

  it('creates the contacts, one company per 20, and a demo sales team in teams', async () => {
    expect(rows).toHaveLength(300);
    expect(await count('companies')).toBe(15);
    const users = rowsOf<{ n: number }>(
      await getDb().db.execute(
        sql`select count(*)::int as n from users u join team_members m on m.user_id = u.id where u.email like ${`%@${DEMO_USER_DOMAIN}`}`,
      ),
    );
    expect(users[0]!.n).toBe(8);
    expect(logged.join('\n')).toMatch(/random and not shown/);
  });

  it('writes European names with diacritics, ASCII e-mails derived from them, and local phones and addresses', () => {
    const accented = rows.filter((r) => /[^\p{ASCII}]/u.test(r.first_name + r.last_name));
    expect(accented.length).toBeGreaterThan(rows.length * 0.15);
    const emails = rows.flatMap((r) => r.emails.map((e) => e.address));
    expect(emails.length).toBeGreaterThan(rows.length * 0.8);
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}$/);
    const withName = rows.filter((r) =>
      r.emails.some((e) =>
        e.address.includes(
          asciiFold(r.last_name)
            .replace(/[^a-z0-9]/g, '')
            .slice(0, 4),
        ),
      ),
    );
    expect(withName.length).toBeGreaterThan(rows.length * 0.5);
    const countries = new Set(rows.flatMap((r) => r.addresses.map((a) => a.country)));
    expect(countries.size).toBeGreaterThanOrEqual(6);
    for (const r of rows) {
      for (const p of r.phones) expect(p.number).toMatch(/^\+\d{2} [0-9 ]+$/);
      for (const a of r.addresses)
        expect(a).toMatchObject({
          country: expect.stringMatching(/^[A-Z]{2}$/),
          city: expect.any(String),
          postalCode: expect.any(String),
        });
    }
  });

  it('links about 70% to companies and sets owners, tags and stages', () => {
    const linked = rows.filter((r) => r.company_id).length / rows.length;
    expect(linked).toBeGreaterThan(0.55);
    expect(linked).toBeLessThan(0.85);
    expect(rows.filter((r) => r.owner_id).length).toBeGreaterThan(rows.length * 0.85);
    expect(rows.filter((r) => r.tags.length).length).toBeGreaterThan(rows.length * 0.3);
    expect(rows.every((r) => r.lifecycle_stage && r.language)).toBe(true);
  });

  it('is found through the API by an accent-free spelling of a generated name', async () => {
    const target = rows.find((r) => /[^\p{ASCII}]/u.test(r.last_name))!;
    const q = asciiFold(`${target.first_name} ${target.last_name}`);
    expect(q).not.toBe(`${target.first_name} ${target.last_name}`.toLowerCase());
    const res = await app().inject({
      url: `/api/v1/contacts?q=${encodeURIComponent(q)}&limit=50`,
      headers: viewer.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((c: { id: string }) => c.id)).toContain(target.id);
  });

  it('adds more data on a second run, keeping e-mail addresses unique', async () => {
    await generateDemo(getDb(), testConfig(), { contacts: 100 });
    expect(await count('contacts')).toBe(400);
    const emails = rowsOf<{ e: string }>(
      await getDb().db.execute(sql`select unnest(email_keys) as e from contacts`),
    ).map((r) => r.e);
    expect(new Set(emails).size).toBe(emails.length);
  });
});
