import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { restoreBackup } from '../../src/server/modules/backup/index.ts';
import { cloneDatabase } from '../helpers/db.ts';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function entries(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
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

/**
 * Settings → Backup downloads an archive that restores into another database; the contact page's GDPR
 * button downloads everything held about that contact.
 */
describeE2E('backup and GDPR export in the browser', ['main'], (env) => {
  it('downloads a backup from Settings → Backup that restores elsewhere, and a contact’s personal data', async () => {
    const { url } = env().server('main');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const contact = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Ingrid',
      lastName: 'Åkesson',
      emails: [{ address: 'ingrid@akesson.test' }],
    })) as { id: string };
    await apiAs(context, 'POST', '/contacts', { firstName: 'Zebulon', lastName: 'Quist' });
    await apiAs(context, 'POST', '/notes', { contactId: contact.id, body: '<p>Prefers calls after 10</p>' });
    const quote = (await apiAs(context, 'POST', '/quotes', {
      contactId: contact.id,
      currency: 'SEK',
      lines: [{ description: 'Cargo bike', quantity: '1', unitPrice: 3_000_000, taxRate: '25' }],
    })) as { number: string };

    await page.goto('/settings/backup');
    await page.getByRole('tab', { name: 'Backup', selected: true }).waitFor();
    await page.getByText('A restore replaces the whole database', { exact: false }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download backup' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rapport-backup-.*\.zip$/);
    const backupFile = path.join(tmp, 'backup.zip');
    await download.saveAs(backupFile);
    const target = await cloneDatabase('postgres').catch(() => cloneDatabase('pglite'));
    try {
      const result = await restoreBackup(target, backupFile);
      const contacts = result.manifest.tables.find((t) => t.name === 'contacts')!;
      expect(contacts.rows).toBe(2);
      expect(result.manifest.database.kind).toBe(env().kind);
    } finally {
      await target.close();
    }

    await page.goto(`/contacts/${contact.id}`);
    await page.getByRole('heading', { name: 'Ingrid Åkesson' }).waitFor();
    const [personal] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export personal data (GDPR)' }).click(),
    ]);
    expect(personal.suggestedFilename()).toMatch(/^personal-data-ingrid-åkesson-.*\.zip$/);
    const exportFile = path.join(tmp, 'subject.zip');
    await personal.saveAs(exportFile);
    const files = await entries(exportFile);
    const subject = JSON.parse(files.get('subject.json')!.toString('utf8'));
    expect(subject.contact).toMatchObject({ id: contact.id, firstName: 'Ingrid', lastName: 'Åkesson' });
    expect(JSON.stringify(subject.records.notes)).toContain('Prefers calls after 10');
    expect(subject.records.quotes.map((q: { number: string }) => q.number)).toEqual([quote.number]);
    expect(JSON.stringify(subject)).not.toMatch(/Zebulon|Quist/);
    const pdf = subject.files.find((f: string) => f.startsWith('files/quotes/'));
    expect(files.get(pdf)!.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });
});
