export { importFromCli } from './imports.cli.ts';
export { importsRoutes } from './imports.routes.ts';
export { importJob } from './imports.run.ts';
export { importErrors, importMappings, importRecords, imports } from './imports.schema.ts';
