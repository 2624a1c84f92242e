import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ContactDto } from '../../../shared/contacts.ts';
import { lifecycleStages } from '../../../shared/crm.ts';
import type { ExportDto } from '../../../shared/exports.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import { exportJobHandler } from '../exports/index.ts';
import { drainJobs } from '../jobs/index.ts';
import { act, newImport, upload } from './imports.test-helpers.ts';

/**
 * Export → import gives the same records: contacts written through the API are exported (CSV or XLSX, in
 * any of the four languages, headers and all), binned, and the file imported back with the mapping the
 * wizard suggests; every exported field must come back equal. Names and texts include what a spreadsheet
 * would take for a formula (the CSV export neutralises it, the import takes that back), quotes, separators,
 * line breaks and letters beyond ASCII.
 */
const letters = 'abcdefghijklmnopqrstuvwxyzæøåéèüößçñ';
const word = fc
  .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 8 })
  .map((cs) => cs[0]!.toUpperCase() + cs.slice(1).join(''));
const hostile = fc.constantFrom('=', '+', '-', '@', '=HYPERLINK("http://x")', "'");
const name = fc
  .tuple(
    fc.option(hostile, { nil: undefined }),
    fc.array(word, { minLength: 1, maxLength: 2 }),
    fc.constantFrom(' ', '-'),
  )
  .map(([h, ws, joint]) => `${h ?? ''}${ws.join(joint)}`);
const text = fc
  .tuple(
    fc.option(hostile, { nil: undefined }),
    fc.array(fc.oneof(word, fc.constantFrom(',', ';', '"', "'", '|', 'A/S', '&', '<b>')), {
      minLength: 1,
      maxLength: 5,
    }),
  )
  .map(([h, ws]) => `${h ?? ''}${ws.join(' ')}`);
const tag = fc
  .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzæøå0123456789-'), { minLength: 2, maxLength: 10 })
  .map((cs) => cs.join(''))
  .filter((t) => /^[a-zæøå0-9]/.test(t));
