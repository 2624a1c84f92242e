import { randomUUID } from 'node:crypto';
import type { AddressEntry, EmailEntry, PhoneEntry } from '../../../shared/crm.ts';
import { copyArray, copyJson, copyLine, copyText } from './demo.copy.ts';
import {
  type City,
  type Country,
  channelWeights,
  countries,
  industries,
  industryWords,
  jobTitles,
  lifecycleWeights,
  relationshipTypeWeights,
  sources,
  stagesByLifecycle,
  tagPool,
} from './demo.data.ts';
import { asciiFold, isoDate, makeRng, type Rng, slug, weights } from './demo.random.ts';

/**
 * Builds demo companies and contacts as COPY lines. Everything but the ids (random UUIDs, so that runs
 * never collide) and the dates (relative to today) follows from the seed.
 */
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const POOL = 4_000;

type Pools = { female: string[]; male: string[]; last: string[]; streets: string[] };

export type CompanyRef = {
  id: string;
  domain: string;
  country: Country;
  address: AddressEntry;
  ownerId: string | null;
};

export type Generator = {
  rng: Rng;
  now: number;
  owners: string[];
  companies: CompanyRef[];
  companyLine(i: number): string;
  contactLine(i: number): string;
};

export const companyColumns = [
  'id',
  'name',
  'domain',
  'website',
  'industry',
  'employees',
  'emails',
  'phones',
  'addresses',
  'owner_id',
  'tags',
  'lifecycle_stage',
  'relationship_type',
  'relationship_stage',
  'customer_since',
  'description',
  'created_at',
  'updated_at',
] as const;

export const contactColumns = [
  'id',
  'first_name',
  'last_name',
  'emails',
  'phones',
  'addresses',
  'company_id',
  'job_title',
  'owner_id',
  'tags',
  'lifecycle_stage',
  'relationship_type',
  'relationship_stage',
  'birthday',
  'customer_since',
  'language',
  'preferred_channel',
  'source',
  'description',
  'created_at',
  'updated_at',
] as const;

const notes = [
  'Prefers calls before noon.',
  'Met at the trade fair; interested in the premium plan.',
  'Decision maker for the Nordic region.',
  'Asked for a quote in Q3.',
  'Send invoices to the finance department.',
  'Long-standing customer, very loyal.',
];

/** Faker's locale data, sampled once per country: the per-row picks are then cheap. */
function buildPools(seed: number): Map<Country, Pools> {
  const pools = new Map<Country, Pools>();
  countries.forEach((country, i) => {
    const f = country.faker;
    f.seed(seed + i);
    const times = <T>(n: number, fn: () => T) => Array.from({ length: n }, fn);
    pools.set(country, {
      female: times(POOL, () => f.person.firstName('female')),
      male: times(POOL, () => f.person.firstName('male')),
      last: times(POOL, () => f.person.lastName()),
      streets: times(POOL / 2, () => f.location.streetAddress()),
    });
  });
  return pools;
}

