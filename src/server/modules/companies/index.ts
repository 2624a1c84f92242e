export { companiesRoutes } from './companies.routes.ts';
export { createCompany, getCompany, listCompanies, purgeCompanyRecycleBin } from './companies.service.ts';
export { companies } from './companies.schema.ts';
