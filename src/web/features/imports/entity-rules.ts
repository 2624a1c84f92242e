import {
  type ColumnMappingInput,
  type DuplicateRule,
  duplicateRules,
  type ImportEntity,
  type ImportMode,
  importModes,
  isPartyEntity,
  updatableEntities,
} from '../../../shared/imports.ts';

/**
 * What the wizard offers for each record type, mirroring what the server accepts (see `checkSettings` in
 * imports.service.ts): only contacts and companies get tags, a lifecycle stage and the similar-names search;
 * contacts, companies and deals an owner; orders and interactions are only created. (The default country
 * reads phone numbers and addresses: the options step offers it wherever the targets have those.)
 */

/** Matched rows can update the record (orders and interactions are only ever created). */
export const canUpdate = (entity: ImportEntity) => updatableEntities.includes(entity);

/** The modes the options step offers. */
export const modesOf = (entity: ImportEntity): readonly ImportMode[] =>
  canUpdate(entity) ? importModes : ['create'];

/**
 * What a row matching an existing record may do. A product's SKU is unique (a second one cannot be created);
 * a repeated order or interaction is always skipped.
 */
export function duplicateRulesOf(entity: ImportEntity): readonly DuplicateRule[] {
  if (!canUpdate(entity)) return ['skip'];
  if (entity === 'products') return ['skip', 'update'];
  return duplicateRules;
}

/** New records get the default owner (when no owner column is mapped). */
export const hasOwner = (entity: ImportEntity) => isPartyEntity(entity) || entity === 'deals';
/** Tags and a lifecycle stage: people and organisations only. */
export const hasPartyDefaults = (entity: ImportEntity) => isPartyEntity(entity);
/** "Also look for similar names at the same company". */
export const hasFuzzy = (entity: ImportEntity) => entity === 'contacts';

/** The list page of each record type; interactions live on the timelines of contacts and companies. */
const listPaths: Record<ImportEntity, string | null> = {
  contacts: '/contacts',
  companies: '/companies',
  deals: '/deals',
  products: '/products',
  orders: '/orders',
  interactions: null,
};
export const listPathOf = (entity: ImportEntity) => listPaths[entity];
export const recordPathOf = (entity: ImportEntity, id: string) => {
  const list = listPaths[entity];
  return list ? `${list}/${id}` : null;
};

/** A field group a mapping must fill: any one of its targets will do. */
export type Need = readonly string[];

/**
 * The fields every new record needs, by the target keys the server offers (`GET /imports/targets`) and the
 * checks of its importers (entities/*.ts): a deal names its contact or company, an order its number, date,
 * currency and customer and each line its item, quantity, price and tax rate; an interaction its channel,
 * date and who it was with. In update mode rows only change records: products and deals need nothing more
 * than the match key (the options step asks for that one).
 */
export function needsOf(entity: ImportEntity, mode: ImportMode): Need[] {
  switch (entity) {
    case 'contacts':
      return [['firstName', 'lastName', 'fullName', 'email']];
    case 'companies':
      return [['name']];
    case 'products':
      return mode === 'update' ? [] : [['sku'], ['name']];
    case 'deals':
      return mode === 'update' ? [] : [['title'], ['contactEmail', 'companyName', 'companyDomain']];
    case 'orders':
      return [
        ['externalId'],
        ['orderedAt'],
        ['currency'],
        ['email', 'phone'],
        ['sku', 'lineDescription'],
        ['quantity'],
        ['unitPrice'],
        ['taxRate'],
      ];
    case 'interactions':
      return [['channel'], ['occurredAt'], ['email', 'phone', 'companyName']];
  }
}

/**
 * What a mapping lacks (the groups of needed fields no column fills) and repeats (fields filled twice).
 * `offered` are the server's target keys (undefined while they load: nothing is reported missing yet); a
 * needed field the server does not offer is not asked for.
 */
export function mappingProblems(
  entity: ImportEntity,
  mode: ImportMode,
  mapping: ColumnMappingInput,
  offered?: readonly string[],
) {
  const used = mapping.map((m) => m.target);
  const missing = offered
    ? needsOf(entity, mode)
        .map((need) => need.filter((k) => offered.includes(k)))
        .filter((need) => need.length > 0 && !need.some((k) => used.includes(k)))
    : [];
  const twice = [...new Set(used.filter((x, i) => x !== 'tags' && used.indexOf(x) !== i))];
  return { missing, twice };
}
