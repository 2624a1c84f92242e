export { contactLinks } from './gdpr.catalog.ts';
export { prepareSubjectExport, SUBJECT_FORMAT } from './gdpr.export.ts';
export { gdprRoutes } from './gdpr.routes.ts';
