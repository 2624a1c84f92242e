import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { rowsOf } from '../../db/client.ts';

type Subject = {
  format: string;
  contact: { id: string; firstName: string };
  company: { id: string; name: string } | null;
  records: Record<string, Record<string, unknown>[]>;
  relatedRecords: Record<string, Record<string, unknown>[]>;
  about: Record<string, Record<string, unknown>[]>;
  files: string[];
};

/** The zip's entries, by name. */
async function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', async (e: yauzl.Entry) => {
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
      out.set(e.fileName, Buffer.concat(chunks));
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

describeEachDb('GDPR subject export', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let manager: TestUser;
  let agent: TestUser;
  const ids = { a: '', b: '', company: '' };

  const call = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) =>
    app().inject({ method, url: `/api/v1${url}`, headers: user.auth, ...(payload ? { payload } : {}) });
  const post = async (url: string, payload: object) => {
    const res = await call(admin, 'POST', url, payload);
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as { id: string };
  };

  /** Every kind of record about one contact, made through the API as users make them. */
  const customer = async (first: string, last: string, email: string) => {
    const id = (
      await post('/contacts', {
        firstName: first,
        lastName: last,
        companyId: ids.company,
        emails: [{ address: email }],
      })
    ).id;
    const lines = [
      { description: `Ladcykel til ${first}`, quantity: '1', unitPrice: 2_500_000, taxRate: '25' },
    ];
    await post('/interactions', { channel: 'phone', contactId: id, subject: `Opkald med ${first}` });
    await post('/notes', { contactId: id, body: `<p>Note om ${first}</p>` });
    await post('/tasks', { title: `Ring til ${first}`, contactId: id });
    await post('/events', {
      title: `Møde med ${first}`,
      contactId: id,
      startsAt: '2026-12-10T09:00:00Z',
      endsAt: '2026-12-10T10:00:00Z',
    });
    await post('/deals', { title: `Cykler til ${first}`, contactId: id, amount: 2_500_000, currency: 'DKK' });
    const quote = await post('/quotes', { contactId: id, currency: 'DKK', lines });
    await post(`/quotes/${quote.id}/send`, {});
    await post('/orders', { contactId: id, currency: 'DKK', lines });
    const inv = await post('/invoices', { contactId: id, currency: 'DKK', lines });
    await post(`/invoices/${inv.id}/payments`, { amount: 500_000 });
    const patched = await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      headers: { ...admin.auth, 'if-match': '"1"' },
      payload: { jobTitle: 'Indkøber' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    return id;
  };

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    manager = await makeUser(getDb(), 'manager');
    agent = await makeUser(getDb(), 'agent');
    ids.company = (await post('/companies', { name: 'Fjordcykler ApS' })).id;
    ids.a = await customer('Åsa', 'Lindqvist', 'asa@lindqvist.test');
    ids.b = await customer('Bjørn', 'Ødegaard', 'bjorn@odegaard.test');
  });

  it('holds every kind of data about the contact, its documents as PDFs, and nothing about another contact', async () => {
    const res = await call(manager, 'GET', `/contacts/${ids.a}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="personal-data-.*lindqvist-\d{4}-\d\d-\d\d\.zip"/,
    );
    const entries = await unzip(res.rawPayload);
    const text = entries.get('subject.json')!.toString('utf8');
    const subject = JSON.parse(text) as Subject;
    expect(subject.format).toBe('rapport-subject-export');
    expect(subject.contact.id).toBe(ids.a);
    expect(subject.company).toEqual({ id: ids.company, name: 'Fjordcykler ApS' });
    for (const table of [
      'interactions',
      'notes',
      'tasks',
      'events',
      'deals',
      'quotes',
      'orders',
      'invoices',
      'outbound_mails',
    ])
      expect(subject.records[table]?.length, table).toBeGreaterThan(0);
    for (const table of ['order_lines', 'invoice_lines', 'payments'])
      expect(subject.relatedRecords[table]?.length, table).toBeGreaterThan(0);
    expect(subject.about.record_history?.some((h) => h.record_id === ids.a)).toBe(true);
    expect(subject.records.interactions!.map((i) => i.subject)).toContain('Opkald med Åsa');
    // Secrets (the quote's accept-token hash) and search columns are not personal data to hand out.
    expect(text).not.toMatch(/"[a-z_]*(token|secret|password)[a-z_]*":|"search_(text|names|vector)":/);
    // Its quote and invoice as PDFs.
    expect(subject.files.some((f) => f.startsWith('files/quotes/'))).toBe(true);
    expect(subject.files.some((f) => f.startsWith('files/invoices/'))).toBe(true);
    for (const f of subject.files) expect(entries.get(f)!.subarray(0, 5).toString()).toBe('%PDF-');
    // Nothing about the other customer of the same company.
    expect(text).not.toContain(ids.b);
    expect(text).not.toMatch(/Bjørn|Ødegaard|bjorn@odegaard/);
    const [audit] = rowsOf<{ actor: string }>(
      await getDb().db.execute(
        sql`select actor_id::text as actor from audit_log where action = 'contact.subject_export' and target_id = ${ids.a}`,
      ),
    );
    expect(audit?.actor).toBe(manager.id);
  });

  it('is for managers and admins: an agent gets 403', async () => {
    expect((await call(agent, 'GET', `/contacts/${ids.a}/export`)).statusCode).toBe(403);
    expect((await call(admin, 'GET', `/contacts/${ids.a}/export`)).statusCode).toBe(200);
  });

  it('answers 404 for a contact that does not exist or was erased', async () => {
    expect((await call(manager, 'GET', `/contacts/${crypto.randomUUID()}/export`)).statusCode).toBe(404);
    const gone = (await post('/contacts', { firstName: 'Gone', lastName: 'Person' })).id;
    const erased = await call(admin, 'POST', `/contacts/${gone}/erase`, { reason: 'GDPR request' });
    expect(erased.statusCode, erased.body).toBe(204);
    expect((await call(manager, 'GET', `/contacts/${gone}/export`)).statusCode).toBe(404);
  });
});
