export { contactsRoutes } from './contacts.routes.ts';
export { contacts } from './contacts.schema.ts';
export {
  countContacts,
  createContact,
  getContact,
  listContacts,
  purgeContactRecycleBin,
} from './contacts.service.ts';
