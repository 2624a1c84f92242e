export { customFieldsRoutes } from './custom-fields.routes.ts';
export {
  checkUniqueCustom,
  customFieldDefs,
  customFieldSpecs,
  validateCustom,
} from './custom-fields.service.ts';
