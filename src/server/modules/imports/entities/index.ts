import type { ImportEntity } from '../../../../shared/imports.ts';
import { dealImporter } from './deals.ts';
import { interactionImporter } from './interactions.ts';
import { orderImporter } from './orders.ts';
import { productImporter } from './products.ts';
import type { RecordImporter } from './types.ts';

const importers: Partial<Record<ImportEntity, RecordImporter>> = {
  deals: dealImporter,
  interactions: interactionImporter,
  orders: orderImporter,
  products: productImporter,
};

/** The importer of a record type beyond people and companies (null for those: they have their own path). */
export const recordImporterOf = (entity: ImportEntity): RecordImporter | null => importers[entity] ?? null;
export type { RecordImporter } from './types.ts';