// Numbers libphonenumber knows to be valid: Danish mobiles, German mobiles, French mobiles (E.164).
const phone = fc.oneof(
  fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+452${String(n).padStart(7, '0')}`),
  fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+49151${String(n).padStart(8, '0')}`),
  fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+336${String(n).padStart(8, '0')}`),
);
const day = fc
  .integer({ min: Date.UTC(1940, 0, 1), max: Date.UTC(2008, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const contact = fc.record({
  firstName: name,
  lastName: name,
  phones: fc.uniqueArray(phone, { maxLength: 3 }),
  otherEmails: fc.integer({ min: 0, max: 2 }),
  jobTitle: fc.option(text, { nil: undefined }),
  tags: fc.uniqueArray(tag, { maxLength: 3 }),
  lifecycleStage: fc.constantFrom(...lifecycleStages),
  birthday: fc.option(day, { nil: undefined }),
  address: fc.option(
    fc.record({
      street: text,
      postalCode: fc.integer({ min: 1000, max: 9990 }).map(String),
      city: word,
      country: fc.constantFrom('DK', 'DE', 'FR', 'SE', 'NL'),
    }),
    { nil: undefined },
  ),
  description: fc.option(text, { nil: undefined }),
});

const columns = [
  'name',
  'email',
  'emails',
  'phone',
  'jobTitle',
  'tags',
  'lifecycleStage',
  'birthday',
  'street',
  'postalCode',
  'city',
  'country',
  'description',
];

/** What an export carries of a contact, as comparable data. */
const carried = (c: ContactDto) => ({
  firstName: c.firstName,
  lastName: c.lastName,
  // Labels are not exported: the addresses and numbers, in their order.
  emails: c.emails.map((e) => e.address),
  phones: c.phones.map((p) => p.number),
  jobTitle: c.jobTitle ?? null,
  tags: [...c.tags].sort(),
  lifecycleStage: c.lifecycleStage,
  birthday: c.birthday ?? null,
  address: c.addresses[0]
    ? {
        street: c.addresses[0].street,
        postalCode: c.addresses[0].postalCode,
        city: c.addresses[0].city,
        country: c.addresses[0].country,
      }
    : null,
  description: c.description ?? null,
});

describeEachDb('imports: export → import round trip', (getDb) => {
  const app = useApp(getDb);
  let agent: TestUser;
  let run = 0;
  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent');
  });
  const req = (method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: agent.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const tagged = async (t: string) => {
    const filter = JSON.stringify({ field: 'tags', op: 'hasAny', value: [t] });
    const res = await req('GET', `/contacts?limit=100&filter=${encodeURIComponent(filter)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data as ContactDto[];
  };

  it('gives back equal contacts from CSV and XLSX in every language (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(contact, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('csv', 'xlsx'),
        fc.constantFrom('en', 'fr', 'de', 'da'),
        async (people, format, language) => {
          const batch = `rt-${++run}-${Math.random().toString(36).slice(2, 7)}`;
          const created: ContactDto[] = [];
          for (const [i, p] of people.entries()) {
            const res = await req('POST', '/contacts', {
              firstName: p.firstName,
              lastName: p.lastName,
              emails: Array.from({ length: 1 + p.otherEmails }, (_, k) => ({
                address: `${batch}.${i}${k ? `.${k}` : ''}@example.org`,
                label: k ? 'home' : 'work',
              })),
              phones: p.phones.map((number, k) => ({ number, label: k ? 'mobile' : 'work' })),
              addresses: p.address ? [{ label: 'work', region: '', ...p.address }] : [],
              jobTitle: p.jobTitle,
              tags: [batch, ...p.tags],
              lifecycleStage: p.lifecycleStage,
              birthday: p.birthday,
              description: p.description,
            });
            expect(res.statusCode, res.body).toBe(201);
            created.push(res.json() as ContactDto);
          }
          // Export the batch the way the list shows it.
          const filter = JSON.stringify({ field: 'tags', op: 'hasAny', value: [batch] });
          const queued = await req('POST', '/exports', {
            entity: 'contacts',
            format,
            query: { filter, sort: 'lastName' },
            columns,
            language,
          });
          expect(queued.statusCode, queued.body).toBe(202);
          await drainJobs(getDb(), testConfig(), silentLog, [exportJobHandler]);
          const done = (await req('GET', `/exports/${queued.json<ExportDto>().id}`)).json<ExportDto>();
          expect(done.status, JSON.stringify(done)).toBe('done');
          const file = await req('GET', `/files/${done.file!.id}/content`);
          // Out with the originals (the recycle bin does not hold their e-mail addresses against a new one).
          for (const c of created) {
            const del = await app().inject({
              method: 'DELETE',
              url: `/api/v1/contacts/${c.id}`,
              headers: { ...agent.auth, 'if-match': `"${c.version}"` },
            });
            expect(del.statusCode, del.body).toBe(204);
          }
          // In again, with the suggested mapping and the default settings (matching by e-mail).
          const res = await newImport(app(), agent.auth, {
            fileId: await upload(
              app(),
              agent.auth,
              `export.${format}`,
              file.rawPayload,
              format === 'csv'
                ? 'text/csv'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            ),
            entity: 'contacts',
          });
          expect(res.statusCode, res.body).toBe(201);
          const imp = await act(app(), agent.auth, getDb(), (res.json() as ImportDto).id, 'start');
          expect(imp.status, imp.error ?? JSON.stringify(imp.mapping)).toBe('done');
          expect(imp.stats).toMatchObject({ created: people.length, failed: 0 });
          const back = await tagged(batch);
          const key = (c: ReturnType<typeof carried>) => c.emails[0] ?? '';
          expect(back.map(carried).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
            created.map(carried).sort((a, b) => key(a).localeCompare(key(b))),
          );
        },
      ),
      { numRuns: 12, seed: 20261203 },
    );
    // Twelve exports and imports through jobs: seconds alone, minutes beside the rest of the suite in CI.
  }, 240_000);
});
