import type { CompanyDto } from '../../../shared/companies.ts';
import { RecordDetails } from '../records/record-details.tsx';

/** The standard fields shown first, in this order (addresses, description and dates follow). */
const fields = [
  'domain',
  'website',
  'industry',
  'vatId',
  'customerGroup',
  'employees',
  'emails',
  'phones',
  'ownerId',
  'lifecycleStage',
  'relationshipType',
  'relationshipStage',
  'customerSince',
  'tags',
] as const;

export function CompanyDetails({ company }: { company: CompanyDto }) {
  return <RecordDetails kind="company" record={company} fields={fields} />;
}
