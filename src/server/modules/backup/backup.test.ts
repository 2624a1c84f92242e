import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { cloneDatabase, type DbKind, describeEachDb } from '../../../../tests/helpers/db.ts';
import { buildApp } from '../../app.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { generateDemo } from '../demo/index.ts';
import { openArchive } from './backup.archive.ts';
import { BackupError } from './backup.manifest.ts';
import { restoreBackup } from './backup.restore.ts';
import { fingerprints, rewriteZip, tmpDir } from './backup.test-support.ts';
import { writeBackup } from './backup.write.ts';

const expectRefused = async (p: Promise<unknown>, code: string) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(BackupError);
  expect((err as BackupError).code).toBe(code);
  return err as BackupError;
};

describeEachDb('backup and restore', (getDb, kind) => {
  const other: DbKind = kind === 'pglite' ? 'postgres' : 'pglite';
  const app = useApp(getDb);
  const dir = tmpDir();
  const file = path.join(dir, 'backup.zip');
  let admin: TestUser;
  let soren: string;
  let quoteNumber: string;
  let source: Record<string, string>;
  const targets: Database[] = [];
  const target = async () => {
    const t = await cloneDatabase(other);
    targets.push(t);
    return t;
  };

  beforeAll(async () => {
    await generateDemo(getDb(), testConfig(), { contacts: 200 });
    admin = await makeUser(getDb(), 'admin');
    const post = async (url: string, payload: object) => {
      const res = await app().inject({ method: 'POST', url: `/api/v1${url}`, headers: admin.auth, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; number?: string };
    };
    soren = (
      await post('/contacts', {
        firstName: 'Søren',
        lastName: 'Kierkegård-Øster',
        emails: [{ address: 'soren@kierkegaard.test' }],
      })
    ).id;
    const lines = [{ description: 'Ladcykel Ærø', quantity: '2', unitPrice: 1_250_000, taxRate: '25' }];
    quoteNumber = (await post('/quotes', { contactId: soren, currency: 'DKK', lines })).number!;
    await post('/orders', { contactId: soren, currency: 'DKK', lines });
    const inv = await post('/invoices', { contactId: soren, currency: 'DKK', lines });
    await post(`/invoices/${inv.id}/payments`, { amount: 1_000_000 });
    await post('/notes', { contactId: soren, body: '<p>Ringede om levering — glad kunde</p>' });
    await post('/tasks', { title: 'Følg op på levering', contactId: soren });
    source = await fingerprints(getDb());
    await writeBackup(getDb(), fs.createWriteStream(file));
  });
  afterAll(async () => {
    for (const t of targets) await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`writes a manifest with every table of the catalogue, its rows and checksums`, async () => {
    const archive = await openArchive(file);
    try {
      const m = archive.manifest;
      expect(m.database.kind).toBe(kind);
      expect(m.migration.tag).toMatch(/^\d{4}_/);
      expect(m.tables.map((t) => t.name).sort()).toEqual(Object.keys(source).sort());
      for (const t of m.tables)
        expect(`${t.name}:${t.rows}`).toBe(`${t.name}:${source[t.name]!.split(':')[0]}`);
      // Foreign-key order: contacts come after companies and users, quotes after contacts.
      const at = (n: string) => m.tables.findIndex((t) => t.name === n);
      expect(at('companies')).toBeLessThan(at('contacts'));
      expect(at('contacts')).toBeLessThan(at('quotes'));
    } finally {
      archive.close();
    }
  });

  it(`restores into an empty ${other} database: every table equal, and the app works there`, async () => {
    const db = await target();
    const result = await restoreBackup(db, file);
    expect(result.migratedForward).toBe(false);
    expect(await fingerprints(db)).toEqual(source);

    const restored = await buildApp({ config: testConfig(), database: db, logger: false });
    try {
      // The API key made on the source authenticates; search finds an accented name through a typo.
      const found = await restored.inject({
        method: 'GET',
        url: '/api/v1/contacts?q=kierkegard',
        headers: admin.auth,
      });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().data.map((c: { id: string }) => c.id)).toContain(soren);
      // The next quote gets the next number, not one already used.
      const next = await restored.inject({
        method: 'POST',
        url: '/api/v1/quotes',
        headers: admin.auth,
        payload: { contactId: soren, currency: 'DKK' },
      });
      expect(next.statusCode, next.body).toBe(201);
      const n = (s: string) => Number(s.match(/(\d+)$/)![1]);
      expect(next.json().number.replace(/\d+$/, '')).toBe(quoteNumber.replace(/\d+$/, ''));
      expect(n(next.json().number)).toBe(n(quoteNumber) + 1);
      // A new contact's id comes from the restored sequences without colliding (audit_log is bigserial).
      const [seq] = rowsOf<{ ok: boolean }>(
        await db.db.execute(
          sql`select nextval('audit_log_id_seq') > (select coalesce(max(id), 0) from audit_log) as ok`,
        ),
      );
      expect(seq!.ok).toBe(true);
    } finally {
      await restored.close();
    }
  });

  it('refuses a database that holds data and leaves it unchanged; --force replaces it all', async () => {
    const db = await target();
    await makeUser(db, 'agent');
    const before = await fingerprints(db);
    const err = await expectRefused(restoreBackup(db, file), 'target_not_empty');
    expect(err.message).toMatch(/users \(1 rows?\)/);
    expect(err.message).toMatch(/--force/);
    expect(await fingerprints(db)).toEqual(before);
    await restoreBackup(db, file, { force: true });
    expect(await fingerprints(db)).toEqual(source);
  });

  it('refuses an archive with a bad checksum and leaves the target as it was', async () => {
    const bad = path.join(dir, 'bad-checksum.zip');
    await rewriteZip(file, bad, (name, data) =>
      name === 'tables/contacts.tsv' ? Buffer.from(data.toString('utf8').replace('Søren', 'Soren')) : data,
    );
    const db = await target();
    await makeUser(db, 'viewer');
    const before = await fingerprints(db);
    const err = await expectRefused(restoreBackup(db, bad, { force: true }), 'archive_damaged');
    expect(err.message).toMatch(/contacts/);
    expect(await fingerprints(db)).toEqual(before);
  });

  it('refuses a truncated archive and leaves the target as it was', async () => {
    const cut = path.join(dir, 'truncated.zip');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const db = await target();
    const before = await fingerprints(db);
    await expectRefused(restoreBackup(db, cut), 'archive_unreadable');
    expect(await fingerprints(db)).toEqual(before);
  });

  it('refuses an archive made by a newer Rapport (a migration this code does not know)', async () => {
    const newer = path.join(dir, 'newer.zip');
    await rewriteZip(file, newer, (name, data) => {
      if (name !== 'manifest.json') return data;
      const m = JSON.parse(data.toString('utf8'));
      m.migration = { tag: '9999_from_the_future', when: m.migration.when + 86_400_000, hash: 'x' };
      return Buffer.from(JSON.stringify(m));
    });
    const db = await target();
    const before = await fingerprints(db);
    const err = await expectRefused(restoreBackup(db, newer), 'archive_newer');
    expect(err.message).toMatch(/newer Rapport.*9999_from_the_future.*Upgrade Rapport/);
    expect(await fingerprints(db)).toEqual(before);
  });

  it('serves the same archive to admins only as an audited download (GET /api/v1/backup)', async () => {
    const manager = await makeUser(getDb(), 'manager');
    const denied = await app().inject({ method: 'GET', url: '/api/v1/backup', headers: manager.auth });
    expect(denied.statusCode).toBe(403);
    const res = await app().inject({ method: 'GET', url: '/api/v1/backup', headers: admin.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="rapport-backup-.*\.zip"$/);
    const downloaded = path.join(dir, 'downloaded.zip');
    fs.writeFileSync(downloaded, res.rawPayload);
    const archive = await openArchive(downloaded);
    archive.close();
    const contacts = archive.manifest.tables.find((t) => t.name === 'contacts')!;
    expect(contacts.rows).toBe(Number(source.contacts!.split(':')[0]));
    const [entry] = rowsOf<{ actor: string }>(
      await getDb().db.execute(
        sql`select actor_id::text as actor from audit_log where action = 'backup.download' order by id desc limit 1`,
      ),
    );
    expect(entry?.actor).toBe(admin.id);
  });
});
