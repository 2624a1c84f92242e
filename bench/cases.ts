import type { httpClient } from './measure.ts';
import { ms, type Stats, sample } from './measure.ts';
import {
  type Raw,
  rawCount,
  rawCreate,
  rawIngest,
  rawJourneyFlow,
  rawRelationship,
  rawSearch,
  rawStayInTouch,
  rawTimeline,
  sqlGetById,
  sqlListPage1,
  sqlListPage2,
} from './raw.ts';
import { salesCases } from './sales-cases.ts';

/**
 * The measured operations, each through the API and as hand-written SQL on the same database.
 * Requests are sequential: these are latencies, not throughput.
 */
export type CaseResult = { name: string; api: Stats | null; raw: Stats };
type Http = ReturnType<typeof httpClient>;

export type Inputs = {
  ids: string[];
  terms: string[];
  adminId: string;
  runTag: string;
  /** A contact with 10,000 interactions (bench/interactions.ts), when interactions were generated. */
  heavyId: string | null;
  /** A contact with 500 orders (bench/sales.ts), when orders were generated. */
};

async function expectOk(res: Promise<{ status: number; body: string }>, what: string) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what} answered ${r.status}: ${r.body.slice(0, 300)}`);
  return r;
}

const LIST = '/api/v1/contacts?lifecycleStage=customer&sort=-createdAt&limit=50';

export async function runCases(
  http: Http,
  raw: Raw,
  input: Inputs,
  n: number,
  warmup: number,
  log: (m: string) => void,
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  const run = async (
    name: string,
    api: (i: number) => Promise<unknown>,
    sql: (i: number) => Promise<unknown>,
  ) => {
    const a = await sample(n, warmup, api);
    const r = await sample(n, warmup, sql);
    out.push({ name, api: a, raw: r });
    log(
      `  ${name}: API p50 ${ms(a.p50)} / p95 ${ms(a.p95)} ms; raw SQL p50 ${ms(r.p50)} / p95 ${ms(r.p95)} ms`,
    );
  };

  await run(
    'list page 1 (customer, -createdAt, 50)',
    () => expectOk(http('GET', LIST), 'list'),
    () => raw.query(sqlListPage1, ['customer']),
  );

  const cursor = JSON.parse((await expectOk(http('GET', LIST), 'list')).body).nextCursor as string;
  const [last] = await raw.query(
    `select created_at::text as at, id from contacts where deleted_at is null and lifecycle_stage = 'customer'
     order by created_at desc nulls last, id desc nulls last offset 49 limit 1`,
  );
  await run(
    'list page 2 (keyset cursor)',
    () => expectOk(http('GET', `${LIST}&cursor=${cursor}`), 'list page 2'),
    () => raw.query(sqlListPage2, ['customer', last!.at, last!.id]),
  );

  await run(
    'list total (customer, count)',
    () => expectOk(http('GET', '/api/v1/contacts/count?lifecycleStage=customer'), 'count'),
    () => rawCount(raw),
  );

  const term = (i: number) => input.terms[i % input.terms.length]!;
  await run(
    'search (q=name, typo/accent-free, 20)',
    (i) => expectOk(http('GET', `/api/v1/contacts?q=${encodeURIComponent(term(i))}&limit=20`), 'search'),
    (i) => rawSearch(raw, term(i)),
  );

  const id = (i: number) => input.ids[(i * 7919) % input.ids.length]!;
  await run(
    'get by id',
    (i) => expectOk(http('GET', `/api/v1/contacts/${id(i)}`), 'get'),
    (i) => raw.query(sqlGetById, [id(i)]),
  );

  const person = (i: number, via: string) => ({
    firstName: ['Søren', 'Jürgen', 'Élodie', 'Małgorzata', 'Åsa'][i % 5]!,
    lastName: ['Møller', 'Schröder', 'Lefèvre', 'Łukasiewicz', 'Åberg'][i % 5]!,
    email: `bench.${input.runTag}.${via}.${i}@bench.rapport.example`,
    phone: '+45 20 12 34 56',
  });
  await run(
    'create contact',
    (i) => {
      const p = person(i, 'api');
      return expectOk(
        http('POST', '/api/v1/contacts', {
          firstName: p.firstName,
          lastName: p.lastName,
          emails: [{ address: p.email, label: 'work' }],
          phones: [{ number: p.phone, label: 'mobile' }],
          tags: ['bench'],
          lifecycleStage: 'lead',
        }),
        'create',
      );
    },
    (i) => rawCreate(raw, input.adminId, person(i, 'raw')),
  );
  if (input.heavyId) await interactionCases(http, raw, input, n, run);
  await salesCases(http, raw, input, run);
  return out;
}

/** Timeline pages of a contact with 10,000 interactions, and batch ingest of 1,000 items. */
async function interactionCases(
  http: Http,
  raw: Raw,
  input: Inputs,
  n: number,
  run: (
    name: string,
    api: (i: number) => Promise<unknown>,
    sql: (i: number) => Promise<unknown>,
  ) => Promise<void>,
) {
  const heavy = input.heavyId!;
  const first = `/api/v1/contacts/${heavy}/timeline?limit=30`;
  await run(
    'timeline page 1 (10k interactions)',
    () => expectOk(http('GET', first), 'timeline'),
    () => rawTimeline(raw, heavy),
  );
  const page1 = JSON.parse((await expectOk(http('GET', first), 'timeline')).body) as {
    data: { at: string; id: string }[];
    nextCursor: string;
  };
  const last = (await rawTimeline(raw, heavy)).page.at(-1)!;
  await run(
    'timeline page 2 (cursor)',
    () => expectOk(http('GET', `${first}&cursor=${page1.nextCursor}`), 'timeline page 2'),
    () => rawTimeline(raw, heavy, { at: String(last.at), id: String(last.id) }),
  );
  const batch = (i: number, via: string) =>
    Array.from({ length: 1000 }, (_, k) => ({
      source: `bench-${via}`,
      externalId: `${input.runTag}-${i}-${k}`,
      contactId: input.ids[(i * 1000 + k) % input.ids.length]!,
      channel: 'shop',
      touchpoint: 'shop',
      direction: 'in',
      occurredAt: new Date(Date.UTC(2026, 0, 1) + k * 60_000).toISOString(),
      subject: `Receipt ${i}-${k}`,
    }));
  await run(
    'ingest batch of 1,000 interactions',
    (i) => expectOk(http('POST', '/api/v1/interactions/batch', { items: batch(i, 'api') }), 'batch'),
    (i) => rawIngest(raw, batch(i, 'raw')),
  );
  // The batches above marked their contacts' journeys; a running server's sweep would have caught up.
  await relationshipCases(http, raw, input, run);
  void n;
}

/** The journey flow over all customers, one owner's stay-in-touch list, and a heavy contact's relationship. */
async function relationshipCases(
  http: Http,
  raw: Raw,
  input: Inputs,
  run: (
    name: string,
    api: (i: number) => Promise<unknown>,
    sql: (i: number) => Promise<unknown>,
  ) => Promise<void>,
) {
  // Catch the journeys up after the ingest case (what the sweep does), so the flow case measures the flow.
  await expectOk(http('GET', '/api/v1/journey/flow'), 'journey flow');
  const to = new Date();
  const from = new Date(to.getTime() - 365 * 86_400_000);
  await run(
    'journey flow (all customers, 12 months)',
    () => expectOk(http('GET', '/api/v1/journey/flow'), 'journey flow'),
    () => rawJourneyFlow(raw, from.toISOString(), to.toISOString()),
  );
  const [owner] = await raw.query(
    `select owner_id from contacts where deleted_at is null and touch_due_at <= now() and owner_id is not null
     group by owner_id order by count(*) desc limit 1`,
  );
  if (owner) {
    const ownerId = String(owner.owner_id);
    await run(
      'stay-in-touch list (one owner, 50)',
      () => expectOk(http('GET', `/api/v1/stay-in-touch?ownerId=${ownerId}&limit=50`), 'stay in touch'),
      () => rawStayInTouch(raw, ownerId),
    );
  }
  const heavy = input.heavyId!;
  await run(
    'relationship (10k-interaction contact)',
    () => expectOk(http('GET', `/api/v1/contacts/${heavy}/relationship`), 'relationship'),
    () => rawRelationship(raw, heavy),
  );
}