export function createGenerator(opts: {
  seed: number;
  companies: number;
  owners: string[];
  emailOffset: number;
  now?: number;
}): Generator {
  const rng = makeRng(opts.seed);
  const now = opts.now ?? Date.now();
  const pools = buildPools(opts.seed);
  const countryTable = weights(Object.fromEntries(countries.map((c) => [c.code, c.weight])));
  const byCode = new Map(countries.map((c) => [c.code, c]));
  const lifecycle = weights(lifecycleWeights);
  const channel = weights(channelWeights);
  const relType = weights(relationshipTypeWeights);
  const owners = opts.owners;
  const emailsSeen = new Map<string, number>();
  const domainsSeen = new Map<string, number>();

  const pickCountry = () => byCode.get(rng.weighted(countryTable))!;
  const pickOwner = () => (owners.length && rng.chance(0.95) ? rng.pick(owners) : null);
  const pickCity = (c: Country): City => c.cities[Math.floor(c.cities.length * rng.next() ** 1.6)]!;
  const address = (c: Country, label: AddressEntry['label'], city = pickCity(c)): AddressEntry => ({
    label,
    street: rng.pick(pools.get(c)!.streets),
    postalCode: city.postalCode,
    city: city.name,
    region: city.region,
    country: c.code,
  });
  const dateWithin = (years: number) => now - rng.next() * years * YEAR;
  // Stable e-mails on a fresh database; on later runs a number past every earlier run's numbers.
  const uniqueEmail = (local: string, domain: string) => {
    const base = `${local}@${domain}`;
    const n = emailsSeen.get(base) ?? 0;
    emailsSeen.set(base, n + 1);
    return n === 0 && opts.emailOffset === 0 ? base : `${local}${opts.emailOffset + n + 1}@${domain}`;
  };
  const uniqueDomain = (name: string, tld: string) => {
    const base = name.slice(0, 40);
    const n = domainsSeen.get(base) ?? 0;
    domainsSeen.set(base, n + 1);
    return `${n === 0 ? base : `${base}${n + 1}`}.${tld}`;
  };
  const tagsOf = (pool: readonly string[], max: number) => {
    const n = Math.min(max, Math.floor(rng.next() ** 1.5 * (max + 1)));
    const out = new Set<string>();
    while (out.size < n) out.add(rng.pick(pool));
    return [...out];
  };
  const stages = () => {
    const stage = rng.weighted(lifecycle);
    const customer = stage !== 'lead' && stage !== 'prospect';
    return {
      stage,
      relStage: rng.pick(stagesByLifecycle[stage]),
      customerSince: customer ? isoDate(dateWithin(12)) : null,
    };
  };

  const companies: CompanyRef[] = [];
  const companyRows: string[] = [];
  for (let i = 0; i < opts.companies; i++) {
    const country = pickCountry();
    const pool = pools.get(country)!;
    const industry = rng.pick(industries);
    const city = pickCity(country);
    const word = rng.pick(industryWords[industry]);
    const surname = rng.chance(0.4) ? rng.pick(country.surnames) : rng.pick(pool.last);
    const roll = rng.next();
    const base =
      roll < 0.45
        ? `${surname} ${word}`
        : roll < 0.7
          ? `${city.name.split(' ')[0]} ${word}`
          : `${surname} & ${rng.pick(pool.last).split(' ')[0]}`;
    const domain = uniqueDomain(
      asciiFold(base)
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'company',
      country.tld,
    );
    const addr = address(country, 'main', city);
    const ownerId = pickOwner();
    const { stage, relStage, customerSince } = stages();
    const created = dateWithin(4);
    const emails: EmailEntry[] = [{ address: `info@${domain}`, label: 'main' }];
    if (rng.chance(0.3)) emails.push({ address: `sales@${domain}`, label: 'work' });
    const employees = Math.round(rng.pick([3, 12, 40, 120, 400, 2500]) * (0.5 + rng.next()));
    companies.push({ id: randomUUID(), domain, country, address: addr, ownerId });
    companyRows.push(
      copyLine([
        companies[i]!.id,
        copyText(`${base} ${rng.pick(country.legalForms)}`),
        copyText(domain),
        copyText(`https://www.${domain}`),
        copyText(industry),
        copyText(employees),
        copyJson(emails),
        copyJson([{ number: rng.digits(rng.pick(country.landline)), label: 'main' }]),
        copyJson(rng.chance(0.15) ? [addr, address(country, 'billing', city)] : [addr]),
        copyText(ownerId),
        copyArray(tagsOf(['b2b', 'partner', 'key-account', 'reseller', 'vip'], 2)),
        stage,
        rng.weighted(relType),
        relStage,
        copyText(customerSince),
        copyText(rng.chance(0.3) ? `${industry} company in ${city.name}.` : null),
        new Date(created).toISOString(),
        new Date(created + rng.next() * (now - created)).toISOString(),
      ]),
    );
  }

  function contactLine(_i: number): string {
    const company =
      companies.length && rng.chance(0.7)
        ? companies[Math.floor(companies.length * rng.next() ** 1.3)]!
        : null;
    const country = company && rng.chance(0.85) ? company.country : pickCountry();
    const pool = pools.get(country)!;
    const female = rng.chance(0.5);
    const firstName = rng.chance(0.1)
      ? rng.pick(female ? country.firstNames.female : country.firstNames.male)
      : rng.pick(female ? pool.female : pool.male);
    const lastName = rng.chance(0.3) ? rng.pick(country.surnames) : rng.pick(pool.last);
    const first = slug(firstName) || 'contact';
    // Double surnames (García Pérez) write only the first one in e-mail addresses.
    const last = slug(country.code === 'ES' ? lastName.split(' ')[0]! : lastName) || 'x';
    const emails: EmailEntry[] = [];
    if (company && rng.chance(0.9)) {
      const local = rng.chance(0.7) ? `${first}.${last}` : rng.chance(0.5) ? `${first[0]}${last}` : first;
      emails.push({ address: uniqueEmail(local, company.domain), label: 'work' });
    }
    if (company ? rng.chance(0.2) : rng.chance(0.95)) {
      const r = rng.next();
      const local =
        r < 0.55
          ? `${first}.${last}`
          : r < 0.7
            ? `${first}${last}`
            : r < 0.85
              ? `${first[0]}.${last}`
              : `${first}.${last[0]}`;
      emails.push({ address: uniqueEmail(local, rng.pick(country.providers)), label: 'home' });
    }
    const phones: PhoneEntry[] = [];
    if (rng.chance(0.9)) phones.push({ number: rng.digits(rng.pick(country.mobile)), label: 'mobile' });
    if (company && rng.chance(0.4))
      phones.push({ number: rng.digits(rng.pick(country.landline)), label: 'work' });
    const addresses: AddressEntry[] = [];
    if (company && rng.chance(0.5)) addresses.push({ ...company.address, label: 'work' });
    else if (rng.chance(0.9)) addresses.push(address(country, 'home'));
    const { stage, relStage, customerSince } = stages();
    const tags = tagsOf(tagPool, 3);
    if (company && !tags.includes('b2b') && rng.chance(0.5)) tags.push('b2b');
    const created = dateWithin(3);
    const birthday = rng.chance(0.7) ? isoDate(now - (22 + rng.next() * 55) * YEAR) : null;
    const ownerId = company?.ownerId && rng.chance(0.8) ? company.ownerId : pickOwner();
    return copyLine([
      randomUUID(),
      copyText(firstName),
      copyText(lastName),
      copyJson(emails),
      copyJson(phones),
      copyJson(addresses),
      copyText(company?.id ?? null),
      copyText(
        company
          ? rng.chance(0.95)
            ? rng.pick(jobTitles)
            : null
          : rng.chance(0.25)
            ? rng.pick(jobTitles)
            : null,
      ),
      copyText(ownerId),
      copyArray(tags),
      stage,
      rng.weighted(relType),
      relStage,
      copyText(birthday),
      copyText(customerSince),
      rng.chance(0.9) ? country.language : 'en',
      rng.weighted(channel),
      copyText(rng.pick(sources)),
      copyText(rng.chance(0.05) ? rng.pick(notes) : null),
      new Date(created).toISOString(),
      new Date(created + rng.next() * (now - created) * 0.5).toISOString(),
    ]);
  }

  return { rng, now, owners, companies, companyLine: (i) => companyRows[i]!, contactLine };
}
