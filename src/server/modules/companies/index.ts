export { companiesRoutes } from './companies.routes.ts';
export { companies } from './companies.schema.ts';
export {
  countCompanies,
  createCompany,
  getCompany,
  listCompanies,
  purgeCompanyRecycleBin,
} from './companies.service.ts';
