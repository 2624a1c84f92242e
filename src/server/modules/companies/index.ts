export { companiesRoutes } from './companies.routes.ts';
export { companies } from './companies.schema.ts';
export { createCompany, getCompany, listCompanies, purgeCompanyRecycleBin } from './companies.service.ts';
