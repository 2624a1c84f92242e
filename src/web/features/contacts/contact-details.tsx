import type { ContactDto } from '../../../shared/contacts.ts';
import { RecordDetails } from '../records/record-details.tsx';

/** The standard fields shown first, in this order (addresses, description and dates follow). */
const fields = [
  'emails',
  'phones',
  'companyId',
  'jobTitle',
  'ownerId',
  'lifecycleStage',
  'relationshipType',
  'relationshipStage',
  'customerSince',
  'birthday',
  'language',
  'preferredChannel',
  'source',
  'customerGroup',
  'tags',
] as const;

export function ContactDetails({ contact }: { contact: ContactDto }) {
  return <RecordDetails kind="contact" record={contact} fields={fields} />;
}
